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

/** {@code <cputune>}: CPU shares, bandwidth, pinning, scheduling and resctrl allocations, in libvirt's order. */
@XmlType(propOrder = {"shares", "period", "quota", "globalPeriod", "globalQuota", "emulatorPeriod", "emulatorQuota",
        "iothreadPeriod", "iothreadQuota", "vcpupin", "emulatorpin", "iothreadpin", "emulatorsched", "vcpusched",
        "iothreadsched", "cachetune", "memorytune", "other"})
public class Cputune {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public String shares;
    public String period;
    public String quota;
    @XmlElement(name = "global_period")
    public String globalPeriod;
    @XmlElement(name = "global_quota")
    public String globalQuota;
    @XmlElement(name = "emulator_period")
    public String emulatorPeriod;
    @XmlElement(name = "emulator_quota")
    public String emulatorQuota;
    @XmlElement(name = "iothread_period")
    public String iothreadPeriod;
    @XmlElement(name = "iothread_quota")
    public String iothreadQuota;
    @XmlElement(name = "vcpupin")
    public List<Vcpupin> vcpupin = new ArrayList<>();
    public Emulatorpin emulatorpin;
    @XmlElement(name = "iothreadpin")
    public List<Iothreadpin> iothreadpin = new ArrayList<>();
    public Sched emulatorsched;
    @XmlElement(name = "vcpusched")
    public List<Sched> vcpusched = new ArrayList<>();
    @XmlElement(name = "iothreadsched")
    public List<Sched> iothreadsched = new ArrayList<>();
    @XmlElement(name = "cachetune")
    public List<Cachetune> cachetune = new ArrayList<>();
    @XmlElement(name = "memorytune")
    public List<Memorytune> memorytune = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <vcpupin vcpu='0' cpuset='1-4,^2'/>}. */
    @XmlType(name = "cputuneVcpupin", propOrder = {"other"})
    public static class Vcpupin {
        @XmlAttribute
        public String vcpu;

        @XmlAttribute
        public String cpuset;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <emulatorpin cpuset='1-3'/>}. */
    @XmlType(name = "cputuneEmulatorpin", propOrder = {"other"})
    public static class Emulatorpin {
        @XmlAttribute
        public String cpuset;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <iothreadpin iothread='1' cpuset='5,6'/>}. */
    @XmlType(name = "cputuneIothreadpin", propOrder = {"other"})
    public static class Iothreadpin {
        @XmlAttribute
        public String iothread;

        @XmlAttribute
        public String cpuset;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /**
     * {@code <vcpusched vcpus='0-1' scheduler='fifo' priority='1'/>}; iothreadsched names
     * {@code iothreads}, emulatorsched neither.
     */
    @XmlType(name = "cputuneSched", propOrder = {"other"})
    public static class Sched {
        @XmlAttribute
        public String vcpus;

        @XmlAttribute
        public String iothreads;

        @XmlAttribute
        public String scheduler;

        @XmlAttribute
        public String priority;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <cachetune vcpus='0-3' id='...'>} with cache allocations and monitors. */
    @XmlType(name = "cputuneCachetune", propOrder = {"cache", "monitor", "other"})
    public static class Cachetune {
        @XmlAttribute
        public String vcpus;

        @XmlAttribute
        public String id;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "cache")
        public List<CacheAllocation> cache = new ArrayList<>();
        @XmlElement(name = "monitor")
        public List<Monitor> monitor = new ArrayList<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <cache id='0' level='3' type='both' size='3' unit='MiB'/>}. */
    @XmlType(name = "cputuneCacheAllocation", propOrder = {"other"})
    public static class CacheAllocation {
        @XmlAttribute
        public String id;

        @XmlAttribute
        public String level;

        @XmlAttribute
        public String type;

        @XmlAttribute
        public String size;

        @XmlAttribute
        public String unit;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <memorytune vcpus='0-3'>} with memory bandwidth per node and monitors. */
    @XmlType(name = "cputuneMemorytune", propOrder = {"node", "monitor", "other"})
    public static class Memorytune {
        @XmlAttribute
        public String vcpus;

        @XmlAttribute
        public String id;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "node")
        public List<MemoryBandwidth> node = new ArrayList<>();
        @XmlElement(name = "monitor")
        public List<Monitor> monitor = new ArrayList<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <node id='0' bandwidth='60'/>}. */
    @XmlType(name = "cputuneMemoryBandwidth", propOrder = {"other"})
    public static class MemoryBandwidth {
        @XmlAttribute
        public String id;

        @XmlAttribute
        public String bandwidth;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <monitor level='3' vcpus='1'/>}. */
    @XmlType(name = "cputuneMonitor", propOrder = {"other"})
    public static class Monitor {
        @XmlAttribute
        public String level;

        @XmlAttribute
        public String vcpus;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
