#!/bin/sh
# Default scenario (runs in dom0). Step 1: the toolstack.
step() { echo "--- $* ($(cut -d' ' -f1 /proc/uptime)s)"; }
step "xl list"; xl list || exit 1
step "xl info"; xl info | grep -E 'xen_version|total_memory|free_memory|nr_cpus' || exit 1
