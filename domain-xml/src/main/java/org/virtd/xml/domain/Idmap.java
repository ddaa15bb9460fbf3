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

/** {@code <idmap>}: user and group id ranges of a container. */
@XmlType(propOrder = {"uid", "gid", "other"})
public class Idmap {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "uid")
    public List<Range> uid = new ArrayList<>();
    @XmlElement(name = "gid")
    public List<Range> gid = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <uid start='0' target='1000' count='10'/>}. */
    @XmlType(name = "idmapRange", propOrder = {"other"})
    public static class Range {
        @XmlAttribute
        public String start;

        @XmlAttribute
        public String target;

        @XmlAttribute
        public String count;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
