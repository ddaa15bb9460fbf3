package org.virtd.virsh.format;

import java.util.Locale;
import org.virtd.api.TypedParameter;

/** virsh's {@code vshGetTypedParamValue}: one typed parameter's value as printf formats it in C. */
public final class TypedParamValues {
    private TypedParamValues() {
    }

    public static String format(TypedParameter p) {
        return switch (p) {
            case TypedParameter.Int i -> Integer.toString(i.value());
            case TypedParameter.UInt u -> Integer.toUnsignedString(u.value());
            case TypedParameter.LLong l -> Long.toString(l.value());
            case TypedParameter.ULLong u -> Long.toUnsignedString(u.value());
            case TypedParameter.Dbl d -> cDouble(d.value());
            case TypedParameter.Bool b -> b.value() ? "yes" : "no";
            case TypedParameter.Str s -> s.value();
        };
    }

    /** libvirt's {@code virTypedParameterToString}: doubles as {@code %g}, booleans as 0/1. */
    public static String raw(TypedParameter p) {
        return switch (p) {
            case TypedParameter.Dbl d -> cG(d.value());
            case TypedParameter.Bool b -> b.value() ? "1" : "0";
            default -> format(p);
        };
    }

    /** C's {@code %g}: six significant digits, no trailing zeros, exponent form outside [1e-4, 1e6). */
    static String cG(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return cDouble(d);
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(d).round(new java.math.MathContext(6));
        int exp = rounded.precision() - rounded.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String mant = rounded.movePointLeft(exp).stripTrailingZeros().toPlainString();
            return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String plain = rounded.stripTrailingZeros().toPlainString();
        return plain;
    }

    /** C's {@code %f}: six decimals, and glibc's spellings of the non-finite values. */
    static String cDouble(double d) {
        if (Double.isNaN(d)) {
            return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "nan";
        }
        if (Double.isInfinite(d)) {
            return d < 0 ? "-inf" : "inf";
        }
        return String.format(Locale.ROOT, "%f", d);
    }
}
