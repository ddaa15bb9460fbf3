#!/bin/sh
# The test guest's /init: a busybox userspace on the serial console (ttyS0).
#  - prints USERSPACE-READY once userspace runs (tests and the benchmark wait for it);
#  - the ACPI power button (virsh shutdown, QEMU's system_powerdown) powers it off cleanly: the cloud kernel has
#    the button driver as a module, busybox acpid reads its input events and runs /etc/acpi/PWRF/00000080;
#  - an interactive shell stays on the console (virsh console reaches it), started again when it exits;
#  - the virtio balloon and pvpanic drivers are loaded: the host can resize its memory and hears of a panic;
#  - kernel command line words: `poweroff` powers off right after USERSPACE-READY, `crash` panics the kernel.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in /lib/modules/*.ko; do insmod "$m" 2>/dev/null; done
echo "USERSPACE-READY uptime=$(cut -d' ' -f1 /proc/uptime) kernel=$(uname -r)"
case " $(cat /proc/cmdline) " in
  *" poweroff "*) poweroff -f ;;
  *" crash "*) echo c > /proc/sysrq-trigger ;;
esac
mkdir -p /etc/acpi/PWRF
printf '#!/bin/sh\necho ACPI-POWER-BUTTON\nsync\npoweroff -f\n' > /etc/acpi/PWRF/00000080
chmod +x /etc/acpi/PWRF/00000080
acpid -c /etc/acpi -l /dev/null
while :; do setsid cttyhack sh; done
