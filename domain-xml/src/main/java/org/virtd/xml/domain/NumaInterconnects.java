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

/** {@code <interconnects>}: HMAT latencies and bandwidths between NUMA cells. */
@XmlType(propOrder = {"latency", "bandwidth", "other"})
public class NumaInterconnects {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "latency")
    public List<Link> latency = new ArrayList<>();
    @XmlElement(name = "bandwidth")
    public List<Link> bandwidth = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <latency initiator='0' target='0' cache='1' type='access' value='5'/>}; bandwidth adds a unit. */
    @XmlType(name = "numaLink")
    public static class Link {
        @XmlAttribute
        public String initiator;

        @XmlAttribute
        public String target;

        @XmlAttribute
        public String cache;

        @XmlAttribute
        public String type;

        @XmlAttribute
        public String value;

        @XmlAttribute
        public String unit;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
