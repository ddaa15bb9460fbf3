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

/** {@code <vcpus>}: per-vCPU state (enabled, hotpluggable, order). */
@XmlType(propOrder = {"vcpu", "other"})
public class Vcpus {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "vcpu")
    public List<Vcpu> vcpu = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>}. */
    @XmlType(name = "vcpusVcpu", propOrder = {"other"})
    public static class Vcpu {
        @XmlAttribute
        public String id;

        @XmlAttribute
        public String enabled;

        @XmlAttribute
        public String hotpluggable;

        @XmlAttribute
        public String order;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
