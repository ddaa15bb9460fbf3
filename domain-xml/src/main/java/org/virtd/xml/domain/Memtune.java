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

/** {@code <memtune>}: memory limits of the guest's cgroup, each a number with a unit. */
@XmlType(propOrder = {"hardLimit", "softLimit", "minGuarantee", "swapHardLimit", "other"})
public class Memtune {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "hard_limit")
    public ScaledInteger hardLimit;
    @XmlElement(name = "soft_limit")
    public ScaledInteger softLimit;
    @XmlElement(name = "min_guarantee")
    public ScaledInteger minGuarantee;
    @XmlElement(name = "swap_hard_limit")
    public ScaledInteger swapHardLimit;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
