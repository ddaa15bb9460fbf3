package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/** {@code <maxMemory slots='16' unit='KiB'>1524288</maxMemory>}: the memory hotplug ceiling and slot count. */
public class MaxMemory {
    @XmlAttribute
    public String slots;

    @XmlAttribute
    public String unit;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlValue
    public String value;
}
