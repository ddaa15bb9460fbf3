package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;

/** {@code <vcpu placement='static' cpuset='..' current='N'>MAX</vcpu>}. */
public class Vcpu {
    @XmlAttribute
    public String placement;

    @XmlAttribute
    public String cpuset;

    @XmlAttribute
    public String current;

    @XmlValue
    public String count;
}
