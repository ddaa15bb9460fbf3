package org.virtd.virsh.format;

import java.util.Locale;

/** virsh's vshPrettyCapacity: a byte count in the largest binary unit below it, printed as {@code %-.3lf UNIT}. */
public final class Capacity {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Capacity() {
    }

    /** {@code value} (unsigned) as "12.500 MiB". */
    public static String pretty(long value) {
        double v = value >= 0 ? value : Double.parseDouble(Long.toUnsignedString(value));
        double limit = 1024;
        int unit = 0;
        while (unit < UNITS.length - 1 && v >= limit) {
            limit *= 1024;
            unit++;
        }
        double scaled = unit == 0 ? v : v / (limit / 1024);
        return String.format(Locale.ROOT, "%.3f %s", scaled, UNITS[unit]);
    }
}
