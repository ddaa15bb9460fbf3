package org.virtd.virsh.command.monitor;

/** PCI address attributes as libvirt reads them ({@code strtoul} base 0: {@code 0x} hex, leading 0 octal). */
final class PciNumbers {
    private PciNumbers() {
    }

    static Long parse(String s) {
        String t = s.strip();
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        try {
            long v = Long.parseLong(t, radix);
            return v < 0 || v > 0xFFFF_FFFFL ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
