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

/** A disk's {@code <target dev='vda' bus='virtio'/>}. */
public class DiskTarget {
    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    @XmlAttribute
    public String dev;

    @XmlAttribute
    public String bus;

    @XmlAttribute
    public String tray;

    @XmlAttribute
    public String removable;

    @XmlAttribute
    public String rotation_rate;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();
}
