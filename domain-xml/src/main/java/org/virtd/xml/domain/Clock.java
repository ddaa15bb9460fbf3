package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** {@code <clock offset='utc'>} with its timers. */
@XmlType(propOrder = {"timer", "other"})
public class Clock {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAttribute
    public String offset;

    @XmlAttribute
    public String adjustment;

    @XmlAttribute
    public String timezone;

    @XmlAttribute
    public String basis;

    @XmlElement(name = "timer")
    public List<Timer> timer = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    public Clock() {
    }

    public Clock(String offset) {
        this.offset = offset;
    }
}
