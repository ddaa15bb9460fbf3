package org.virtd.xml;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.xml.namespace.QName;
import org.virtd.xml.domain.Address;
import org.virtd.xml.domain.Boot;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.ChardevTarget;
import org.virtd.xml.domain.Clock;
import org.virtd.xml.domain.Controller;
import org.virtd.xml.domain.Devices;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.DiskTarget;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Graphics;
import org.virtd.xml.domain.Interface;
import org.virtd.xml.domain.Cpu;
import org.virtd.xml.domain.Features;
import org.virtd.xml.domain.Memtune;
import org.virtd.xml.domain.NumaCell;
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Vcpu;
import org.virtd.xml.domain.Vcpus;
import org.virtd.xml.domain.Video;

/**
 * What libvirt's generic post-parse step adds to a parsed definition, so a later dumpxml shows it: a generated
 * UUID, memory in KiB with currentMemory, vcpu placement, the default arch and boot device, clock and lifecycle
 * actions, disk buses and drive addresses, implicit controllers, MAC addresses, the serial behind a console,
 * VNC autoport and listen, and the default video device. Drivers pass what is theirs (default arch).
 */
public final class DomainDefaults {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DomainDefaults() {
    }

    /**
     * libvirt's driver-neutral post-parse (what its generic parser does with no hypervisor driver behind it, as
     * in genericxml2xmltest): defaults and normalisations every driver gets, nothing a driver adds itself.
     *
     * @param live whether the definition is parsed as a running domain's (libvirt's parse without INACTIVE)
     */
    public static void applyGeneric(Domain d, boolean live) {
        GenericPostParse.apply(d, live);
    }

    /**
     * libvirt's whole generic post-parse (defaults, normalisation and validation) for a driver whose host
     * architecture is {@code defaultArch}: what every driver's define and create run before their own checks.
     */
    public static void applyGeneric(Domain d, boolean live, String defaultArch) {
        GenericPostParse.apply(d, live, defaultArch);
    }

    /**
     * Applies the defaults in place.
     *
     * @param defaultArch the arch used when {@code <os><type>} has none (the driver's host arch)
     * @throws DomainXmlException for the post-parse checks (no memory, bad numbers, vcpu counts)
     */
    public static void apply(Domain d, String defaultArch) {
        apply(d, defaultArch, true);
    }

