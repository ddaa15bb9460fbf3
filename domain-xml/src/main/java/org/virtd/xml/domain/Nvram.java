package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlMixed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * 
 * {@code <os><nvram template='/usr/share/OVMF/OVMF_VARS.fd'>/var/lib/libvirt/qemu/nvram/guest_VARS.fd</nvram>},
 * or since libvirt 8.5 {@code <nvram type='file|block|network'>} with a disk-style {@code <source>} child. Text in
 * one shape and an element in the other share the element, so the content stays mixed.
 */
public class Nvram {
    @XmlAttribute
    public String template;

    @XmlAttribute
    public String type;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlMixed
    @XmlAnyElement(OrderedDomHandler.class)
    public List<Object> content = new ArrayList<>();

    /** The path given as text, or null (absent, or given by a {@code <source>}). */
    public String path() {
        StringBuilder sb = new StringBuilder();
        for (Object o : content) {
            if (o instanceof String s) {
                sb.append(s);
            }
        }
        String t = sb.toString().strip();
        return t.isEmpty() ? null : t;
    }

    /** The {@code <source>} element of a typed nvram, or null. */
    public Element source() {
        for (Object o : content) {
            if (o instanceof Element e && "source".equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }
}
