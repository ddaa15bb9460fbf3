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

/** {@code <cell id='0' cpus='0-1' memory='512' unit='KiB' memAccess='shared'>} of {@code <cpu><numa>}. */
@XmlType(propOrder = {"distances", "cache", "other"})
public class NumaCell {
    @XmlAttribute
    public String id;

    @XmlAttribute
    public String cpus;

    @XmlAttribute
    public String memory;

    @XmlAttribute
    public String unit;

    @XmlAttribute
    public String memAccess;

    @XmlAttribute
    public String discard;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Distances distances;
    @XmlElement(name = "cache")
    public List<Cache> cache = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <distances><sibling id='1' value='21'/></distances>}. */
    @XmlType(name = "numaDistances", propOrder = {"sibling", "other"})
    public static class Distances {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "sibling")
        public List<Sibling> sibling = new ArrayList<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    @XmlType(name = "numaSibling")
    public static class Sibling {
        @XmlAttribute
        public String id;

        @XmlAttribute
        public String value;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <cache level='1' associativity='direct' policy='writeback'><size/><line/></cache>}. */
    @XmlType(name = "numaCache", propOrder = {"size", "line", "other"})
    public static class Cache {
        @XmlAttribute
        public String level;

        @XmlAttribute
        public String associativity;

        @XmlAttribute
        public String policy;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public ValueUnit size;
        public ValueUnit line;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** An empty element carrying {@code value} and {@code unit} attributes. */
    @XmlType(name = "numaValueUnit")
    public static class ValueUnit {
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
