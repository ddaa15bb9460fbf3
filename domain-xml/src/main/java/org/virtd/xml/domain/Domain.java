package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The root {@code <domain type='..' id='..'>}. Children are declared in libvirt's output order; elements this
 * model does not know yet land in {@link #other} and are formatted after the known ones.
 */
@XmlRootElement(name = "domain")
@XmlType(propOrder = {"name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
        "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads", "iothreadids",
        "defaultiothread", "cputune", "numatune", "resource", "sysinfo", "bootloader", "bootloaderArgs", "os",
        "idmap", "features", "cpu", "clock", "onPoweroff", "onReboot", "onCrash", "onLockfailure", "pm", "perf",
        "devices", "seclabel", "keywrap", "launchSecurity", "other"})
public class Domain {
    @XmlAttribute
    public String type;

    /** Only in live XML: libvirt writes {@code id} for running domains. */
    @XmlAttribute
    public Integer id;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public String name;
    public String uuid;
    public String genid;
    public String title;
    public String description;
    public Metadata metadata;
    public MaxMemory maxMemory;
    public ScaledInteger memory;
    public ScaledInteger currentMemory;
    public Blkiotune blkiotune;
    public Memtune memtune;
    public MemoryBacking memoryBacking;
    public Vcpu vcpu;
    public Vcpus vcpus;
    public String iothreads;
    public Iothreadids iothreadids;
    public Defaultiothread defaultiothread;
    public Cputune cputune;
    public Numatune numatune;
    public Resource resource;
    @XmlElement(name = "sysinfo")
    public List<Sysinfo> sysinfo = new ArrayList<>();
    public String bootloader;
    @XmlElement(name = "bootloader_args")
    public String bootloaderArgs;
    public Os os;
    public Idmap idmap;
    public Features features;
    public Cpu cpu;
    public Clock clock;
    @XmlElement(name = "on_poweroff")
    public String onPoweroff;
    @XmlElement(name = "on_reboot")
    public String onReboot;
    @XmlElement(name = "on_crash")
    public String onCrash;
    @XmlElement(name = "on_lockfailure")
    public String onLockfailure;
    public Pm pm;
    public Perf perf;
    public Devices devices;
    @XmlElement(name = "seclabel")
    public List<Seclabel> seclabel = new ArrayList<>();

    public Keywrap keywrap;
    public LaunchSecurity launchSecurity;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /**
     * Set by {@code DomainXml.bind}: the child element names, in input order, of each object of this tree, so that
     * formatting reproduces the input's order. Null for documents read by {@code DomainXml.parse} or built in
     * code: those are formatted in libvirt's order.
     */
    @XmlTransient
    public Map<Object, List<String>> documentOrder;
}
