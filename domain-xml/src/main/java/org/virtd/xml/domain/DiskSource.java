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

/** A disk's {@code <source file|dev|dir|protocol+name|pool+volume ...>}. */
public class DiskSource {
    @XmlAttribute
    public String file;

    @XmlAttribute
    public String dev;

    @XmlAttribute
    public String dir;

    @XmlAttribute
    public String protocol;

    @XmlAttribute
    public String name;

    @XmlAttribute
    public String pool;

    @XmlAttribute
    public String volume;

    @XmlAttribute
    public String mode;

    @XmlAttribute
    public String startupPolicy;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
