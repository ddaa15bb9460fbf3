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

/** {@code <memoryBacking>}: huge pages, sharing, locking and the memory source of the guest's RAM. */
@XmlType(propOrder = {"hugepages", "nosharepages", "locked", "source", "access", "allocation", "discard", "other"})
public class MemoryBacking {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Hugepages hugepages;
    public Generic nosharepages;
    public Generic locked;
    public Source source;
    public Access access;
    public Allocation allocation;
    public Generic discard;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <hugepages>}: empty for the default page size, else one {@code <page>} per size. */
    @XmlType(name = "memoryBackingHugepages", propOrder = {"pages", "other"})
    public static class Hugepages {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "page")
        public List<Page> pages = new ArrayList<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <page size='2048' unit='KiB' nodeset='0-1'/>}. */
    @XmlType(name = "memoryBackingPage", propOrder = {"other"})
    public static class Page {
        @XmlAttribute
        public String size;

        @XmlAttribute
        public String unit;

        @XmlAttribute
        public String nodeset;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <source type='file|anonymous|memfd'/>}. */
    @XmlType(name = "memoryBackingSource", propOrder = {"other"})
    public static class Source {
        @XmlAttribute
        public String type;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <access mode='shared|private'/>}. */
    @XmlType(name = "memoryBackingAccess", propOrder = {"other"})
    public static class Access {
        @XmlAttribute
        public String mode;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <allocation mode='immediate|ondemand' threads='8'/>}. */
    @XmlType(name = "memoryBackingAllocation", propOrder = {"other"})
    public static class Allocation {
        @XmlAttribute
        public String mode;

        @XmlAttribute
        public String threads;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
