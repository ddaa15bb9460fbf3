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

/** A character device: {@code <serial>}, {@code <parallel>}, {@code <console>} or {@code <channel>}. */
@XmlType(propOrder = {"source", "protocol", "target", "alias", "address", "other"})
public class Chardev {
    @XmlAttribute
    public String type;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "source")
    public List<Generic> source = new ArrayList<>();
    public Generic protocol;
    public ChardevTarget target;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
