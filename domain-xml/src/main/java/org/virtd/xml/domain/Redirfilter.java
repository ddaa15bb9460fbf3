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

/** {@code <redirfilter>}: which USB devices may be redirected, first match wins. */
@XmlType(propOrder = {"usbdev", "other"})
public class Redirfilter {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "usbdev")
    public List<Usbdev> usbdev = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <usbdev class='0x08' vendor='0x1234' product='0xbeef' version='2.00' allow='yes'/>}. */
    @XmlType(name = "redirfilterUsbdev", propOrder = {"other"})
    public static class Usbdev {
        @XmlAttribute(name = "class")
        public String usbClass;

        @XmlAttribute
        public String vendor;

        @XmlAttribute
        public String product;

        @XmlAttribute
        public String version;

        @XmlAttribute
        public String allow;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
