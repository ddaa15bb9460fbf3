package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/** A disk's {@code <target dev='vda' bus='virtio'/>}. */
public class DiskTarget {
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
