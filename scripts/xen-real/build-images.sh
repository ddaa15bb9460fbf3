#!/usr/bin/env bash
# Builds the two initramfs images from the unpacked packages in the cache (see fetch.sh):
#   $C/dom0.cpio.gz   dom0: busybox, Xen's modules, xenstored/xen-init-dom0/xenconsoled/xl, the Xen libraries and
#                     the glibc closure of them and of the JDK (the JDK itself and the repository come over 9p)
#   $C/guest.cpio.gz  the PV guest: busybox and an init that prints USERSPACE-READY, then powers off unless
#                     `stay` is on its kernel command line
# Usage: build-images.sh JDK_HOME
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
C=${XEN_REAL_CACHE:-/var/tmp/virtd-xen-real}
JDK=${1:?JDK home}
read -r DOM0_KPKG GUEST_KPKG < "$C/kernel-packages"
KV=${DOM0_KPKG#linux-image-}
KM=$C/x/$DOM0_KPKG/lib/modules/$KV/kernel
BB=$C/x/busybox-static/bin/busybox
XU=$C/x/xen-utils-4.17/usr/lib/xen-4.17
XLIBS=$(ls -d "$C"/x/lib*/usr/lib/x86_64-linux-gnu | paste -sd:)

R=$C/dom0rd; rm -rf "$R"
mkdir -p "$R"/{bin,dev,proc,sys,tmp,run,etc/xen,root,lib/modules,lib/x86_64-linux-gnu,lib64,usr/lib/xen-4.17/bin,usr/bin,var/lib/xen,var/log/xen/console,var/lock}
ln -s ../run "$R/var/run"; ln -s ../lib "$R/usr/lib64"; ln -s bin "$R/sbin"; ln -s ../bin "$R/usr/sbin"
ln -s ../../lib/x86_64-linux-gnu "$R/usr/lib/x86_64-linux-gnu"
cp "$BB" "$R/bin/busybox"
for a in $("$BB" --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done
for b in xl xenstored xenconsoled xenconsole xen-init-dom0 libxl-save-helper xenstore-control; do cp "$XU/bin/$b" "$R/usr/lib/xen-4.17/bin/"; done
for b in "$C"/x/xenstore-utils/usr/bin/*; do cp -a "$b" "$R/usr/bin/"; done
# Debian's real virsh (libvirt-clients 9.0, which the project's machines have installed) with its libraries
# from the host, so a scenario can compare it with ours (VIRSH=/usr/bin/virsh).
realvirsh=""; [ -x /usr/bin/virsh ] && { cp /usr/bin/virsh "$R/usr/bin/virsh"; realvirsh=/usr/bin/virsh; }
# The project's launchers (bin/virtd, bin/virsh) are bash scripts.
rm -f "$R/bin/bash"; cp /bin/bash "$R/bin/bash"; ln -s ../../bin/busybox "$R/usr/bin/env"
# The Xen libraries from the packages (same release as the tools), with their soname links.
for d in $(echo "$XLIBS" | tr : ' '); do cp -a "$d"/*.so.* "$R/lib/x86_64-linux-gnu/"; done
# Everything else those binaries and the JVM load (glibc, zlib, ...) comes from the host, which is Debian 12 too.
bins="$realvirsh $R/bin/bash $R/usr/lib/xen-4.17/bin/* $R/usr/bin/xenstore $R/lib/x86_64-linux-gnu/*.so.* $JDK/bin/java $JDK/lib/server/libjvm.so $JDK/lib/*.so"
missing=$( (for f in $bins; do [ -L "$f" ] || LD_LIBRARY_PATH=$XLIBS:$JDK/lib/server:$JDK/lib ldd "$f" 2>/dev/null; done) | awk '/not found/{print $1}' | sort -u)
[ -z "$missing" ] || { echo "xen-real: libraries not found for dom0: $missing" >&2; exit 1; }
for l in $( (for f in $bins; do [ -L "$f" ] || LD_LIBRARY_PATH=$XLIBS:$JDK/lib/server:$JDK/lib ldd "$f" 2>/dev/null; done) | awk '/=> \//{print $3}' | sort -u) \
         /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libgcc_s.so.1; do
  case "$l" in "$C"/*|"$JDK"/*) continue ;; esac
  [ -e "$R/lib/x86_64-linux-gnu/$(basename "$l")" ] || cp -L "$l" "$R/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$R/lib64/"
# Modules, flat; dom0's init loads them with insmod in dependency order (no depmod/modprobe here).
for m in drivers/xen/xen-evtchn drivers/xen/xen-privcmd drivers/xen/xen-gntdev drivers/xen/xen-gntalloc drivers/xen/xenfs/xenfs \
         drivers/virtio/virtio drivers/virtio/virtio_ring drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev \
         drivers/virtio/virtio_pci net/9p/9pnet net/9p/9pnet_virtio fs/netfs/netfs fs/fscache/fscache fs/9p/9p; do
  cp "$KM/$m.ko" "$R/lib/modules/"
done
echo "root:x:0:0:root:/root:/bin/sh" > "$R/etc/passwd"; echo "root:x:0:" > "$R/etc/group"
printf 'hosts: files\npasswd: files\ngroup: files\n' > "$R/etc/nsswitch.conf"
echo "127.0.0.1 localhost dom0" > "$R/etc/hosts"
: > "$R/etc/xen/xl.conf"  # xl only warns without it, but on every call
cp "$here/dom0-init.sh" "$R/init"; chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1 > "$C/dom0.cpio.gz.tmp") && mv "$C/dom0.cpio.gz.tmp" "$C/dom0.cpio.gz"

G=$C/guestrd; rm -rf "$G"; mkdir -p "$G"/{bin,dev,proc,sys}
cp "$BB" "$G/bin/busybox"; for a in sh mount cat echo sleep poweroff grep uname cut; do ln -s busybox "$G/bin/$a"; done
cp "$here/guest-init.sh" "$G/init"; chmod +x "$G/init"
# The kernel's Xen shutdown handler runs /sbin/poweroff as a user-mode helper when dom0 asks for a power-off: there
# is no init system here to hand a signal to, so it powers off at once.
mkdir -p "$G/sbin"; printf '#!/bin/sh\nexec /bin/busybox poweroff -f\n' > "$G/sbin/poweroff"; chmod +x "$G/sbin/poweroff"
(cd "$G" && find . | cpio -o -H newc --quiet | gzip -1 > "$C/guest.cpio.gz.tmp") && mv "$C/guest.cpio.gz.tmp" "$C/guest.cpio.gz"
cp "$C/x/$GUEST_KPKG/boot/vmlinuz-${GUEST_KPKG#linux-image-}" "$C/guest-vmlinuz"
