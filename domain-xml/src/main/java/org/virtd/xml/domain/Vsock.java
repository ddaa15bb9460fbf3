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

/** {@code <vsock model='virtio'>}: a host-guest socket device. */
@XmlType(propOrder = {"cid", "boot", "alias", "address", "driver", "other"})
public class Vsock {
    @XmlAttribute
    public String model;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Cid cid;
    public Generic boot;
    public Generic alias;
    public Address address;
    public Generic driver;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <cid auto='yes|no' address='3'/>}. */
    @XmlType(name = "vsockCid", propOrder = {"other"})
    public static class Cid {
        @XmlAttribute
        public String auto;

        @XmlAttribute
        public String address;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
