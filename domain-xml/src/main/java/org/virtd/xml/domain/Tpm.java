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

/** {@code <tpm model='tpm-tis|tpm-crb|tpm-spapr|spapr-tpm-proxy'>} and its backend. */
@XmlType(propOrder = {"backend", "boot", "alias", "address", "other"})
public class Tpm {
    @XmlAttribute
    public String model;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Backend backend;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <backend type='passthrough|emulator|external' version='2.0' persistent_state='yes'>}. */
    @XmlType(name = "tpmBackend", propOrder = {"device", "encryption", "activePcrBanks", "source", "other"})
    public static class Backend {
        @XmlAttribute
        public String type;

        @XmlAttribute
        public String version;

        @XmlAttribute(name = "persistent_state")
        public String persistentState;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public Device device;
        public Encryption encryption;
        @XmlElement(name = "active_pcr_banks")
        public Generic activePcrBanks;
        public Source source;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <device path='/dev/tpm0'/>} of a passthrough backend. */
    @XmlType(name = "tpmDevice", propOrder = {"other"})
    public static class Device {
        @XmlAttribute
        public String path;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <encryption secret='uuid'/>} of an emulator backend's state. */
    @XmlType(name = "tpmEncryption", propOrder = {"other"})
    public static class Encryption {
        @XmlAttribute
        public String secret;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <source type='unix' mode='connect' path='/tmp/swtpm.sock'/>} of an external backend. */
    @XmlType(name = "tpmSource", propOrder = {"other"})
    public static class Source {
        @XmlAttribute
        public String type;

        @XmlAttribute
        public String mode;

        @XmlAttribute
        public String path;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
