#!/bin/sh
# The PV guest's /init: say we reached userspace on the console, then power off unless `stay` was asked for.
mount -t proc proc /proc
echo "USERSPACE-READY uptime=$(cut -d' ' -f1 /proc/uptime) kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
cmdline=" $(cat /proc/cmdline) "
# `crash` panics the kernel: a PV kernel reports that to Xen as a crash (SHUTDOWN_crash).
case $cmdline in *" crash "*) echo "GUEST-CRASHING"; echo c > /proc/sysrq-trigger ;; esac
# `busy` spins for 60 s (CPU time that visibly grows) without starving dom0 for the whole run; `stay` alone keeps
# the guest idle. A xenbus shutdown request runs /sbin/poweroff (a script that powers off), a reboot request
# restarts the kernel by itself.
case $cmdline in *" busy "*)
  read u r < /proc/uptime; end=$(( ${u%.*} + 60 ))
  while read u r < /proc/uptime; [ "${u%.*}" -lt $end ]; do :; done ;; esac
case $cmdline in *" stay "*) while :; do sleep 3600; done ;; esac
poweroff -f
