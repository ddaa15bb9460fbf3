package org.virtd.xml;

import java.util.Locale;

/** libvirt's scaled integers: a number and a unit suffix, turned into KiB rounded up as libvirt stores memory. */
public final class Units {
    private Units() {
    }

    /**
     * {@code value} with {@code unit} (null or empty means KiB) in KiB, rounded up.
     *
     * @throws DomainXmlException INVALID_ARG "unknown suffix 'X'" or XML_ERROR for a value that is not a number
     */
    public static long toKiB(String value, String unit, String what) {
        long n;
        try {
            n = Long.parseUnsignedLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                    "Invalid value '" + value + "' for element or attribute '" + what + "'");
        }
        long scale = scale(unit);
        long bytes;
        try {
            bytes = Math.multiplyExact(n, scale);
        } catch (ArithmeticException e) {
            throw new DomainXmlException(82, DomainXmlException.FROM_DOMAIN, "value too large: " + value + unit);
        }
        return (bytes + 1023) / 1024;
    }

    /** {@code value} with {@code unit} (null or empty means KiB) in bytes, as libvirt's cache sizes are kept. */
    static long toBytes(String value, String unit, String what) {
        long n;
        try {
            n = Long.parseUnsignedLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                    "Invalid value '" + value + "' for element or attribute '" + what + "'");
        }
        try {
            return Math.multiplyExact(n, scale(unit));
        } catch (ArithmeticException e) {
            throw new DomainXmlException(82, DomainXmlException.FROM_DOMAIN, "value too large: " + value + unit);
        }
    }

    private static long scale(String unit) {
        if (unit == null || unit.isEmpty()) {
            return 1024;
        }
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("b") || u.equals("byte") || u.equals("bytes")) {
            return 1;
        }
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        if (power == 0) {
            throw unknown(unit);
        }
        String rest = u.substring(1);
        long base;
        if (rest.isEmpty() || rest.equals("ib")) {
            base = 1024;
        } else if (rest.equals("b")) {
            base = 1000;
        } else {
            throw unknown(unit);
        }
        long s = 1;
        for (int i = 0; i < power; i++) {
            s *= base;
        }
        return s;
    }

    private static DomainXmlException unknown(String unit) {
        return new DomainXmlException(DomainXmlException.INVALID_ARG, DomainXmlException.FROM_DOMAIN,
                "unknown suffix '" + unit + "'");
    }
}
