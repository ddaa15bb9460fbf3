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

/** {@code <input type='mouse|keyboard|tablet|passthrough|evdev' bus='ps2|usb|virtio|xen'>}. */
@XmlType(propOrder = {"driver", "source", "boot", "alias", "address", "other"})
public class Input {
    @XmlAttribute
    public String type;

    @XmlAttribute
    public String bus;

    @XmlAttribute
    public String model;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Generic driver;
    public Source source;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /**
     * {@code <source evdev='/dev/input/event1'/>} (passthrough) or {@code <source dev='...' grab='all'
     * grabToggle='ctrl-ctrl' repeat='on'/>} (evdev).
     */
    @XmlType(name = "inputSource", propOrder = {"other"})
    public static class Source {
        @XmlAttribute
        public String dev;

        @XmlAttribute
        public String evdev;

        @XmlAttribute
        public String grab;

        @XmlAttribute
        public String grabToggle;

        @XmlAttribute
        public String repeat;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
