package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/** {@code <os><loader readonly='yes' secure='no' type='pflash' stateless='no'>/path/OVMF_CODE.fd</loader>}. */
public class Loader {
    @XmlAttribute
    public String readonly;

    @XmlAttribute
    public String secure;

    @XmlAttribute
    public String type;

    @XmlAttribute
    public String stateless;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    /** The firmware path; empty when firmware auto-selection fills it in later. */
    @XmlValue
    public String path;
}
