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

/** {@code <iothreadids>}: the I/O threads by id. */
@XmlType(propOrder = {"iothread", "other"})
public class Iothreadids {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "iothread")
    public List<Iothread> iothread = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <iothread id='1' thread_pool_min='2' thread_pool_max='8'/>}. */
    @XmlType(name = "iothreadidsIothread", propOrder = {"other"})
    public static class Iothread {
        @XmlAttribute
        public String id;

        @XmlAttribute(name = "thread_pool_min")
        public String threadPoolMin;

        @XmlAttribute(name = "thread_pool_max")
        public String threadPoolMax;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
