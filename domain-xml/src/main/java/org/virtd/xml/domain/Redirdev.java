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
 * {@code <redirdev bus='usb' type='spicevmc|tcp'>}: USB redirection over a character device; the
 * source and protocol are character-device elements, as in {@link Chardev}.
 */
@XmlType(propOrder = {"source", "protocol", "boot", "alias", "address", "other"})
public class Redirdev {
    @XmlAttribute
    public String bus;

    @XmlAttribute
    public String type;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "source")
    public List<Generic> source = new ArrayList<>();
    public Generic protocol;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
