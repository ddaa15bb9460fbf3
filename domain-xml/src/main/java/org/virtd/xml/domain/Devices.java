package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * {@code <devices>}: one list per device kind, declared in the order libvirt formats them (emulator, disks,
 * controllers, leases, filesystems, interfaces, ..., memballoon, rng, nvram, panic), whatever order the input
 * used.
 */
@XmlType(propOrder = {"emulator", "disk", "controller", "lease", "filesystem", "interfaces", "smartcard", "serial",
        "parallel", "console", "channel", "input", "tpm", "graphics", "sound", "audio", "video", "hostdev",
        "redirdev", "redirfilter", "hub", "watchdog", "memballoon", "rng", "nvram", "panic", "shmem", "memory",
        "iommu", "vsock", "other"})
public class Devices {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public String emulator;
    @XmlElement(name = "disk")
    public List<Disk> disk = new ArrayList<>();
    @XmlElement(name = "controller")
    public List<Controller> controller = new ArrayList<>();
    @XmlElement(name = "lease")
    public List<Lease> lease = new ArrayList<>();
    @XmlElement(name = "filesystem")
    public List<Filesystem> filesystem = new ArrayList<>();
    @XmlElement(name = "interface")
    public List<Interface> interfaces = new ArrayList<>();
    @XmlElement(name = "smartcard")
    public List<Smartcard> smartcard = new ArrayList<>();
    @XmlElement(name = "serial")
    public List<Chardev> serial = new ArrayList<>();
    @XmlElement(name = "parallel")
    public List<Chardev> parallel = new ArrayList<>();
    @XmlElement(name = "console")
    public List<Chardev> console = new ArrayList<>();
    @XmlElement(name = "channel")
    public List<Chardev> channel = new ArrayList<>();
    @XmlElement(name = "input")
    public List<Input> input = new ArrayList<>();
    @XmlElement(name = "tpm")
    public List<Tpm> tpm = new ArrayList<>();
    @XmlElement(name = "graphics")
    public List<Graphics> graphics = new ArrayList<>();
    @XmlElement(name = "sound")
    public List<Sound> sound = new ArrayList<>();
    @XmlElement(name = "audio")
    public List<Generic> audio = new ArrayList<>();
    @XmlElement(name = "video")
    public List<Video> video = new ArrayList<>();
    @XmlElement(name = "hostdev")
    public List<Hostdev> hostdev = new ArrayList<>();
    @XmlElement(name = "redirdev")
    public List<Redirdev> redirdev = new ArrayList<>();
    public Redirfilter redirfilter;
    @XmlElement(name = "hub")
    public List<Hub> hub = new ArrayList<>();
    @XmlElement(name = "watchdog")
    public List<Watchdog> watchdog = new ArrayList<>();
    public Memballoon memballoon;
    @XmlElement(name = "rng")
    public List<Rng> rng = new ArrayList<>();
    public NvramDevice nvram;
    @XmlElement(name = "panic")
    public List<Panic> panic = new ArrayList<>();
    @XmlElement(name = "shmem")
    public List<Shmem> shmem = new ArrayList<>();
    @XmlElement(name = "memory")
    public List<MemoryDevice> memory = new ArrayList<>();
    public Iommu iommu;
    public Vsock vsock;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
