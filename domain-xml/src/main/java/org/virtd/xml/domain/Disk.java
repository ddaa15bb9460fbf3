package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** {@code <disk type='file' device='disk'>}. */
@XmlType(propOrder = {"driver", "source", "backingStore", "target", "iotune", "boot", "readonly", "shareable",
        "serial", "wwn", "encryption", "alias", "address", "other"})
public class Disk {
    @XmlAttribute
    public String type;

    @XmlAttribute
    public String device;

    @XmlAttribute
    public String model;

    @XmlAttribute
    public String rawio;

    @XmlAttribute
    public String sgio;

    @XmlAttribute
    public String snapshot;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Generic driver;
    public DiskSource source;
    public Generic backingStore;
    public DiskTarget target;
    public Generic iotune;
    public Generic boot;
    public Generic readonly;
    public Generic shareable;
    public String serial;
    public String wwn;
    public Generic encryption;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
