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
 * {@code <hostdev mode='subsystem' type='pci|usb|scsi|scsi_host|mdev' managed='yes'>}: a host device given to the
 * guest, or in {@code mode='capabilities'} a host block/char device or interface of a container.
 */
@XmlType(propOrder = {"driver", "source", "teaming", "readonly", "shareable", "boot", "alias", "rom", "acpi",
        "address", "other"})
public class Hostdev {
    @XmlAttribute
    public String mode;

    @XmlAttribute
    public String type;

    @XmlAttribute
    public String managed;

    @XmlAttribute
    public String sgio;

    @XmlAttribute
    public String rawio;

    @XmlAttribute
    public String model;

    @XmlAttribute
    public String display;

    @XmlAttribute
    public String ramfb;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Generic driver;
    public Source source;
    public Generic teaming;
    public Generic readonly;
    public Generic shareable;
    public Generic boot;
    public Generic alias;
    public Generic rom;
    public Generic acpi;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /**
     * {@code <source>}: which host device. PCI, SCSI and mdev sources have an {@code <address>} (with
     * {@code domain bus slot function}, {@code bus target unit} or {@code uuid}); USB ones vendor/product and/or an
     * address; iSCSI ones a host, auth and initiator; capabilities ones block, char or interface.
     */
    @XmlType(name = "hostdevSource", propOrder = {"vendor", "product", "adapter", "host", "auth", "initiator",
            "address", "block", "charDevice", "interfaceName", "other"})
    public static class Source {
        @XmlAttribute
        public String protocol;

        @XmlAttribute
        public String name;

        @XmlAttribute
        public String wwpn;

        @XmlAttribute
        public String startupPolicy;

        @XmlAttribute
        public String guestReset;

        @XmlAttribute
        public String writeFiltering;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public Generic vendor;
        public Generic product;
        public Generic adapter;
        @XmlElement(name = "host")
        public List<Generic> host = new ArrayList<>();
        public Generic auth;
        public Generic initiator;
        public Address address;
        public String block;
        @XmlElement(name = "char")
        public String charDevice;
        @XmlElement(name = "interface")
        public String interfaceName;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
