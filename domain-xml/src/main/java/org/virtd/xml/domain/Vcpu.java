package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/** {@code <vcpu placement='static' cpuset='..' current='N'>MAX</vcpu>}. */
public class Vcpu {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAttribute
    public String placement;

    @XmlAttribute
    public String cpuset;

    @XmlAttribute
    public String current;

    @XmlValue
    public String count;

    /** The vCPUs a domain runs with: {@code current}, else the maximum; 1 without a {@code <vcpu>}. */
    public static int online(Vcpu v) {
        if (v == null) return 1;
        return Integer.parseInt((v.current != null ? v.current : v.count).trim());
    }
}
