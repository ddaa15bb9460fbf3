package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** {@code <memballoon model='virtio'>}. */
@XmlType(propOrder = {"alias", "stats", "address", "other"})
public class Memballoon {
    @XmlAttribute
    public String model;

    @XmlAttribute
    public String autodeflate;

    @XmlAttribute
    public String freePageReporting;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Generic alias;
    public Generic stats;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
