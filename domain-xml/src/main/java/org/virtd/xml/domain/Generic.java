package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlMixed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * An element the model does not describe field by field yet (features, cpu, loader, timers, ...): its attributes
 * and mixed content are kept as read, so it formats back unchanged.
 */
public class Generic {
    @XmlAnyAttribute
    public Map<QName, String> attributes = new LinkedHashMap<>();

    @XmlMixed
    @XmlAnyElement(OrderedDomHandler.class)
    public List<Object> content = new ArrayList<>();

    public Generic() {
    }

    /** The value of attribute {@code name} (no namespace), or null. */
    public String attribute(String name) {
        return attributes.get(new QName(name));
    }

    public Generic attribute(String name, String value) {
        attributes.put(new QName(name), value);
        return this;
    }
}
