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

/** {@code <controller type='ide' index='0'/>}. */
@XmlType(propOrder = {"address", "other"})
public class Controller {
    @XmlAttribute
    public String type;

    @XmlAttribute
    public String index;

    @XmlAttribute
    public String model;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    public Controller() {
    }

    public Controller(String type, int index) {
        this.type = type;
        this.index = Integer.toString(index);
    }
}
