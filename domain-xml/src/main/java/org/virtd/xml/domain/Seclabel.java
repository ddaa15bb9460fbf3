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

/**
 * {@code <seclabel type='dynamic' model='selinux' relabel='yes'>}: a security driver's label for the
 * domain (also used for the per-device overrides).
 */
@XmlType(propOrder = {"label", "imagelabel", "baselabel", "other"})
public class Seclabel {
    @XmlAttribute
    public String type;

    @XmlAttribute
    public String model;

    @XmlAttribute
    public String relabel;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public String label;
    public String imagelabel;
    public String baselabel;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
