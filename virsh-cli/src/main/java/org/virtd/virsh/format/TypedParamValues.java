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
