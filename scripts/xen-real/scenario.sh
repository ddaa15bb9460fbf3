#!/bin/sh
# The project's default scenario, run in dom0 by xen-real-test with virtd already listening (issue 8's acceptance).
# Environment: GUEST_KERNEL, GUEST_INITRD (paths in dom0), GUEST_CONSOLE_DIR (xenconsoled's guest logs).
# Debian's real virsh (/usr/bin/virsh, C, well under a second a call) drives it; this checkout's bin/virsh (a JVM,
# 12-40 s a call under TCG) runs once, batched. Every step runs even when an earlier one failed; the exit status
# counts the failed steps. After every step that changes a domain, `xl list` and `virsh list --all` must agree.
URI=xen:///system
POOL=/var/lib/virtd/xen/domains
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
rv() { /usr/bin/virsh -c $URI "$@"; }
waitfor() { # FILE TEXT SECONDS
  i=0; until grep -q "$2" "$1" 2>/dev/null; do i=$((i+1)); [ $i -gt $(($3*10)) ] && return 1; sleep 0.1; done
  grep "$2" "$1"; }
# waitcount FILE TEXT N SECONDS: until TEXT occurs at least N times in FILE (a guest's console log keeps every boot).
waitcount() {
  i=0; until [ "$(grep -c "$2" "$1" 2>/dev/null)" -ge "$3" ]; do i=$((i+1)); [ $i -gt $(($4*10)) ] && { grep "$2" "$1"; return 1; }; sleep 0.1; done
  grep "$2" "$1"; }
# state NAME EXPECTED [SECONDS]: virsh's `domstate --reason` reaches EXPECTED (e.g. "shut off (shutdown)").
state() {
  i=0; until [ "$(rv domstate $1 --reason 2>&1 | head -1)" = "$2" ]; do i=$((i+1)); [ $i -gt ${3:-60} ] && { rv domstate $1 --reason; return 1; }; sleep 1; done
  echo "$1: $2"; }
domid() { rv domid $1 2>/dev/null | head -1; }
xlid() { xl list 2>/dev/null | awk -v n="$1" '$1==n{print $2}'; }

# The domains Xen runs, as "name id state" with state running or paused, from `xl list` and from virsh's list.
# Dying/shut-down/crashed domains (xl's s, c, d) are transient: virtd reaps them, so the check retries.
xlset() { xl list | awk 'NR>1 && NF{s=$5; st=(s ~ /p/ ? "paused" : (s ~ /[scd]/ ? "going" : "running")); print $1, $2, st}' | sort; }
vset() { rv list --all | awk 'NR>2 && NF{s=$3; for(i=4;i<=NF;i++) s=s" "$i; if (s!="shut off") print $2, $1, (s=="paused" ? "paused" : "running")}' | sort; }
agree() {
  i=0
  while :; do
    xlset > /tmp/agree.xl; vset > /tmp/agree.v
    if cmp -s /tmp/agree.xl /tmp/agree.v && grep -q '^Domain-0 0 running$' /tmp/agree.v; then
      echo "xl and virsh agree: $(tr '\n' ';' < /tmp/agree.v)"; return 0; fi
    i=$((i+1)); [ $i -gt 10 ] && break; sleep 1
  done
  echo "MISMATCH"; echo "xl list:"; xl list; echo "virsh list --all:"; rv list --all
  diff /tmp/agree.xl /tmp/agree.v; return 1
}
check() { step "$1" "$@"; }  # check NAME: a step that is a function of the same name, e.g. check agree
agreeafter() { step "agree-$1" agree; }

# pv1: stays up (idle after 60 s of spinning), with a fixed UUID so that it can be redefined; 2 vCPUs possible.
UUID1=6b9d3a2e-7f1c-4c5e-9a0b-1d2e3f405161
guestxml() { # NAME UUID CMDLINE [MEM_MIB]
  cat <<XML
<domain type='xen'>
  <name>$1</name>
  <uuid>$2</uuid>
  <memory unit='MiB'>${4:-192}</memory>
  <vcpu current='1'>2</vcpu>
  <os>
    <type arch='x86_64' machine='xenpv'>linux</type>
    <kernel>$GUEST_KERNEL</kernel>
    <initrd>$GUEST_INITRD</initrd>
    <cmdline>console=hvc0 quiet $3</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
</domain>
XML
}
guestxml pv1 $UUID1 "stay busy" > /tmp/pv1.xml
guestxml pv1 $UUID1 "" > /tmp/pv1-off.xml
CON1=$GUEST_CONSOLE_DIR/guest-pv1.log

