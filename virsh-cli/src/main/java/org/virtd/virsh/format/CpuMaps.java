package org.virtd.virsh.format;

import java.util.BitSet;

/** CPU maps as virsh prints them: libvirt's bitmap format ("0-3,5,7-8") and the y/- strings. */
public final class CpuMaps {
    private CpuMaps() {
    }

    /** libvirt's virBitmapFormat: set bits as ranges, "" when none is set. */
    public static String ranges(BitSet set) {
        StringBuilder b = new StringBuilder();
        for (int start = set.nextSetBit(0); start >= 0; ) {
            int end = set.nextClearBit(start) - 1;
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(start);
            if (end > start) {
                b.append('-').append(end);
            }
            start = set.nextSetBit(end + 1);
        }
        return b.toString();
    }

    /** The bits of {@code map} from byte {@code offset}, host CPU n being bit n % 8 of byte n / 8. */
    public static BitSet bits(byte[] map, int offset, int bits) {
        BitSet set = new BitSet();
        for (int cpu = 0; cpu < bits; cpu++) {
            int i = offset + cpu / 8;
            if (i < map.length && (map[i] & (1 << (cpu % 8))) != 0) {
                set.set(cpu);
            }
        }
        return set;
    }

    /** virsh's plain form: 'y' for each set bit of the first {@code bits}, '-' for the others. */
    public static String flags(BitSet set, int bits) {
        StringBuilder b = new StringBuilder(bits);
        for (int cpu = 0; cpu < bits; cpu++) {
            b.append(set.get(cpu) ? 'y' : '-');
        }
        return b.toString();
    }
}
