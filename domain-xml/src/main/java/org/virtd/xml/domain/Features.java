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
 * {@code <features>}: hypervisor features, one field per feature in libvirt's order (its feature enumeration's
 * order). A null field is an absent feature; names the model does not know stay in {@code other}.
 */
@XmlType(propOrder = {"acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm", "pvspinlock",
        "capabilities", "pmu", "vmport", "gic", "smm", "ioapic", "hpt", "vmcoreinfo", "htm", "nestedHv", "msrs",
        "ccfAssist", "xen", "cfpc", "sbbc", "ibs", "tcg", "other"})
public class Features {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public State acpi;
    public Apic apic;
    public State pae;
    public State hap;
    public State viridian;
    public State privnet;
    public Hyperv hyperv;
    public Kvm kvm;
    public State pvspinlock;
    public Capabilities capabilities;
    public State pmu;
    public State vmport;
    public Gic gic;
    public Smm smm;
    public Ioapic ioapic;
    public Hpt hpt;
    public State vmcoreinfo;
    public State htm;
    @XmlElement(name = "nested-hv")
    public State nestedHv;
    public Msrs msrs;
    @XmlElement(name = "ccf-assist")
    public State ccfAssist;
    public Xen xen;
    public Value cfpc;
    public Value sbbc;
    public Value ibs;
    public Tcg tcg;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** A feature switched by {@code state='on|off'} (acpi, pae and a few others have no state: present is on). */
    @XmlType(name = "featureState", propOrder = {"other"})
    public static class State {
        @XmlAttribute
        public String state;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();

        public State() {
        }

        public State(String state) {
            this.state = state;
        }
    }

    /** {@code <apic eoi='on'/>}. */
    @XmlType(name = "featureApic", propOrder = {"other"})
    public static class Apic {
        @XmlAttribute
        public String eoi;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <hyperv mode='custom'>} with its enlightenments, in libvirt's order. */
    @XmlType(name = "featureHyperv", propOrder = {"relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic",
            "stimer", "reset", "vendorId", "frequencies", "reenlightenment", "tlbflush", "ipi", "evmcs", "avic",
            "other"})
    public static class Hyperv {
        @XmlAttribute
        public String mode;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public State relaxed;
        public State vapic;
        public Spinlocks spinlocks;
        public State vpindex;
        public State runtime;
        public State synic;
        public Stimer stimer;
        public State reset;
        @XmlElement(name = "vendor_id")
        public VendorId vendorId;
        public State frequencies;
        public State reenlightenment;
        public State tlbflush;
        public State ipi;
        public State evmcs;
        public State avic;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <spinlocks state='on' retries='4096'/>}. */
    @XmlType(name = "featureSpinlocks", propOrder = {"other"})
    public static class Spinlocks {
        @XmlAttribute
        public String state;

        @XmlAttribute
        public String retries;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <vendor_id state='on' value='KVM Hv'/>}. */
    @XmlType(name = "featureVendorId", propOrder = {"other"})
    public static class VendorId {
        @XmlAttribute
        public String state;

        @XmlAttribute
        public String value;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <stimer state='on'><direct state='on'/></stimer>}. */
    @XmlType(name = "featureStimer", propOrder = {"direct", "other"})
    public static class Stimer {
        @XmlAttribute
        public String state;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public State direct;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <kvm>}: KVM-specific switches. */
    @XmlType(name = "featureKvm", propOrder = {"hidden", "hintDedicated", "pollControl", "pvIpi", "dirtyRing",
            "other"})
    public static class Kvm {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public State hidden;
        @XmlElement(name = "hint-dedicated")
        public State hintDedicated;
        @XmlElement(name = "poll-control")
        public State pollControl;
        @XmlElement(name = "pv-ipi")
        public State pvIpi;
        @XmlElement(name = "dirty-ring")
        public DirtyRing dirtyRing;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <dirty-ring state='on' size='4096'/>}. */
    @XmlType(name = "featureDirtyRing", propOrder = {"other"})
    public static class DirtyRing {
        @XmlAttribute
        public String state;

        @XmlAttribute
        public String size;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <xen>}: Xen-specific switches. */
    @XmlType(name = "featureXen", propOrder = {"e820Host", "passthrough", "other"})
    public static class Xen {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "e820_host")
        public State e820Host;
        public XenPassthrough passthrough;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <passthrough state='on' mode='sync_pt'/>}. */
    @XmlType(name = "featureXenPassthrough", propOrder = {"other"})
    public static class XenPassthrough {
        @XmlAttribute
        public String state;

        @XmlAttribute
        public String mode;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /**
     * {@code <capabilities policy='default'>}: container capabilities, one element per capability
     * ({@code <mknod state='on'/>}), kept in {@code other}.
     */
    @XmlType(name = "featureCapabilities", propOrder = {"other"})
    public static class Capabilities {
        @XmlAttribute
        public String policy;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <gic version='3'/>}. */
    @XmlType(name = "featureGic", propOrder = {"other"})
    public static class Gic {
        @XmlAttribute
        public String version;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <smm state='on'><tseg unit='MiB'>48</tseg></smm>}. */
    @XmlType(name = "featureSmm", propOrder = {"tseg", "other"})
    public static class Smm {
        @XmlAttribute
        public String state;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public ScaledInteger tseg;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <ioapic driver='qemu'/>}. */
    @XmlType(name = "featureIoapic", propOrder = {"other"})
    public static class Ioapic {
        @XmlAttribute
        public String driver;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <hpt resizing='required'><maxpagesize unit='GiB'>1</maxpagesize></hpt>}. */
    @XmlType(name = "featureHpt", propOrder = {"maxpagesize", "other"})
    public static class Hpt {
        @XmlAttribute
        public String resizing;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public ScaledInteger maxpagesize;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <msrs unknown='ignore'/>}. */
    @XmlType(name = "featureMsrs", propOrder = {"other"})
    public static class Msrs {
        @XmlAttribute
        public String unknown;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** A feature set by {@code value} ({@code <cfpc value='fixed'/>}, sbbc, ibs). */
    @XmlType(name = "featureValue", propOrder = {"other"})
    public static class Value {
        @XmlAttribute
        public String value;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <tcg><tb-cache unit='MiB'>128</tb-cache></tcg>}. */
    @XmlType(name = "featureTcg", propOrder = {"tbCache", "other"})
    public static class Tcg {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "tb-cache")
        public ScaledInteger tbCache;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
