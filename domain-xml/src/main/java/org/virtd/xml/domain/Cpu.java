package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * 
 * {@code <cpu mode='custom' match='exact' check='partial'>}: the guest CPU model, its features, topology and NUMA
 * cells. Values stay text, as everywhere in the model, so that a malformed value reaches validation unchanged.
 */
@XmlType(propOrder = {"model", "vendor", "microcode", "signature", "counter", "topology", "cache", "maxphysaddr",
        "feature", "numa", "other"})
public class Cpu {
    @XmlAttribute
    public String mode;

    @XmlAttribute
    public String match;

    @XmlAttribute
    public String check;

    @XmlAttribute
    public String migratable;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Model model;
    public String vendor;
    /** Host capabilities only ({@code <microcode version=''/>}); kept because the CPU grammar is shared. */
    public Generic microcode;
    public Generic signature;
    public Generic counter;
    public Topology topology;
    public Cache cache;
    public MaxPhysAddr maxphysaddr;
    @XmlElement(name = "feature")
    public List<Feature> feature = new ArrayList<>();
    public Numa numa;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** The feature named {@code name}, or null. */
    public Feature feature(String name) {
        for (Feature f : feature) {
            if (name.equals(f.name)) {
                return f;
            }
        }
        return null;
    }

    /** {@code <model fallback='allow' vendor_id='...'>Haswell</model>}. */
    @XmlType(name = "cpuModel")
    public static class Model {
        @XmlAttribute
        public String fallback;

        @XmlAttribute(name = "vendor_id")
        public String vendorId;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlValue
        public String value;

        public Model() {
        }

        public Model(String value) {
            this.value = value;
        }
    }

    /** {@code <topology sockets='1' dies='1' cores='2' threads='1'/>}. */
    @XmlType(name = "cpuTopology")
    public static class Topology {
        @XmlAttribute
        public String sockets;

        @XmlAttribute
        public String dies;

        @XmlAttribute
        public String cores;

        @XmlAttribute
        public String threads;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <cache level='3' mode='emulate'/>}. */
    @XmlType(name = "cpuCache")
    public static class Cache {
        @XmlAttribute
        public String level;

        @XmlAttribute
        public String mode;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <maxphysaddr mode='emulate' bits='42'/>}. */
    @XmlType(name = "cpuMaxPhysAddr")
    public static class MaxPhysAddr {
        @XmlAttribute
        public String mode;

        @XmlAttribute
        public String bits;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <feature policy='require' name='vmx'/>}. */
    @XmlType(name = "cpuFeature")
    public static class Feature {
        @XmlAttribute
        public String policy;

        @XmlAttribute
        public String name;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();

        public Feature() {
        }

        public Feature(String policy, String name) {
            this.policy = policy;
            this.name = name;
        }
    }

    /** {@code <numa>}: guest NUMA cells and the interconnects between them. */
    @XmlType(name = "cpuNuma", propOrder = {"cell", "interconnects", "other"})
    public static class Numa {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "cell")
        public List<NumaCell> cell = new ArrayList<>();
        public NumaInterconnects interconnects;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
