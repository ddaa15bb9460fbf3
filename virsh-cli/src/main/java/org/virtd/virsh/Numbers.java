package org.virtd.virsh;

import java.math.BigInteger;

/**
 * C's {@code strtol} family the way libvirt's {@code virStrToLong_*} wrappers use it (leading blanks and a sign
 * accepted, base 10), so virsh's numeric options accept and reject exactly the same strings.
 */
public final class Numbers {
    private static final BigInteger ULLONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Numbers() {
    }

    /** The prefix {@code strtoull}/{@code strtol} consumed: its value, where it ended, and whether it had a '-'. */
    record Prefix(BigInteger value, int end, boolean minus) {
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    /** Scans a number; null when no digit was found (C's {@code p == s}). */
    static Prefix scan(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean minus = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            minus = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            return null;
        }
        return new Prefix(new BigInteger(s.substring(digits, i)), i, minus);
    }

    /**
     * {@code virStrToLong_i} with base 0, as virsh reads {@code -k} and {@code -K}: {@code 0x} hex, a leading
     * {@code 0} octal, else decimal; the whole string must be an int. Null when it is not.
     */
    public static Integer parseIntBase0(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean minus = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            minus = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            // strtol takes "0x" without hex digits as the number 0 followed by "x": never a whole-string match.
            radix = 16;
            i += 2;
        } else if (s.startsWith("0", i)) {
            radix = 8;
        }
        int digits = i;
        while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0 && s.charAt(i) < 128) {
            i++;
        }
        if (i == digits || i != s.length()) {
            return null;
        }
        BigInteger v = new BigInteger(s.substring(digits, i), radix);
        v = minus ? v.negate() : v;
        return v.bitLength() > 31 ? null : v.intValue();
    }

    /** {@code virStrToLong_i}: the whole string must be an int. Null when it is not. */
    public static Integer parseInt(String s) {
        Prefix p = scan(s);
        if (p == null || p.end() != s.length()) {
            return null;
        }
        BigInteger v = p.minus() ? p.value().negate() : p.value();
        if (v.bitLength() > 31) {
            return null;
        }
        return v.intValue();
    }

    /** {@code virStrToLong_uip}: a non-negative unsigned int, no '-' allowed. Null when invalid. */
    public static Long parseUIntNoNegative(String s) {
        Prefix p = scan(s);
        if (p == null || p.end() != s.length() || p.minus() || p.value().bitLength() > 32) {
            return null;
        }
        return p.value().longValue();
    }

    /** {@code virStrToLong_ullp}: an unsigned long long, no '-' allowed, as its 64 bits. Null when invalid. */
    public static Long parseULongLongNoNegative(String s) {
        Prefix p = scan(s);
        if (p == null || p.end() != s.length() || p.minus() || p.value().bitLength() > 64) {
            return null;
        }
        return p.value().longValue();
    }

    /**
     * {@code virStrToLong_ullp} followed by {@code virScaleInteger}: a number with an optional unit suffix
     * (b, k/KiB/KB, M, G, T, P, E; bare numbers are in units of {@code scale}), at most {@code max}.
     * Null when malformed or out of range.
     */
    public static BigInteger parseScaled(String s, long scale, BigInteger max) {
        Prefix p = scan(s);
        if (p == null || p.minus() || p.value().compareTo(ULLONG_MAX) > 0) {
            return null;
        }
        String suffix = s.substring(p.end());
        long unit;
        if (suffix.isEmpty()) {
            unit = scale;
        } else if (suffix.equalsIgnoreCase("b") || suffix.equalsIgnoreCase("byte")
                || suffix.equalsIgnoreCase("bytes")) {
            unit = 1;
        } else {
            long base;
            if (suffix.length() == 1 || suffix.substring(1).equalsIgnoreCase("iB")) {
                base = 1024;
            } else if (suffix.length() == 2 && Character.toLowerCase(suffix.charAt(1)) == 'b') {
                base = 1000;
            } else {
                return null;
            }
            int power = switch (Character.toLowerCase(suffix.charAt(0))) {
                case 'k' -> 1;
                case 'm' -> 2;
                case 'g' -> 3;
                case 't' -> 4;
                case 'p' -> 5;
                case 'e' -> 6;
                default -> -1;
            };
            if (power < 0) {
                return null;
            }
            unit = 1;
            for (int i = 0; i < power; i++) {
                unit *= base;
            }
        }
        BigInteger u = BigInteger.valueOf(unit);
        if (p.value().signum() != 0 && p.value().compareTo(max.divide(u)) > 0) {
            return null;
        }
        return p.value().multiply(u);
    }
}