# --- the host as the real hypervisor shows it
step xl-list xl list
step xl-info sh -c "xl info | grep -E '^(xen_version|nr_cpus|total_memory|free_memory)'"
version() { rv version; rv version | grep -q 'Running hypervisor: Xen 4\.17'; }
check version
nodeinfo() { # CPUs as Xen counts them, memory within 1% of xl info's total
  rv nodeinfo || return 1
  cpus=$(rv nodeinfo | awk -F: '/^CPU\(s\)/{gsub(/ /,"",$2); print $2}')
  kib=$(rv nodeinfo | awk '/^Memory size/{print $3}')
  xcpus=$(xl info | awk '$1=="nr_cpus"{print $3}'); xmib=$(xl info | awk '$1=="total_memory"{print $3}')
  echo "virsh: $cpus CPUs $kib KiB; xl info: $xcpus CPUs $xmib MiB"
  [ "$cpus" = "$xcpus" ] && awk -v k="$kib" -v m="$xmib" 'BEGIN{d=k/1024-m; if(d<0)d=-d; exit !(m>0 && d<=m/100)}'; }
check nodeinfo
capabilities() {
  rv capabilities > /tmp/caps.xml || return 1
  grep -E '<os_type>|<domain type|<arch |machine>' /tmp/caps.xml | sort | uniq -c
  grep -q '<os_type>xen</os_type>' /tmp/caps.xml && grep -q "<domain type='xen'" /tmp/caps.xml \
    && ! grep -qi simulated /tmp/caps.xml; }
check capabilities
agreeafter start

# --- define, start, userspace, dominfo, suspend/resume, destroy
step define rv define /tmp/pv1.xml
listall() { rv list --all; rv list --all | grep -q ' Domain-0 .*running' && rv list --all | grep -qE ' pv1 +shut off'; }
check listall
poolfiles() { ls $POOL/$UUID1/ && cat $POOL/$UUID1/config.sxp && echo && grep -q "(name 'pv1')" $POOL/$UUID1/config.sxp; }
step pool-after-define poolfiles
step start rv start pv1
step userspace waitcount $CON1 USERSPACE-READY 1 90
# While the guest still spins (`busy`, its first 60 s).
cputime() { rv dominfo pv1 | awk '/CPU time/{sub("s","",$3); print $3}'; }
cpugrows() { a=$(cputime); sleep 3; b=$(cputime); echo "CPU time $a -> $b"; awk -v a="$a" -v b="$b" 'BEGIN{exit !(b>a)}'; }
check cpugrows
agreeafter started
ID1=$(domid pv1)
dominfo() { # used memory is what Xen gives the domain (xl list's Mem, MiB), within 2%
  rv dominfo pv1 || return 1
  used=$(rv dominfo pv1 | awk '/^Used memory/{print $3}'); mib=$(xl list pv1 | awk 'NR==2{print $3}')
  echo "virsh used $used KiB; xl list $mib MiB"
  rv dominfo pv1 | grep -qx 'State: *running' \
    && awk -v k="$used" -v m="$mib" 'BEGIN{d=k/1024-m; if(d<0)d=-d; exit !(m>=150 && d<=m/50)}'; }
check dominfo
step suspend rv suspend pv1
paused() { state pv1 "paused (user)" 5 && xl list pv1 | grep -q -- '--p--'; }
check paused
agreeafter suspend
step resume rv resume pv1
step running-after-resume state pv1 "running (unpaused)" 5
agreeafter resume

# --- balloon: the live target reaches xenstore and, as the guest gives memory back, xl's Mem column
step setmem rv setmem pv1 160M --live
target() { tg=$(xenstore-read /local/domain/$(xlid pv1)/memory/target); echo "memory/target $tg"; [ "$tg" = 163840 ]; }
check target
ballooned() {
  i=0; until [ "$(xl list pv1 | awk 'NR==2{print $3}')" -le 165 ] 2>/dev/null; do i=$((i+1)); [ $i -gt 30 ] && break; sleep 1; done
  xl list pv1; rv dominfo pv1 | grep memory; [ "$(xl list pv1 | awk 'NR==2{print $3}')" -le 165 ]; }
check ballooned

