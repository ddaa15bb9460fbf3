#!/bin/sh
# The PV guest's /init: say we reached userspace on the console, then power off unless `stay` was asked for.
mount -t proc proc /proc
echo "USERSPACE-READY uptime=$(cut -d' ' -f1 /proc/uptime) kernel=$(uname -r)"
case " $(cat /proc/cmdline) " in *" stay "*) while :; do sleep 3600; done ;; esac
poweroff -f
