package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlMixed;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * {@code <rng model='virtio|virtio-transitional|virtio-non-transitional'>}: a random number generator
 * device and its host backend.
 */
@XmlType(propOrder = {"rate", "backend", "driver", "boot", "alias", "address", "other"})
public class Rng {
    @XmlAttribute
    public String model;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Rate rate;
    public Backend backend;
    public Generic driver;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <rate bytes='1234' period='2000'/>}. */
    @XmlType(name = "rngRate", propOrder = {"other"})
    public static class Rate {
        @XmlAttribute
        public String bytes;

        @XmlAttribute
        public String period;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /**
     * 
     * {@code <backend model='random'>/dev/urandom</backend>} or {@code <backend model='egd' type='tcp'>} with
     * character-device {@code <source>}/{@code <protocol>} children. The two shapes share one element, text in one
     * and elements in the other, so the content stays mixed: {@link #text()} gives the random device.
     */
    @XmlType(name = "rngBackend")
    public static class Backend {
        @XmlAttribute
        public String model;

        @XmlAttribute
        public String type;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlMixed
        @XmlAnyElement(OrderedDomHandler.class)
        public List<Object> content = new ArrayList<>();

        /** The text content (the random backend's device path), or null when there is none. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Object o : content) {
                if (o instanceof String s) {
                    sb.append(s);
                }
            }
            String t = sb.toString().strip();
            return t.isEmpty() ? null : t;
        }

        /** The child elements named {@code name} ({@code source}, {@code protocol}). */
        public List<Element> elements(String name) {
            List<Element> out = new ArrayList<>();
            for (Object o : content) {
                if (o instanceof Element e && name.equals(e.getLocalName())) {
                    out.add(e);
                }
            }
            return out;
        }
    }
}
