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

/** {@code <numatune>}: host NUMA policy of the guest's memory, overall and per guest cell. */
@XmlType(propOrder = {"memory", "memnode", "other"})
public class Numatune {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Memory memory;
    @XmlElement(name = "memnode")
    public List<Memnode> memnode = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <memory mode='strict' nodeset='0-1'/>} or {@code placement='auto'}. */
    @XmlType(name = "numatuneMemory", propOrder = {"other"})
    public static class Memory {
        @XmlAttribute
        public String mode;

        @XmlAttribute
        public String nodeset;

        @XmlAttribute
        public String placement;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <memnode cellid='0' mode='preferred' nodeset='1'/>}. */
    @XmlType(name = "numatuneMemnode", propOrder = {"other"})
    public static class Memnode {
        @XmlAttribute
        public String cellid;

        @XmlAttribute
        public String mode;

        @XmlAttribute
        public String nodeset;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
