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
 * {@code <launchSecurity type='sev|s390-pv'>}: confidential guest settings (SEV's values are text
 * children).
 */
@XmlType(propOrder = {"cbitpos", "reducedPhysBits", "policy", "dhCert", "session", "other"})
public class LaunchSecurity {
    @XmlAttribute
    public String type;

    @XmlAttribute
    public String kernelHashes;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public String cbitpos;
    public String reducedPhysBits;
    public String policy;
    public String dhCert;
    public String session;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
