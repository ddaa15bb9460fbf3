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

/** An interface's {@code <source network|bridge|dev [mode] [portgroup]/>}. */
public class InterfaceSource {
    @XmlAttribute
    public String network;

    @XmlAttribute
    public String portgroup;

    @XmlAttribute
    public String bridge;

    @XmlAttribute
    public String dev;

    @XmlAttribute
    public String mode;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
