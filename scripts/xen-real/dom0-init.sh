#!/bin/sh
# dom0's /init: mounts, Xen + virtio-9p modules, xenfs, the 9p shares, then /xen-real/dom0-run.sh from the run
# share (so changing what dom0 does needs no new initramfs), then power off: Xen then stops QEMU.
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs -o size=256m tmpfs /dev/shm
mount -t tmpfs -o mode=0755 tmpfs /run; mkdir -p /run/xen /run/xenstored /run/lock
up() { cut -d' ' -f1 /proc/uptime; }
echo "MARK dom0-userspace up=$(up)"
# Order matters: virtio_ring before virtio (virtio_break_device), netfs/fscache before 9p.
for m in xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs virtio_ring virtio virtio_pci_modern_dev \
         virtio_pci_legacy_dev virtio_pci 9pnet 9pnet_virtio netfs fscache 9p; do
  insmod /lib/modules/$m.ko || echo "MARK insmod $m failed"
done
mount -t xenfs xenfs /proc/xen
i=0; until grep -qs run /sys/bus/virtio/drivers/9pnet_virtio/*/mount_tag || [ $i -gt 100 ]; do sleep 0.1; i=$((i+1)); done
# Shares: the run directory (rw), and the repository and the JDK at their host paths, so the launchers' class
# paths and the JDK cache file stay valid.
o=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /xen-real; mount -t 9p -o $o,cache=none run /xen-real || echo "MARK 9p run mount failed"
. /xen-real/env
mkdir -p "$XEN_REAL_REPO" "$XEN_REAL_JDK"
mount -t 9p -o $o,cache=loose,ro repo "$XEN_REAL_REPO" || echo "MARK 9p repo mount failed"
mount -t 9p -o $o,cache=loose,ro jdk "$XEN_REAL_JDK" || echo "MARK 9p jdk mount failed"
echo "MARK dom0-mounts up=$(up)"
if [ -f /xen-real/dom0-run.sh ]; then sh /xen-real/dom0-run.sh; else echo "MARK no /xen-real/dom0-run.sh"; fi
echo "MARK dom0-done up=$(up)"
sync; umount /xen-real 2>/dev/null
poweroff -f
