#!/bin/sh
# The project's default scenario, run in dom0 by xen-real-test with virtd already listening.
# Environment: GUEST_KERNEL, GUEST_INITRD (paths in dom0), GUEST_CONSOLE_DIR (xenconsoled's guest logs),
# VIRSH (default: `virsh` on PATH, which is this checkout's bin/virsh). Every step runs even when an earlier
# one failed; the exit status counts the failed steps.
VIRSH=${VIRSH:-virsh}
URI=xen:///system
failed=0; failures=""
up() { cut -d' ' -f1 /proc/uptime; }
# step NAME CMD...: runs CMD, prints its output, status and duration.
step() {
  name=$1; shift
  t=$(up); echo "--- $name: $*"
  "$@"; rc=$?
  echo "--- $name: rc=$rc ($(echo "$(up) $t" | awk '{printf "%.1f", $1-$2}')s)"
  [ $rc = 0 ] || { failed=$((failed+1)); failures="$failures $name"; }
  return $rc
}
v() { $VIRSH -c $URI "$@"; }
waitfor() { # FILE TEXT SECONDS
  i=0; until grep -q "$2" "$1" 2>/dev/null; do i=$((i+1)); [ $i -gt $(($3*10)) ] && return 1; sleep 0.1; done
  grep "$2" "$1"; }

cat > /tmp/pv1.xml <<XML
<domain type='xen'>
  <name>pv1</name>
  <memory unit='MiB'>192</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='xenpv'>linux</type>
    <kernel>$GUEST_KERNEL</kernel>
    <initrd>$GUEST_INITRD</initrd>
    <cmdline>console=hvc0 quiet stay</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
</domain>
XML
# Each virsh start costs about a minute of JVM start-up under TCG: commands are batched (virsh's "a; b" form).
step xl-list xl list
step virsh-1 v "nodeinfo; capabilities; list --all; define /tmp/pv1.xml; start pv1"
xl list | grep -q '^pv1 ' && started=1
[ -n "${started:-}" ] && step guest-userspace waitfor $GUEST_CONSOLE_DIR/guest-pv1.log USERSPACE-READY 90
step xl-list-running xl list
step virsh-2 v "dominfo pv1; list --all; destroy pv1; list --all"
step xl-list-destroyed xl list
step virsh-3 v "undefine pv1; list --all"

# Debian's real virsh (libvirt-clients 9.0) against virtd: a guest that powers itself off must be reaped and
# reported shut off. The C client starts in well under a second, so it can poll.
if [ -x /usr/bin/virsh ]; then
  rv() { /usr/bin/virsh -c $URI "$@"; }
  sed -e 's/<name>pv1</<name>pv2</' -e 's/ stay</</' /tmp/pv1.xml > /tmp/pv2.xml
  step real-version rv version
  step real-nodeinfo rv nodeinfo
  step real-list-all rv list --all
  step real-define rv define /tmp/pv2.xml
  step real-start rv start pv2
  step real-guest-userspace waitfor $GUEST_CONSOLE_DIR/guest-pv2.log USERSPACE-READY 90
  poweredoff() { i=0; until [ "$(rv domstate pv2 2>&1)" = "shut off" ]; do i=$((i+1)); [ $i -gt 60 ] && return 1; sleep 1; done; rv domstate pv2 --reason; }
  step real-self-poweroff-reported poweredoff
  step real-xl-list xl list
  step real-list-after rv list --all
  pool() { u=$(rv domuuid pv2 | head -1); ls /var/lib/virtd/xen/domains/$u/ && cat /var/lib/virtd/xen/domains/$u/config.sxp; echo; }
  step real-pool-files pool
  step real-undefine rv undefine pv2
  # A guest that stays up and spins: CPU time grows, suspend/resume agree with xl.
  sed -e 's/<name>pv1</<name>pv3</' -e 's/ stay</ stay busy</' /tmp/pv1.xml > /tmp/pv3.xml
  step real-define-stay rv define /tmp/pv3.xml
  step real-start-stay rv start pv3
  step real-guest3-userspace waitfor $GUEST_CONSOLE_DIR/guest-pv3.log USERSPACE-READY 90
  cputime() { rv dominfo pv3 | awk '/CPU time/{sub("s","",$3); print $3}'; }
  grows() { a=$(cputime); sleep 3; b=$(cputime); echo "CPU time $a -> $b"; awk -v a="$a" -v b="$b" 'BEGIN{exit !(b>a)}'; }
  step real-cputime-grows grows
  step real-dominfo rv dominfo pv3
  step real-suspend rv suspend pv3
  paused() { rv domstate pv3; xl list pv3; [ "$(rv domstate pv3 | head -1)" = paused ] && xl list pv3 | grep -q -- '--p--'; }
  step real-paused-agrees paused
  step real-resume rv resume pv3
  step real-running-after-resume sh -c "/usr/bin/virsh -c $URI domstate pv3 | grep -qx running"
  step real-destroy-stay rv destroy pv3
  step real-xl-list-after-destroy sh -c "xl list; ! xl list | grep -q '^pv3 '"
  step real-undefine-stay rv undefine pv3
  # Too large for Xen's free memory: a clear error, nothing left behind.
  sed -e 's/<name>pv1</<name>pvbig</' -e "s/<memory unit='MiB'>192</<memory unit='MiB'>8192</" /tmp/pv1.xml > /tmp/pvbig.xml
  step real-define-big rv define /tmp/pvbig.xml
  toobig() { ! rv start pvbig; }
  step real-start-big-fails toobig
  step real-big-no-leak sh -c "xl list; ! xl list | grep -q '^pvbig '; /usr/bin/virsh -c $URI domstate pvbig | grep -qx 'shut off'"
  step real-undefine-big rv undefine pvbig
  step real-list-end rv list --all
fi
echo "=== failed steps: $failed:$failures"
exit $failed
