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

/**
 * A {@code <memory model='dimm|nvdimm|virtio-pmem|virtio-mem|sgx-epc' access='shared' discard='yes'>} device:
 * hot-pluggable guest memory with its host source and guest target.
 */
@XmlType(propOrder = {"uuid", "source", "target", "boot", "alias", "address", "other"})
public class MemoryDevice {
    @XmlAttribute
    public String model;

    @XmlAttribute
    public String access;

    @XmlAttribute
    public String discard;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public String uuid;
    public Source source;
    public Target target;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <source>}: host NUMA nodes and page size, or a backing path (nvdimm, virtio-pmem). */
    @XmlType(name = "memoryDeviceSource", propOrder = {"nodemask", "pagesize", "path", "alignsize", "pmem", "other"})
    public static class Source {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public String nodemask;
        public ScaledInteger pagesize;
        public String path;
        public ScaledInteger alignsize;
        public Generic pmem;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <target>}: size and guest NUMA node; nvdimm label, virtio-mem block/requested/current sizes. */
    @XmlType(name = "memoryDeviceTarget", propOrder = {"size", "node", "label", "readonly", "block", "requested",
            "current", "other"})
    public static class Target {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public ScaledInteger size;
        public String node;
        public Label label;
        public Generic readonly;
        public ScaledInteger block;
        public ScaledInteger requested;
        public ScaledInteger current;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <label><size unit='KiB'>128</size></label>} of an nvdimm. */
    @XmlType(name = "memoryDeviceLabel", propOrder = {"size", "other"})
    public static class Label {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public ScaledInteger size;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
