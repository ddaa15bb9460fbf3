package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;

/** {@code <type arch='..' machine='..'>hvm</type>} inside {@code <os>}. */
public class OsType {
    @XmlAttribute
    public String arch;

    @XmlAttribute
    public String machine;

    @XmlValue
    public String value;
}
