package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * A number with an optional {@code unit} attribute ({@code <memory unit='MiB'>512</memory>}). The value stays
 * text so that a malformed number is reported by validation, not lost by the binder.
 */
public class ScaledInteger {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAttribute
    public String unit;

    @XmlValue
    public String value;

    public ScaledInteger() {
    }

    public ScaledInteger(String unit, String value) {
        this.unit = unit;
        this.value = value;
    }

    /** The number of a value already in KiB (as every definition is after the defaults), 0 when absent. */
    public static long kibValue(ScaledInteger v) {
        return v == null ? 0 : Long.parseLong(v.value.trim());
    }

    /** A value in KiB, formatted as libvirt writes it ({@code unit='KiB'}). */
    public static ScaledInteger kib(long kib) {
        return new ScaledInteger("KiB", Long.toString(kib));
    }
}
