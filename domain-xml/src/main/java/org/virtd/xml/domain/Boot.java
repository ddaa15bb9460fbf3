package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** {@code <boot dev='hd'/>} inside {@code <os>}. */
public class Boot {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    @XmlAttribute
    public String dev;

    public Boot() {
    }

    public Boot(String dev) {
        this.dev = dev;
    }
}
