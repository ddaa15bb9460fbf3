package org.virtd.rpc.xdr;

import java.math.BigInteger;

/**
 * Conversions for XDR {@code unsigned int} and {@code unsigned hyper}, which Java holds as the bits of an
 * {@code int} or {@code long}. Use these instead of ad-hoc masks so that every unsigned use is greppable.
 */
public final class Unsigned {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private Unsigned() {
    }

    /** The value of an {@code unsigned int}. */
    public static long toLong(int bits) {
        return Integer.toUnsignedLong(bits);
    }

    /** The bits of an {@code unsigned int}; rejects values outside 0..2^32-1. */
    public static int fromLong(long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("value: " + value + " (expected: 0..4294967295)");
        }
        return (int) value;
    }

    /** The value of an {@code unsigned hyper}. */
    public static BigInteger toBigInteger(long bits) {
        BigInteger b = BigInteger.valueOf(bits);
        return bits < 0 ? b.add(TWO_64) : b;
    }

    /** Decimal text of an {@code unsigned hyper}, as C's {@code %llu} prints it. */
    public static String toString(long bits) {
        return Long.toUnsignedString(bits);
    }

    /** Decimal text of an {@code unsigned int}. */
    public static String toString(int bits) {
        return Integer.toUnsignedString(bits);
    }

    /** Compares two {@code unsigned hyper} values. */
    public static int compare(long a, long b) {
        return Long.compareUnsigned(a, b);
    }
}
