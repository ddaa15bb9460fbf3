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

/** A network {@code <interface type='network|bridge|ethernet|user|...'>}. */
@XmlType(propOrder = {"mac", "source", "virtualport", "target", "model", "driver", "alias", "address", "other"})
public class Interface {
    @XmlAttribute
    public String type;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Generic mac;
    public InterfaceSource source;
    public Generic virtualport;
    public Generic target;
    public Generic model;
    public Generic driver;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