    /** @param inactive libvirt's PARSE_INACTIVE: the definition is not a running domain's */
    static void apply(Domain d, String defaultArch, boolean inactive) {
        if (d.uuid == null) {
            d.uuid = UUID.randomUUID().toString();
        } else {
            d.uuid = Uuids.parse(d.uuid).toString();
        }
        memory(d);
        vcpu(d);
        if (d.os.type.arch == null) {
            d.os.type.arch = defaultArch;
        }
        d.os.type.value = d.os.type.value.strip();
        if (d.devices == null) {
            d.devices = new Devices();
        }
        boolean hvm = "hvm".equals(d.os.type.value);
        // libvirt adds the disk boot device whenever nothing says how to boot, a direct kernel boot included.
        if (hvm && d.os.boot.isEmpty() && !perDeviceBoot(d)) {
            d.os.boot.add(new Boot("hd"));
        }
        if (d.clock == null) {
            d.clock = new Clock("utc");
        } else if (d.clock.offset == null) {
            d.clock.offset = "utc";
        }
        if (d.onPoweroff == null) {
            d.onPoweroff = "destroy";
        }
        if (d.onReboot == null) {
            d.onReboot = "restart";
        }
        if (d.onCrash == null) {
            d.onCrash = "destroy";
        }
        disks(d);
        for (Interface i : d.devices.interfaces) {
            if (i.mac == null) {
                i.mac = new Generic().attribute("address", String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x",
                        RANDOM.nextInt(256), RANDOM.nextInt(256), RANDOM.nextInt(256)));
            }
            if ("vhostuser".equals(i.type) && i.source != null && i.source.mode != null) {
                // libvirt writes a vhost-user socket as type, path, mode.
                Map<QName, String> attrs = new LinkedHashMap<>(i.source.otherAttributes);
                attrs.put(new QName("mode"), i.source.mode);
                i.source.mode = null;
                i.source.otherAttributes.clear();
                i.source.otherAttributes.putAll(attrs);
            }
            if ("network".equals(i.type) && i.source != null) {
                // The bridge of a network interface is live state of the network, not part of the definition.
                i.source.bridge = null;
            }
            normalizePci(i.address);
        }
        if (d.devices.memballoon != null) {
            normalizePci(d.devices.memballoon.address);
        }
        consoles(d, hvm);
        virtioSerialControllers(d);
        for (Graphics g : d.devices.graphics) {
            GraphicsPostParse.apply(g, inactive);
        }
        memtune(d);
        cpu(d);
        features(d);
        if (!d.devices.graphics.isEmpty() && d.devices.video.isEmpty()) {
            Video v = new Video();
            v.model = new Generic();
            d.devices.video.add(v);
        }
        for (Video v : d.devices.video) {
            if (v.model == null) {
                v.model = new Generic();
            }
            if (v.model.attribute("type") == null) {
                v.model.attribute("type", hvm ? "cirrus" : "xen");
            }
            videoRam(d, v.model);
            if (v.model.attribute("heads") == null) {
                v.model.attribute("heads", "1");
            }
        }
        if (!d.devices.video.isEmpty() && d.devices.video.get(0).model.attribute("primary") == null) {
            d.devices.video.get(0).model.attribute("primary", "yes");
        }
        for (Video v : d.devices.video) {
            reorder(v.model, VIDEO_MODEL_ATTRIBUTES);
        }
    }

    private static final List<String> VIDEO_MODEL_ATTRIBUTES = List.of("type", "ram", "vram", "vram64", "vgamem",
            "heads", "primary");

    /** libvirt's default video memory per model (KiB), rounded up to a power of two as it does. */
    private static void videoRam(Domain d, Generic model) {
        String type = model.attribute("type");
        int dflt = switch (type) {
            case "vga", "cirrus", "vmvga" -> "vbox".equals(d.type) ? 8192 : "vmware".equals(d.type) ? 4096 : 16384;
            case "bochs" -> 16384;
            case "xen" -> 4096;
            case "qxl" -> 65536;
            default -> 0;
        };
        if ("qxl".equals(type)) {
            model.attribute("ram", powerOfTwo(model.attribute("ram"), dflt));
        } else if (model.attribute("ram") != null) {
            model.attribute("ram", powerOfTwo(model.attribute("ram"), 0));
        }
        String vram = powerOfTwo(model.attribute("vram"), dflt);
        if (vram != null) {
            model.attribute("vram", vram);
        }
    }

    /** A KiB count rounded up to a power of two; {@code dflt} when absent or zero; null when that is zero too. */
    private static String powerOfTwo(String value, int dflt) {
        long v = 0;
        if (value != null) {
            try {
                v = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                        "cannot parse video ram '" + value + "'");
            }
        }
        if (v == 0) {
            v = dflt;
        }
        if (v == 0) {
            return null;
        }
        long p = Long.highestOneBit(v);
        return Long.toString(p == v ? v : p << 1);
    }

    /** Puts the listed attributes first, in the listed order; the others follow as they were. */
    static void reorder(Generic g, List<String> order) {
        if (g == null) {
            return;
        }
        Map<QName, String> sorted = new LinkedHashMap<>();
        for (String name : order) {
            String v = g.attributes.get(new QName(name));
            if (v != null) {
                sorted.put(new QName(name), v);
            }
        }
        for (Map.Entry<QName, String> e : g.attributes.entrySet()) {
            sorted.putIfAbsent(e.getKey(), e.getValue());
        }
        g.attributes.clear();
        g.attributes.putAll(sorted);
    }

    /** memtune limits in KiB, as libvirt stores and writes them. */
    private static void memtune(Domain d) {
        Memtune m = d.memtune;
        if (m == null) {
            return;
        }
        m.hardLimit = kib(m.hardLimit, "hard_limit");
        m.softLimit = kib(m.softLimit, "soft_limit");
        m.minGuarantee = kib(m.minGuarantee, "min_guarantee");
        m.swapHardLimit = kib(m.swapHardLimit, "swap_hard_limit");
    }

    private static ScaledInteger kib(ScaledInteger v, String what) {
        return v == null || v.value == null ? v : ScaledInteger.kib(Units.toKiB(v.value, v.unit, what));
    }

    /**
     * The guest CPU as libvirt writes it: match only for custom mode, topology with its dies, NUMA cell memory with
     * its unit.
     */
    private static void cpu(Domain d) {
        Cpu cpu = d.cpu;
        if (cpu == null) {
            return;
        }
        if (cpu.mode != null && !"custom".equals(cpu.mode)) {
            cpu.match = null;
        }
        if (cpu.topology != null && cpu.topology.dies == null) {
            cpu.topology.dies = "1";
        }
        if (cpu.numa != null) {
            for (NumaCell cell : cpu.numa.cell) {
                if (cell.memory != null) {
                    cell.memory = Long.toString(Units.toKiB(cell.memory, cell.unit, "memory"));
                    cell.unit = "KiB";
                }
            }
        }
    }

    /** On/off features: libvirt writes the state it read, {@code on} when the element had none. */
    private static void features(Domain d) {
        Features f = d.features;
        if (f == null) {
            return;
        }
        for (Features.State s : java.util.Arrays.asList(f.vmcoreinfo, f.hap, f.pmu, f.pvspinlock, f.vmport, f.htm,
                f.nestedHv, f.ccfAssist)) {
            if (s != null && s.state == null) {
                s.state = "on";
            }
        }
        if (f.smm != null && f.smm.state == null) {
            f.smm.state = "on";
        }
    }

    private static boolean perDeviceBoot(Domain d) {
        for (Disk disk : d.devices.disk) {
            if (disk.boot != null) {
                return true;
            }
        }
        for (Interface i : d.devices.interfaces) {
            if (i.other.stream().anyMatch(e -> e.getLocalName().equals("boot"))) {
                return true;
            }
        }
        return false;
    }

    private static void memory(Domain d) {
        if (d.memory == null || d.memory.value == null) {
            throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                    "Memory size must be specified via <memory> or in the <numa> configuration");
        }
        long max = Units.toKiB(d.memory.value, d.memory.unit, "memory");
        long cur = d.currentMemory == null ? max
                : Units.toKiB(d.currentMemory.value, d.currentMemory.unit, "currentMemory");
        if (cur == 0 || cur > max) {
            cur = max;
        }
        d.memory = ScaledInteger.kib(max);
        d.currentMemory = ScaledInteger.kib(cur);
    }

    private static void vcpu(Domain d) {
        if (d.vcpu == null) {
            d.vcpu = new Vcpu();
            d.vcpu.count = "1";
        }
        int max = parseCount(d.vcpu.count == null ? "1" : d.vcpu.count, "vcpu");
        if (max == 0) {
            throw new DomainXmlException(DomainXmlException.INTERNAL_ERROR, DomainXmlException.FROM_DOMAIN,
                    "CPU IDs in <numa> exceed the <vcpu> count");
        }
        d.vcpu.count = Integer.toString(max);
        if (d.vcpu.current != null) {
            int cur = parseCount(d.vcpu.current, "vcpu current");
            if (cur > max) {
                throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                        "maximum vCPU count must not be less than current vCPU count");
            }
            d.vcpu.current = cur == max || cur == 0 ? null : Integer.toString(cur);
        }
        if (d.vcpu.placement == null) {
            d.vcpu.placement = "static";
        }
        if (d.vcpus != null && !d.vcpus.vcpu.isEmpty()) {
            individualVcpus(d, max);
        }
    }

    /**
     * {@code <vcpus>} given: the per-vCPU states are authoritative, as in libvirt. Every vCPU up to the maximum gets
     * an entry (missing ones are offline), hotpluggable defaults to "no" for online and "yes" for offline ones, and
     * the current count becomes the number online.
     */
    private static void individualVcpus(Domain d, int max) {
        Vcpus.Vcpu[] byId = new Vcpus.Vcpu[max];
        for (Vcpus.Vcpu v : d.vcpus.vcpu) {
            int id;
            try {
                id = Integer.parseUnsignedInt(v.id == null ? "" : v.id.strip());
            } catch (NumberFormatException e) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                        v.id == null ? "Missing required attribute 'id' in element 'vcpu'"
                                : "Invalid value for attribute 'id' in element 'vcpu': '" + v.id + "'. Expected non-negative integer value");
            }
            if (id >= max) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                        "vcpu id '" + id + "' is out of range of maximum vcpu count");
            }
            if (v.enabled == null) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                        "Missing required attribute 'enabled' in element 'vcpu'");
            }
            byId[id] = v;
        }
        int online = 0;
        List<Vcpus.Vcpu> all = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            Vcpus.Vcpu v = byId[i];
            if (v == null) {
                v = new Vcpus.Vcpu();
                v.enabled = "no";
            }
            v.id = Integer.toString(i);
            boolean on = v.enabled.equals("yes") || v.enabled.equals("on");
            v.enabled = on ? "yes" : "no";
            if (v.hotpluggable == null) {
                v.hotpluggable = on ? "no" : "yes";
            } else if (!on && (v.hotpluggable.equals("no") || v.hotpluggable.equals("off"))) {
                throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                        "vcpu '" + i + "' is both offline and not hotpluggable");
            }
            online += on ? 1 : 0;
            all.add(v);
        }
        d.vcpus.vcpu = all;
        d.vcpu.current = online == max ? null : Integer.toString(online);
    }

    private static int parseCount(String s, String what) {
        try {
            return Integer.parseUnsignedInt(s.strip());
        } catch (NumberFormatException e) {
            throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                    "maximum vcpus count must be an integer");
        }
    }

    private static void disks(Domain d) {
        for (Disk disk : d.devices.disk) {
            if (disk.type == null) {
                disk.type = disk.source != null && disk.source.dev != null ? "block" : "file";
            }
            if (disk.device == null) {
                disk.device = "disk";
            }
            if ("cdrom".equals(disk.device) && disk.readonly == null) {
                disk.readonly = new Generic();
            }
            if ("lun".equals(disk.device) && !"block".equals(disk.type) && !"network".equals(disk.type)
                    && !"volume".equals(disk.type)) {
                throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                        "disk device='lun' is only valid for block type disk source");
            }
            DiskTarget t = disk.target;
            if (t == null || t.dev == null) {
                continue;
            }
            if (t.bus == null) {
                t.bus = "floppy".equals(disk.device) ? "fdc" : busFor(t.dev);
            }
            if (disk.address == null) {
                disk.address = driveAddress(t.bus, diskIndex(t.dev));
            }
            normalizePci(disk.address);
        }
        // The controllers the drive addresses name, in libvirt's order of kinds.
        for (String bus : List.of("scsi", "fdc", "ide", "sata")) {
            int max = -1;
            for (Disk disk : d.devices.disk) {
                if (disk.target != null && bus.equals(disk.target.bus) && disk.address != null
                        && "drive".equals(disk.address.type)) {
                    max = Math.max(max, parseIndex(disk.address.controller));
                }
            }
            for (int i = 0; i <= max; i++) {
                addController(d, bus, i);
            }
        }
    }

    /** libvirt's default drive address of the disk with name index {@code idx} on {@code bus}, or null. */
    private static Address driveAddress(String bus, int idx) {
        if (idx < 0) {
            return null;
        }
        return switch (bus) {
            case "scsi" -> Address.drive(idx / 7, 0, 0, idx % 7);
            case "ide" -> Address.drive(idx / 4, (idx % 4) / 2, 0, idx % 2);
            case "sata" -> Address.drive(idx / 6, 0, 0, idx % 6);
            case "fdc" -> Address.drive(idx / 2, 0, 0, idx % 2);
            default -> null;
        };
    }

    private static int parseIndex(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Adds controller {@code type} number {@code index} unless the definition has it (appended, as libvirt does). */
    private static void addController(Domain d, String type, int index) {
        for (Controller c : d.devices.controller) {
            if (type.equals(c.type) && parseIndex(c.index) == index) {
                return;
            }
        }
        d.devices.controller.add(new Controller(type, index));
    }

    /** A virtio-serial controller for each virtio channel or console that names none that exists. */
    private static void virtioSerialControllers(Domain d) {
        for (List<Chardev> list : List.of(d.devices.channel, d.devices.console)) {
            for (Chardev c : list) {
                if (c.target != null && "virtio".equals(c.target.type)) {
                    int idx = c.address != null && "virtio-serial".equals(c.address.type)
                            ? parseIndex(c.address.controller) : 0;
                    addController(d, "virtio-serial", idx);
                }
            }
        }
    }

    /** The bus libvirt's parser gives a disk whose target names none, from the target name's prefix. */
    public static String busFor(String dev) {
        if (dev.startsWith("hd")) {
            return "ide";
        } else if (dev.startsWith("sd")) {
            return "scsi";
        } else if (dev.startsWith("vd")) {
            return "virtio";
        } else if (dev.startsWith("xvd")) {
            return "xen";
        } else if (dev.startsWith("ubd")) {
            return "uml";
        } else if (dev.startsWith("fd")) {
            return "fdc";
        }
        return "ide";
    }

    /** libvirt's disk name index: hda = 0, hdz = 25, hdaa = 26; -1 when the name has no letters suffix. */
    public static int diskIndex(String dev) {
        int start = dev.startsWith("xvd") || dev.startsWith("ubd") ? 3 : 2;
        if (dev.length() <= start) {
            return -1;
        }
        int idx = 0;
        for (int i = start; i < dev.length(); i++) {
            char c = dev.charAt(i);
            if (c < 'a' || c > 'z') {
                return -1;
            }
            idx = (idx + (i == start ? 0 : 1)) * 26 + (c - 'a');
        }
        return idx;
    }

    private static final java.util.Set<String> CONSOLE_ALIAS_SERIAL_TARGETS = java.util.Set.of("isa-serial",
            "spapr-vio-serial", "system-serial", "sclp-serial");

    /**
     * Character device ports and libvirt's console/serial compatibility: the first console of an HVM guest is
     * the first serial port under another name (created from the console when there is no serial, added when only
     * the serial was given), and is written as a copy of that serial.
     */
    private static void consoles(Domain d, boolean hvm) {
        List<Chardev> consoles = d.devices.console;
        List<Chardev> serials = d.devices.serial;
        for (Chardev con : consoles) {
            if (con.target == null) {
                con.target = new ChardevTarget();
            }
            if (con.target.type == null) {
                con.target.type = "serial";
            }
        }
        for (List<Chardev> kind : List.of(serials, d.devices.parallel, consoles)) {
            int max = -1;
            for (Chardev c : kind) {
                if (c.target != null && c.target.port != null) {
                    max = Math.max(max, parseIndex(c.target.port));
                }
            }
            for (Chardev c : kind) {
                if (c.target == null) {
                    c.target = new ChardevTarget();
                }
                if (c.target.port == null) {
                    c.target.port = Integer.toString(++max);
                }
            }
        }
        for (int i = 1; i < consoles.size(); i++) {
            if ("serial".equals(consoles.get(i).target.type)) {
                throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                        "Only the first console can be a serial port");
            }
        }
        if (!consoles.isEmpty() && hvm && "serial".equals(consoles.get(0).target.type)) {
            Chardev con = consoles.get(0);
            if (serials.isEmpty()) {
                con.target = new ChardevTarget();
                con.target.port = "0";
                serials.add(con);
                Chardev stub = new Chardev();
                stub.target = new ChardevTarget();
                stub.target.type = "serial";
                consoles.set(0, stub);
            }
        } else if (hvm && !serials.isEmpty() && (serials.get(0).target.type == null
                || CONSOLE_ALIAS_SERIAL_TARGETS.contains(serials.get(0).target.type))) {
            Chardev stub = new Chardev();
            stub.target = new ChardevTarget();
            stub.target.type = "serial";
            consoles.add(0, stub);
        }
        for (int n = 0; hvm && n < consoles.size() && n < serials.size(); n++) {
            if ("serial".equals(consoles.get(n).target.type)) {
                consoles.set(n, aliasOf(serials.get(n)));
            }
        }
    }

    /** The console libvirt writes for serial port {@code s}: the same device with a serial console target. */
    private static Chardev aliasOf(Chardev s) {
        Chardev c = new Chardev();
        c.type = s.type;
        c.otherAttributes.putAll(s.otherAttributes);
        c.source.addAll(s.source);
        c.protocol = s.protocol;
        c.target = new ChardevTarget();
        c.target.type = "serial";
        c.target.port = s.target.port;
        c.alias = s.alias;
        c.address = s.address;
        c.other.addAll(s.other);
        return c;
    }

    /** PCI addresses as libvirt prints them: domain 0x%04x, bus and slot 0x%02x, function 0x%x. */
    static void normalizePci(Address a) {
        if (a == null || !"pci".equals(a.type)) {
            return;
        }
        a.domain = hex(a.domain, 4);
        a.bus = hex(a.bus, 2);
        a.slot = hex(a.slot, 2);
        a.function = hex(a.function, 1);
    }

    private static String hex(String v, int width) {
        if (v == null) {
            v = "0";
        }
        String s = v.strip();
        int n;
        try {
            n = s.startsWith("0x") || s.startsWith("0X") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return v;
        }
        return String.format(Locale.ROOT, "0x%0" + width + "x", n);
    }
}
