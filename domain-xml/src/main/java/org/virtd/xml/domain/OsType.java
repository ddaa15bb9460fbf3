package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/** {@code <type arch='..' machine='..'>hvm</type>} inside {@code <os>}. */
public class OsType {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAttribute
    public String arch;

    @XmlAttribute
    public String machine;

    @XmlValue
    public String value;
}
