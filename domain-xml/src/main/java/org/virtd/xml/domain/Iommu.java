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

/** {@code <iommu model='intel|smmuv3|virtio'>}. */
@XmlType(propOrder = {"driver", "boot", "alias", "address", "other"})
public class Iommu {
    @XmlAttribute
    public String model;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Driver driver;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <driver intremap='on' caching_mode='on' eim='on' iotlb='on' aw_bits='48'/>}. */
    @XmlType(name = "iommuDriver", propOrder = {"other"})
    public static class Driver {
        @XmlAttribute
        public String intremap;

        @XmlAttribute(name = "caching_mode")
        public String cachingMode;

        @XmlAttribute
        public String eim;

        @XmlAttribute
        public String iotlb;

        @XmlAttribute(name = "aw_bits")
        public String awBits;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
