package org.virtd.xml;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
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
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Vcpu;
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
     * Applies the defaults in place.
     *
     * @param defaultArch the arch used when {@code <os><type>} has none (the driver's host arch)
     * @throws DomainXmlException for the post-parse checks (no memory, bad numbers, vcpu counts)
     */
    public static void apply(Domain d, String defaultArch) {
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
        if (hvm && d.os.kernel == null && d.os.boot.isEmpty() && !perDeviceBoot(d)) {
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
        for (Graphics g : d.devices.graphics) {
            if ("vnc".equals(g.type) || "spice".equals(g.type)) {
                if (g.autoport == null && (g.port == null || "-1".equals(g.port))) {
                    g.autoport = "yes";
                }
                if (g.listen.isEmpty()) {
                    Generic l = new Generic().attribute("type", "address");
                    if (g.listenAddress != null) {
                        l.attribute("address", g.listenAddress);
                    }
                    g.listen.add(l);
                }
            }
        }
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
            if (v.model.attribute("vram") == null && "cirrus".equals(v.model.attribute("type"))) {
                v.model.attribute("vram", "16384");
            }
            if (v.model.attribute("heads") == null) {
                v.model.attribute("heads", "1");
            }
        }
        if (!d.devices.video.isEmpty() && d.devices.video.get(0).model.attribute("primary") == null) {
            d.devices.video.get(0).model.attribute("primary", "yes");
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
                throw new DomainXmlException(DomainXmlException.INTERNAL_ERROR, DomainXmlException.FROM_DOMAIN,
                        "maxvcpus must not be less than current vcpus (" + max + " < " + cur + ")");
            }
            d.vcpu.current = cur == max || cur == 0 ? null : Integer.toString(cur);
        }
        if (d.vcpu.placement == null) {
            d.vcpu.placement = "static";
        }
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
        boolean needIde = false;
        for (Disk disk : d.devices.disk) {
            if (disk.type == null) {
                disk.type = disk.source != null && disk.source.dev != null ? "block" : "file";
            }
            if (disk.device == null) {
                disk.device = "disk";
            }
            DiskTarget t = disk.target;
            if (t == null || t.dev == null) {
                continue;
            }
            if (t.bus == null) {
                t.bus = busFor(t.dev);
            }
            if ("ide".equals(t.bus) && disk.address == null) {
                int idx = diskIndex(t.dev);
                if (idx >= 0) {
                    disk.address = Address.drive(idx / 4, (idx % 4) / 2, 0, idx % 2);
                }
            }
            if ("ide".equals(t.bus)) {
                needIde = true;
            }
            normalizePci(disk.address);
        }
        if (needIde && d.devices.controller.stream().noneMatch(c -> "ide".equals(c.type))) {
            d.devices.controller.add(new Controller("ide", 0));
        }
    }

    private static String busFor(String dev) {
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
    static int diskIndex(String dev) {
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

    private static void consoles(Domain d, boolean hvm) {
        for (int i = 0; i < d.devices.console.size(); i++) {
            Chardev con = d.devices.console.get(i);
            if (con.target == null) {
                con.target = new ChardevTarget();
            }
            if (i == 0 && hvm && (con.target.type == null || "serial".equals(con.target.type))) {
                con.target.type = "serial";
                if (con.target.port == null) {
                    con.target.port = "0";
                }
                if (d.devices.serial.isEmpty()) {
                    Chardev serial = new Chardev();
                    serial.type = con.type;
                    serial.source = new java.util.ArrayList<>(con.source);
                    serial.target = new ChardevTarget();
                    serial.target.port = "0";
                    d.devices.serial.add(serial);
                }
            } else if (con.target.type == null) {
                con.target.type = hvm ? "serial" : "xen";
                if (con.target.port == null) {
                    con.target.port = Integer.toString(i);
                }
            }
        }
        for (int i = 0; i < d.devices.serial.size(); i++) {
            Chardev s = d.devices.serial.get(i);
            if (s.target == null) {
                s.target = new ChardevTarget();
            }
            if (s.target.port == null) {
                s.target.port = Integer.toString(i);
            }
        }
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
