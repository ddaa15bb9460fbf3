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

/** {@code <smartcard mode='host|host-certificates|passthrough'>}. */
@XmlType(propOrder = {"certificates", "database", "source", "protocol", "boot", "alias", "address", "other"})
public class Smartcard {
    @XmlAttribute
    public String mode;

    @XmlAttribute
    public String type;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "certificate")
    public List<String> certificates = new ArrayList<>();
    public String database;
    @XmlElement(name = "source")
    public List<Generic> source = new ArrayList<>();
    public Generic protocol;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
