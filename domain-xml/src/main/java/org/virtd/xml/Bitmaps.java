package org.virtd.xml;

import java.util.BitSet;

/**
 * libvirt's CPU/thread list syntax ({@code 0-3,^2,8}) for vcpu, iothread and cpuset attributes: read into a bit set
 * and written back the way libvirt writes its bitmaps (ascending, runs as {@code a-b}, comma separated).
 */
public final class Bitmaps {
    /** libvirt's limit on a domain's CPU bitmaps (bits). */
    public static final int CPUMASK_LEN = 16384;

    private Bitmaps() {
    }

    /**
     * Reads a list; whitespace is allowed around numbers, {@code ^N} removes a number set earlier.
     *
     * @return the bits, or null when the text is not a valid list or names a bit at or past {@code limit}
     */
    public static BitSet parse(String s, int limit) {
        if (s == null) {
            return null;
        }
        BitSet bits = new BitSet();
        int[] pos = {skipSpaces(s, 0)};
        if (pos[0] == s.length()) {
            return null;
        }
        while (pos[0] < s.length()) {
            boolean neg = false;
            if (s.charAt(pos[0]) == '^') {
                neg = true;
                pos[0]++;
            }
            if (pos[0] >= s.length() || !isDigit(s.charAt(pos[0]))) {
                return null;
            }
            long start = number(s, pos);
            if (start < 0) {
                return null;
            }
            pos[0] = skipSpaces(s, pos[0]);
            if (pos[0] == s.length() || s.charAt(pos[0]) == ',') {
                if (start >= limit) {
                    return null;
                }
                bits.set((int) start, !neg);
            } else if (s.charAt(pos[0]) == '-') {
                if (neg) {
                    return null;
                }
                pos[0] = skipSpaces(s, pos[0] + 1);
                long last = number(s, pos);
                if (last < start || last >= limit) {
                    return null;
                }
                bits.set((int) start, (int) last + 1);
                pos[0] = skipSpaces(s, pos[0]);
            }
            if (pos[0] == s.length()) {
                break;
            }
            if (s.charAt(pos[0]) != ',') {
                return null;
            }
            pos[0] = skipSpaces(s, pos[0] + 1);
        }
        return bits;
    }

    /** libvirt's text of a bitmap; empty for an empty one. */
    public static String format(BitSet bits) {
        StringBuilder sb = new StringBuilder();
        int start = bits.nextSetBit(0);
        while (start >= 0) {
            int end = bits.nextClearBit(start) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    /** A decimal number at pos (optional sign, as strtol reads it), advancing pos; -1 if there is none. */
    private static long number(String s, int[] pos) {
        int i = pos[0];
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        while (i < s.length() && isDigit(s.charAt(i))) {
            v = Math.min(v * 10 + (s.charAt(i) - '0'), Integer.MAX_VALUE + 1L);
            i++;
        }
        if (i == digits || v > Integer.MAX_VALUE || negative) {
            return -1;
        }
        pos[0] = i;
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
