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

/** {@code <pm>}: whether the guest may suspend to memory or disk. */
@XmlType(propOrder = {"suspendToMem", "suspendToDisk", "other"})
public class Pm {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "suspend-to-mem")
    public Enabled suspendToMem;
    @XmlElement(name = "suspend-to-disk")
    public Enabled suspendToDisk;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <suspend-to-mem enabled='no'/>}. */
    @XmlType(name = "pmEnabled", propOrder = {"other"})
    public static class Enabled {
        @XmlAttribute
        public String enabled;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