# --- reboot: on_reboot=restart, so virtd starts it again with a new domain id
step reboot rv reboot pv1
rebooted() {
  i=0; until [ -n "$(domid pv1)" ] && [ "$(domid pv1)" != "-" ] && [ "$(domid pv1)" != "$ID1" ]; do
    i=$((i+1)); [ $i -gt 60 ] && { echo "domid still $(domid pv1) (was $ID1)"; return 1; }; sleep 1; done
  echo "domain id $ID1 -> $(domid pv1), xl: $(xlid pv1)"; [ "$(xlid pv1)" = "$(domid pv1)" ]; }
check rebooted
step userspace-after-reboot waitcount $CON1 USERSPACE-READY 2 90
agreeafter reboot

# --- shutdown request: the guest's kernel runs /sbin/poweroff, virtd reports why it stopped
step shutdown rv shutdown pv1
step shutdown-reported state pv1 "shut off (shutdown)" 60
agreeafter shutdown

# --- destroy, then start again
step start-2 rv start pv1
step userspace-2 waitcount $CON1 USERSPACE-READY 3 90
agreeafter start-2
step destroy rv destroy pv1
step destroy-reported state pv1 "shut off (destroyed)" 10
agreeafter destroy

# --- vCPUs for the next boot; a redefinition without `stay`: started again, the guest powers itself off
step setvcpus-config rv setvcpus pv1 2 --config
vcpuconfig() { rv vcpucount pv1; [ "$(rv vcpucount pv1 --config --current)" = 2 ]; }
check vcpuconfig
redefine() { # keeps the configured vCPUs
  sed "s/<vcpu current='1'>/<vcpu current='2'>/" /tmp/pv1-off.xml > /tmp/pv1-off2.xml && rv define /tmp/pv1-off2.xml \
    && grep -q "(vcpus 2)" $POOL/$UUID1/config.sxp && ! grep -q ' stay' $POOL/$UUID1/config.sxp; }
step redefine redefine
step start-again rv start pv1
# libxl marks the vCPUs the guest may bring up in xenstore; the guest's kernel then counts them (its console line).
vcpus2() { rv vcpucount pv1; a=$(xenstore-read /local/domain/$(xlid pv1)/cpu/1/availability); echo "cpu/1/availability $a"; [ "$a" = online ]; }
step start-again-vcpus vcpus2
step userspace-again waitcount $CON1 USERSPACE-READY 4 90
guestcpus() { tail_=$(grep USERSPACE-READY $CON1 | tail -1); echo "$tail_"; case "$tail_" in *" cpus=2"*) ;; *) return 1 ;; esac; }
step guest-sees-2-cpus guestcpus
step self-poweroff-reported state pv1 "shut off (shutdown)" 60
agreeafter self-poweroff
step undefine rv undefine pv1
poolgone() { ls $POOL/; [ ! -e $POOL/$UUID1 ]; }
step pool-after-undefine poolgone
agreeafter undefine

# --- a crash with on_crash=destroy
UUID2=6b9d3a2e-7f1c-4c5e-9a0b-1d2e3f405162
guestxml pvcrash $UUID2 crash > /tmp/pvcrash.xml
step crash-define rv define /tmp/pvcrash.xml
step crash-start rv start pvcrash
step crash-reported state pvcrash "shut off (crashed)" 90
agreeafter crash
step crash-undefine rv undefine pvcrash

# --- too large for Xen's free memory: a clear error, nothing left behind
UUID3=6b9d3a2e-7f1c-4c5e-9a0b-1d2e3f405163
guestxml pvbig $UUID3 stay 8192 > /tmp/pvbig.xml
step big-define rv define /tmp/pvbig.xml
toobig() { ! rv start pvbig; }
check toobig
bigoff() { rv domstate pvbig; [ "$(rv domstate pvbig | head -1)" = "shut off" ]; }
step big-state bigoff
step big-no-leak sh -c "xl list; ! xl list | grep -q '^pvbig '"
agreeafter big
step big-undefine rv undefine pvbig

# --- this checkout's virsh, once (a JVM per call is slow under TCG)
ours() { out=$(virsh -c $URI "version; nodeinfo; list --all" 2>/dev/null); echo "$out"; echo "$out" | grep -q 'Running hypervisor: Xen 4\.17' && echo "$out" | grep -q ' Domain-0 .*running'; }
check ours
step list-end rv list --all
echo "=== failed steps: $failed:$failures"
exit $failed
