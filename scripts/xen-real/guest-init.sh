#!/bin/sh
# The PV guest's /init: say we reached userspace on the console, then power off unless `stay` was asked for.
mount -t proc proc /proc
echo "USERSPACE-READY uptime=$(cut -d' ' -f1 /proc/uptime) kernel=$(uname -r)"
# `busy` keeps the vCPU running (CPU time that visibly grows), `stay` alone keeps the guest idle.
case " $(cat /proc/cmdline) " in *" busy "*) while :; do :; done ;; esac
case " $(cat /proc/cmdline) " in *" stay "*) while :; do sleep 3600; done ;; esac
poweroff -f
