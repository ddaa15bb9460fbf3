package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * A device {@code <address>}. The field order makes both common layouts come out in libvirt's order:
 * pci (type domain bus slot function) and drive (type controller bus target unit).
 */
public class Address {
    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    @XmlAttribute
    public String type;

    @XmlAttribute
    public String domain;

    @XmlAttribute
    public String controller;

    @XmlAttribute
    public String bus;

    @XmlAttribute
    public String target;

    @XmlAttribute
    public String slot;

    @XmlAttribute
    public String unit;

    @XmlAttribute
    public String function;

    @XmlAttribute
    public String multifunction;

    @XmlAttribute
    public String port;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public static Address drive(int controller, int bus, int target, int unit) {
        Address a = new Address();
        a.type = "drive";
        a.controller = Integer.toString(controller);
        a.bus = Integer.toString(bus);
        a.target = Integer.toString(target);
        a.unit = Integer.toString(unit);
        return a;
    }
}
