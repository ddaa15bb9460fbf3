#!/bin/sh
# Runs in dom0 (copied into the run share by xen-real-test): the toolstack, virtd, then the scenario.
# Results go to /xen-real/out (the host reads them there) and, marked, to the console.
. /xen-real/env
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
up() { cut -d' ' -f1 /proc/uptime; }
mark() { echo "MARK $* up=$(up)"; }
O=/xen-real/out; mkdir -p $O
ip link set lo up
# The launchers' AOT caches were trained on the host, whose CPU has AVX2; dom0's qemu64 has not, and the cached
# adapters and stubs SIGILL there. Classes still come from the cache.
export VIRTD_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching -XX:-AOTStubCaching"
mkdir -p /var/lib/xen /var/log/xen/console /var/lock
xenstored --pid-file /run/xenstored.pid; mark "xenstored rc=$?"
i=0; until xenstore-read / >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 300 ] && break; sleep 0.1; done
xen-init-dom0 >$O/xen-init-dom0.log 2>&1; mark "xen-init-dom0 rc=$?"
xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console; mark "xenconsoled rc=$?"
export GUEST_KERNEL=/xen-real/guest-vmlinuz GUEST_INITRD=/xen-real/guest.cpio.gz
export GUEST_CONSOLE_DIR=/var/log/xen/console VIRTD_REPO=$XEN_REAL_REPO
export PATH=$XEN_REAL_REPO/bin:$PATH
if [ "${XEN_REAL_VIRTD:-1}" = 1 ]; then
  mkdir -p /etc/virtd /run/libvirt
  cat > /etc/virtd/virtd.conf <<CONF
unix_sock_dir = "/run/libvirt"
xen_hypervisor = "native"
listen_tls = 0
listen_tcp = 0
CONF
  mark "virtd starting"
  "$XEN_REAL_REPO/bin/virtd" -f /etc/virtd/virtd.conf >$O/virtd.log 2>&1 &
  echo $! > /run/virtd-launcher.pid
  i=0; until [ -S /run/libvirt/libvirt-sock ]; do
    i=$((i+1)); if [ $i -gt "${XEN_REAL_VIRTD_WAIT:-1800}" ] || ! kill -0 $(cat /run/virtd-launcher.pid) 2>/dev/null; then break; fi
    sleep 0.1; done
  if [ -S /run/libvirt/libvirt-sock ]; then mark "virtd listening"; else mark "virtd NOT listening"; fi
fi
mark "scenario start"
echo "=== XEN-REAL SCENARIO BEGIN ==="
(cd /tmp && sh /xen-real/scenario.sh) >$O/scenario.out 2>&1
rc=$?
cat $O/scenario.out
echo "=== XEN-REAL SCENARIO END rc=$rc ==="
echo $rc > $O/scenario.rc
mark "scenario end rc=$rc"
cp /var/log/xen/console/* $O/ 2>/dev/null
[ -f /run/virtd-launcher.pid ] && kill $(cat /run/virtd-launcher.pid) 2>/dev/null
sync
