package org.virtd.driver.kvm.command;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import javax.xml.namespace.QName;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.xml.DomainDefaults;
import org.virtd.xml.domain.Address;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Controller;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Input;
import org.virtd.xml.domain.Interface;
import org.virtd.xml.domain.Memballoon;
import org.virtd.xml.domain.Rng;
import org.virtd.xml.domain.Sound;
import org.virtd.xml.domain.Video;
import org.virtd.xml.domain.Watchdog;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The QEMU driver's post-parse, as libvirt 9.0 applies it when a definition is defined or started: the generic
 * defaults ({@link DomainDefaults#applyGeneric}), then machine and emulator, implicit controllers (PCI root, USB,
 * IDE or SATA), PS/2 inputs, the virtio balloon, the default audio backend, model defaults (network card, USB and
 * SCSI controllers), PCI addresses for i440fx and q35 (q35 devices each behind an added pcie-root-port, plus one
 * spare for hotplug) and USB ports.
 *
 * <p>Differences from libvirt, stated so nobody relies on them: conventional PCI devices on q35 are placed on
 * pcie.0 instead of behind a dmi-to-pci-bridge and pci-bridge; a full i440fx bus 0 is an error instead of a new
 * pci-bridge; aliases are written for disks, interfaces, character devices, inputs, videos, sound, watchdog,
 * balloon and rng devices but not controllers.
 */
public final class QemuDomainDefaults {
    private QemuDomainDefaults() {
    }

    /**
     * Applies the defaults in place.
     *
     * @throws org.virtd.xml.DomainXmlException for the generic post-parse checks
     * @throws VirException with libvirt's code and message for the QEMU ones
     */
    public static void apply(Domain d, QemuCaps caps) {
        apply(d, caps, false);
    }

    /**
     * {@link #apply(Domain, QemuCaps)} for a definition parsed as a running domain's ({@code live}: libvirt's
     * parse without INACTIVE, as for a status file).
     */
    public static void apply(Domain d, QemuCaps caps, boolean live) {
        String emulator = d.devices != null && d.devices.emulator != null ? d.devices.emulator : caps.binary();
        if (d.type != null && !"qemu".equals(d.type) && !"kvm".equals(d.type)) {
            throw unsupported("Emulator '" + emulator + "' does not support virt type '" + d.type + "'");
        }
        if (d.devices != null) {
            for (Disk disk : d.devices.disk) {
                if (disk.target == null || disk.target.dev == null) {
                    throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.NO_TARGET,
                            disk.source == null ? null : source(disk));
                }
            }
            for (Input in : d.devices.input) {
                if (in.model != null && in.model.contains("transitional") && !"passthrough".equals(in.type)) {
                    throw unsupported("virtio (non-)transitional models are not supported for input type="
                            + in.type);
                }
            }
        }
        // libvirt runs the QEMU driver's additions before the generic ones (implicit controllers for disks,
        // consoles, ...): the order of the device lists shows it.
        String arch = caps.arch() == null ? "x86_64" : caps.arch();
        if (d.os != null && d.os.type != null) {
            if (d.os.type.arch == null) {
                d.os.type.arch = arch;
            }
            if (d.os.type.machine == null) {
                d.os.type.machine = caps.defaultMachine();
            }
        }
        if (d.devices == null) {
            d.devices = new org.virtd.xml.domain.Devices();
        }
        if (d.os != null && d.os.type != null && Dom.isX86(d)) {
            addInput(d, "mouse", "ps2");
            addInput(d, "keyboard", "ps2");
            boolean q35 = Dom.isQ35(d);
            boolean i440fx = Dom.isI440fx(d);
            if (!"isapc".equals(d.os.type.machine)) {
                if (Dom.controller(d, "usb", 0) == null) {
                    Controller usb = new Controller("usb", 0);
                    usb.model = q35 ? "qemu-xhci" : null;
                    insertController(d, usb);
                }
                if (q35) {
                    addController(d, "sata", 0, null);
                }
                Controller root = Dom.controller(d, "pci", 0);
                String want = q35 ? "pcie-root" : i440fx ? "pci-root" : null;
                if (want != null) {
                    if (root == null) {
                        addController(d, "pci", 0, want);
                    } else if (!want.equals(root.model)) {
                        throw VirException.of(VirErrorDomain.QEMU, VirErrorCode.XML_ERROR,
                                "The PCI controller with index='0' must be model='" + want + "' for this machine "
                                        + "type, but model='" + root.model + "' was found instead");
                    }
                }
            }
            if (d.devices.memballoon == null) {
                d.devices.memballoon = new Memballoon();
                d.devices.memballoon.model = "virtio";
            }
        }
        if (d.devices.audio.isEmpty()) {
            boolean spice = false;
            for (var g : d.devices.graphics) {
                spice |= "spice".equals(g.type);
            }
            d.devices.audio.add(new Generic().attribute("id", "1").attribute("type", spice ? "spice" : "none"));
        }
        DomainDefaults.applyGeneric(d, live, arch);
        validateDisks(d);
        validateFeatures(d);
        if (d.devices.emulator == null) {
            d.devices.emulator = caps.binary();
        }
        nvram(d);
        if (caps.cpuModels().contains("qemu64")) {
            defaultCpu(d);
        }
        for (Disk disk : d.devices.disk) {
            diskDriver(disk);
        }
        if (Dom.isX86(d)) {
            for (Chardev c : d.devices.serial) {
                isaSerial(c);
            }
        }
        for (Controller c : d.devices.controller) {
            if ("usb".equals(c.type) && c.model == null && Dom.num(c.index, 0) == 0) {
                c.model = Dom.isQ35(d) ? "qemu-xhci" : "piix3-uhci";
            }
            if ("scsi".equals(c.type) && c.model == null) {
                c.model = "lsilogic";
            }
        }
        for (Interface nic : d.devices.interfaces) {
            if (nic.model == null) {
                nic.model = new Generic().attribute("type", "rtl8139");
            }
        }
        assignUsbPorts(d);
        assignVirtioSerialPorts(d);
        if (Dom.isQ35(d)) {
            new Q35(d).assign();
        } else if (Dom.isI440fx(d)) {
            new I440fx(d).assign();
        }
        for (Controller c : d.devices.controller) {
            if ("pci".equals(c.type) && "pcie-root-port".equals(c.model)) {
                Element model = Dom.first(c.other, "model");
                if (model == null) {
                    c.other.add(0, element(c.other, "model", "name", "pcie-root-port"));
                }
                Element target = Dom.first(c.other, "target");
                if (target == null) {
                    target = element(c.other, "target");
                    c.other.add(target);
                }
                if (!target.hasAttribute("chassis")) {
                    target.setAttribute("chassis", c.index);
                }
                if (!target.hasAttribute("port")) {
                    int port = (Dom.num(c.address.slot, 0) << 3) + Dom.num(c.address.function, 0);
                    target.setAttribute("port", String.format("0x%x", port));
                }
            }
        }
    }

    /**
     * The canonical machine for a definition being defined: an alias such as {@code pc} or {@code q35} becomes
     * the versioned machine it stands for in this binary ({@code pc-i440fx-7.2}), as libvirt stores it.
     */
    public static void canonicalizeMachine(Domain d, QemuCaps caps) {
        String m = d.os.type.machine;
        if (m == null) {
            return;
        }
        for (QemuCaps.Machine mt : caps.machines()) {
            if (m.equals(mt.alias())) {
                d.os.type.machine = mt.name();
                return;
            }
        }
    }

    /** Live aliases ({@code <alias name>}) for a running domain's XML, the same names as the {@code id=}s. */
    public static void assignAliases(Domain d) {
        for (Disk disk : d.devices.disk) {
            disk.alias = Dom.aliasOf(QemuAliases.disk(d, disk));
        }
        for (int i = 0; i < d.devices.interfaces.size(); i++) {
            Interface nic = d.devices.interfaces.get(i);
            nic.alias = Dom.aliasOf(QemuAliases.net(nic, i));
        }
        chrAliases(d.devices.serial, "serial");
        chrAliases(d.devices.parallel, "parallel");
        chrAliases(d.devices.channel, "channel");
        for (int i = 0; i < d.devices.console.size(); i++) {
            Chardev c = d.devices.console.get(i);
            boolean serial = c.target == null || c.target.type == null || "serial".equals(c.target.type);
            c.alias = Dom.aliasOf(i == 0 && serial && !d.devices.serial.isEmpty() ? "serial0" : "console" + i);
        }
        for (int i = 0; i < d.devices.input.size(); i++) {
            d.devices.input.get(i).alias = Dom.aliasOf("input" + i);
        }
        for (int i = 0; i < d.devices.video.size(); i++) {
            d.devices.video.get(i).alias = Dom.aliasOf("video" + i);
        }
        for (int i = 0; i < d.devices.sound.size(); i++) {
            d.devices.sound.get(i).alias = Dom.aliasOf("sound" + i);
        }
        for (int i = 0; i < d.devices.watchdog.size(); i++) {
            d.devices.watchdog.get(i).alias = Dom.aliasOf("watchdog" + i);
        }
        for (int i = 0; i < d.devices.rng.size(); i++) {
            d.devices.rng.get(i).alias = Dom.aliasOf("rng" + i);
        }
        if (d.devices.memballoon != null && !"none".equals(d.devices.memballoon.model)) {
            d.devices.memballoon.alias = Dom.aliasOf("balloon0");
        }
    }

    private static void chrAliases(List<Chardev> list, String prefix) {
        for (int i = 0; i < list.size(); i++) {
            list.get(i).alias = Dom.aliasOf(prefix + i);
        }
    }

    private static void addInput(Domain d, String type, String bus) {
        for (Input in : d.devices.input) {
            if (type.equals(in.type) && bus.equals(in.bus)) {
                return;
            }
        }
        Input in = new Input();
        in.type = type;
        in.bus = bus;
        d.devices.input.add(in);
    }

    private static void addController(Domain d, String type, int index, String model) {
        if (Dom.controller(d, type, index) != null) {
            return;
        }
        Controller c = new Controller(type, index);
        c.model = model;
        insertController(d, c);
    }

    /** libvirt's insertion: before a same-type controller with a higher index, else after the last of its type. */
    static void insertController(Domain d, Controller c) {
        List<Controller> list = d.devices.controller;
        int at = -1;
        int idx = Dom.num(c.index, 0);
        for (int i = list.size() - 1; i >= 0; i--) {
            Controller cur = list.get(i);
            if (cur.type.equals(c.type)) {
                if (Dom.num(cur.index, 0) > idx) {
                    at = i;
                } else if (at == -1) {
                    at = i + 1;
                }
            }
        }
        if (at == -1) {
            list.add(c);
        } else {
            list.add(at, c);
        }
    }

    private static VirException unsupported(String message) {
        return QemuCommandBuilder.unsupported(message);
    }

    private static String source(Disk disk) {
        if (disk.source == null) {
            return "";
        }
        return disk.source.file != null ? disk.source.file : disk.source.dev != null ? disk.source.dev
                : disk.source.name != null ? disk.source.name : "";
    }

    /** The disk checks libvirt's QEMU driver makes when a definition is parsed, with its messages. */
    private static void validateDisks(Domain d) {
        List<Disk> disks = d.devices.disk;
        for (int i = 0; i < disks.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (disks.get(i).target.dev.equals(disks.get(j).target.dev)) {
                    throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.XML_ERROR, "target '"
                            + disks.get(i).target.dev + "' duplicated for disk sources '" + source(disks.get(i))
                            + "' and '" + source(disks.get(j)) + "'");
                }
            }
        }
        for (Disk disk : disks) {
            String dev = disk.target.dev;
            String bus = disk.target.bus;
            if (!dev.isEmpty() && Character.isDigit(dev.charAt(dev.length() - 1))) {
                throw unsupported("invalid disk target '" + dev + "', partitions can't appear in disk targets");
            }
            String fmt = disk.driver == null ? null : disk.driver.attribute("type");
            if (fmt != null) {
                switch (fmt) {
                    case "cow" -> throw unsupported("'cow' storage format is not supported");
                    case "dir" -> throw unsupported("'directory' storage format is not directly supported by QEMU, "
                            + "use 'dir' disk type instead");
                    case "iso" -> throw unsupported("storage format 'iso' is not directly supported by QEMU, use "
                            + "'raw' instead");
                    default -> { }
                }
            }
            if (disk.shareable != null && fmt != null && !"raw".equals(fmt)) {
                throw unsupported("shared access for disk '" + dev + "' requires use of supported storage format");
            }
            Address a = disk.address;
            if (a != null && a.type != null) {
                boolean ok = switch (bus) {
                    case "ide", "sata", "scsi", "fdc" -> "drive".equals(a.type);
                    case "usb" -> "usb".equals(a.type);
                    default -> true;
                };
                if (!ok && "usb".equals(bus)) {
                    throw VirException.of(VirErrorDomain.QEMU, VirErrorCode.INTERNAL_ERROR,
                            "unexpected address type for usb disk");
                }
                if (!ok) {
                    throw unsupported("Invalid address type '" + a.type + "' for the disk '" + dev
                            + "' with the bus type '" + bus + "'");
                }
            }
        }
        for (int i = 0; i < disks.size(); i++) {
            Address a = disks.get(i).address;
            if (a == null || !"drive".equals(a.type)) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                Address b = disks.get(j).address;
                if (b != null && "drive".equals(b.type) && disks.get(i).target.bus.equals(disks.get(j).target.bus)
                        && Dom.num(a.controller, 0) == Dom.num(b.controller, 0)
                        && Dom.num(a.bus, 0) == Dom.num(b.bus, 0) && Dom.num(a.target, 0) == Dom.num(b.target, 0)
                        && Dom.num(a.unit, 0) == Dom.num(b.unit, 0)) {
                    throw unsupported("Found duplicate drive address for disk with target name '"
                            + disks.get(j).target.dev + "' controller='" + Dom.num(a.controller, 0) + "' bus='"
                            + Dom.num(a.bus, 0) + "' target='" + Dom.num(a.target, 0) + "' unit='"
                            + Dom.num(a.unit, 0) + "'");
                }
            }
        }
    }

    private static void validateFeatures(Domain d) {
        if (d.features != null && d.features.smm != null && !Dom.isQ35(d)
                && d.features.smm.tseg != null) {
            throw unsupported("SMM TSEG is only supported with q35 machine type");
        }
        if (d.devices.iommu != null && "intel".equals(d.devices.iommu.model) && !Dom.isQ35(d)) {
            throw unsupported("IOMMU device: 'intel' is only supported with Q35 machines");
        }
    }

    /** Driver {@code qemu} and format {@code raw} unless given, name and type first as libvirt writes them. */
    private static void diskDriver(Disk disk) {
        if ("volume".equals(disk.type) && (disk.driver == null || disk.driver.attribute("type") == null)) {
            if (disk.driver == null) {
                disk.driver = new Generic();
            }
        }
        Generic old = disk.driver == null ? new Generic() : disk.driver;
        Generic drv = new Generic();
        drv.attribute("name", old.attribute("name") == null ? "qemu" : old.attribute("name"));
        String type = old.attribute("type");
        if (type == null && !"volume".equals(disk.type)) {
            type = "raw";
        }
        if (type != null) {
            drv.attribute("type", type);
        }
        old.attributes.forEach((k, v) -> drv.attributes.putIfAbsent(k, v));
        drv.content.addAll(old.content);
        disk.driver = drv;
        if (disk.encryption != null && disk.encryption.attribute("engine") == null) {
            disk.encryption.attribute("engine", "qemu");
        }
    }

    /** x86 serial ports without a target type are ISA serial ports of model isa-serial. */
    private static void isaSerial(Chardev c) {
        if (c.target == null) {
            c.target = new org.virtd.xml.domain.ChardevTarget();
        }
        if (c.target.type == null) {
            c.target.type = "isa-serial";
        }
        String model = switch (c.target.type) {
            case "isa-serial" -> "isa-serial";
            case "isa-debug" -> "isa-debugcon";
            case "usb-serial" -> "usb-serial";
            case "pci-serial" -> "pci-serial";
            default -> null;
        };
        if (model != null && Dom.first(c.target.other, "model") == null) {
            c.target.other.add(0, element(c.target.other, "model", "name", model));
        }
    }

    /** Where libvirt keeps per-domain UEFI variable stores; the driver copies the template there first. */
    public static final String NVRAM_DIR = "/var/lib/libvirt/qemu/nvram";

    /** A read-only pflash loader that is not stateless gets a variable store named after the domain. */
    private static void nvram(Domain d) {
        var loader = d.os.loader;
        if (loader == null || !"pflash".equals(loader.type) || !"yes".equals(loader.readonly)
                || "yes".equals(loader.stateless)) {
            return;
        }
        if (d.os.nvram == null) {
            d.os.nvram = new org.virtd.xml.domain.Nvram();
        }
        if (d.os.nvram.path() == null && d.os.nvram.source() == null) {
            d.os.nvram.content.add(NVRAM_DIR + "/" + d.name + "_VARS.fd");
        }
    }

    /** libvirt's default guest CPU for x86: the machine's default model (qemu64), checks off until start. */
    private static void defaultCpu(Domain d) {
        if (!Dom.isX86(d)) {
            return;
        }
        org.virtd.xml.domain.Cpu cpu = d.cpu;
        if (cpu != null && ((cpu.mode != null && !"custom".equals(cpu.mode)) || cpu.model != null)) {
            return;
        }
        if (cpu == null) {
            cpu = new org.virtd.xml.domain.Cpu();
            d.cpu = cpu;
        }
        cpu.mode = "custom";
        if (cpu.match == null) {
            cpu.match = "exact";
        }
        cpu.check = "none";
        cpu.model = new org.virtd.xml.domain.Cpu.Model("qemu64");
        cpu.model.fallback = "forbid";
    }

    private static Element element(List<Element> near, String name, String... attrs) {
        Document doc = near.isEmpty() ? newDocument() : near.get(0).getOwnerDocument();
        Element e = doc.createElement(name);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            e.setAttribute(attrs[i], attrs[i + 1]);
        }
        return e;
    }

    private static Document newDocument() {
        try {
            return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** USB ports 1, 2, ... on bus 0 for USB devices without an address, in libvirt's device order. */
    private static void assignUsbPorts(Domain d) {
        List<Address> used = new ArrayList<>();
        List<Runnable> wanting = new ArrayList<>();
        for (Input in : d.devices.input) {
            if ("usb".equals(in.bus)) {
                if (in.address != null) {
                    used.add(in.address);
                } else {
                    wanting.add(() -> in.address = usbAddress(used));
                }
            }
        }
        for (Disk disk : d.devices.disk) {
            if ("usb".equals(disk.target.bus)) {
                if (disk.address != null) {
                    used.add(disk.address);
                } else {
                    wanting.add(() -> disk.address = usbAddress(used));
                }
            }
        }
        for (Runnable r : wanting) {
            r.run();
        }
    }

    /**
     * virtio channels without an address get the lowest free port from 1 on controller 0, bus 0 (port 0 stays for
     * a console; libvirt leaves virtio consoles without an address and QEMU places them).
     */
    private static void assignVirtioSerialPorts(Domain d) {
        BitSet used = new BitSet();
        for (Chardev c : d.devices.channel) {
            if (c.address != null && "virtio-serial".equals(c.address.type) && Dom.num(c.address.controller, 0) == 0
                    && Dom.num(c.address.bus, 0) == 0 && c.address.port != null) {
                used.set(Dom.num(c.address.port, 0));
            }
        }
        for (Chardev c : d.devices.channel) {
            boolean virtio = c.target == null || c.target.type == null || "virtio".equals(c.target.type);
            if (!virtio) {
                continue;
            }
            if (c.address == null) {
                c.address = new Address();
                c.address.type = "virtio-serial";
                c.address.controller = "0";
                c.address.bus = "0";
            }
            if (c.address.port == null && "virtio-serial".equals(c.address.type)) {
                int port = used.nextClearBit(1);
                used.set(port);
                c.address.port = Integer.toString(port);
            }
        }
    }

    private static Address usbAddress(List<Address> used) {
        int port = 1;
        boolean taken = true;
        while (taken) {
            taken = false;
            for (Address a : used) {
                if (a.port != null && Dom.num(a.bus, 0) == 0 && a.port.equals(Integer.toString(port))) {
                    taken = true;
                    port++;
                    break;
                }
            }
        }
        Address a = new Address();
        a.type = "usb";
        a.bus = "0";
        a.port = Integer.toString(port);
        used.add(a);
        return a;
    }

    // ---- PCI address assignment ----

    /** One device that wants a PCI address: how to read and set it, and whether it is a PCIe device. */
    private record Want(java.util.function.Supplier<Address> get, java.util.function.Consumer<Address> set,
                        boolean pcie) {
    }

    /** Devices in libvirt's assignment order: controllers, nets, sounds, other controllers, virtio disks, ... */
    static List<Want> wanted(Domain d, boolean q35) {
        List<Want> out = new ArrayList<>();
        for (Controller c : d.devices.controller) {
            if (!q35 && "pci".equals(c.type) && !"pci-root".equals(c.model) && !"pcie-root".equals(c.model)) {
                out.add(new Want(() -> c.address, a -> c.address = a, false));
            }
        }
        for (Interface nic : d.devices.interfaces) {
            if ("hostdev".equals(nic.type)) {
                continue;
            }
            String model = nic.model == null ? "rtl8139" : nic.model.attribute("type");
            boolean pcie = model.startsWith("virtio") || "e1000e".equals(model);
            out.add(new Want(() -> nic.address, a -> nic.address = a, pcie));
        }
        for (Sound s : d.devices.sound) {
            if ("sb16".equals(s.model) || "pcspk".equals(s.model) || "usb".equals(s.model)
                    || (q35 && "ich9".equals(s.model))) {
                continue;
            }
            out.add(new Want(() -> s.address, a -> s.address = a, "ich9".equals(s.model)));
        }
        for (Controller c : d.devices.controller) {
            String t = c.type;
            if ("pci".equals(t) || "fdc".equals(t) || "ccid".equals(t) || "none".equals(c.model)) {
                continue;
            }
            if (("ide".equals(t) || "sata".equals(t) && q35) && Dom.num(c.index, 0) == 0) {
                continue;
            }
            if ("usb".equals(t) && "piix3-uhci".equals(c.model) && Dom.num(c.index, 0) == 0 && !q35) {
                continue;
            }
            if ("usb".equals(t) && c.model != null && c.model.startsWith("ich9-")) {
                continue;
            }
            boolean pcie = c.model != null && (c.model.startsWith("virtio") || c.model.endsWith("xhci"))
                    || "virtio-serial".equals(t);
            out.add(new Want(() -> c.address, a -> c.address = a, pcie));
        }
        for (Disk disk : d.devices.disk) {
            if ("virtio".equals(disk.target.bus)) {
                if (disk.address != null && !Dom.isPci(disk.address)) {
                    throw QemuCommandBuilder.unsupported("virtio disk cannot have an address of type '"
                            + disk.address.type + "'");
                }
                out.add(new Want(() -> disk.address, a -> disk.address = a, true));
            }
        }
        Memballoon b = d.devices.memballoon;
        if (b != null && b.model != null && b.model.startsWith("virtio")) {
            out.add(new Want(() -> b.address, a -> b.address = a, true));
        }
        for (Rng r : d.devices.rng) {
            out.add(new Want(() -> r.address, a -> r.address = a, true));
        }
        for (Watchdog w : d.devices.watchdog) {
            if ("i6300esb".equals(w.model)) {
                out.add(new Want(() -> w.address, a -> w.address = a, false));
            }
        }
        for (int i = 1; i < d.devices.video.size(); i++) {
            Video v = d.devices.video.get(i);
            String type = v.model == null ? null : v.model.attribute("type");
            if (!"none".equals(type)) {
                out.add(new Want(() -> v.address, a -> v.address = a, "virtio".equals(type)));
            }
        }
        for (Input in : d.devices.input) {
            if ("virtio".equals(in.bus)) {
                out.add(new Want(() -> in.address, a -> in.address = a, true));
            }
        }
        return out;
    }

    static Address pci(int bus, int slot, int function) {
        Address a = new Address();
        a.type = "pci";
        a.domain = "0x0000";
        a.bus = String.format("0x%02x", bus);
        a.slot = String.format("0x%02x", slot);
        a.function = String.format("0x%x", function);
        return a;
    }

    /** Which bus/slot/function triples are taken, from explicit addresses. */
    private static final class Slots {
        private final java.util.Map<Integer, BitSet> used = new java.util.HashMap<>();

        boolean taken(int bus, int slot, int fn) {
            BitSet b = used.get(bus);
            return b != null && b.get(slot * 8 + fn);
        }

        boolean slotFree(int bus, int slot) {
            for (int f = 0; f < 8; f++) {
                if (taken(bus, slot, f)) {
                    return false;
                }
            }
            return true;
        }

        void take(int bus, int slot, int fn) {
            used.computeIfAbsent(bus, k -> new BitSet()).set(slot * 8 + fn);
        }

        void take(Address a) {
            if (Dom.isPci(a)) {
                take(Dom.num(a.bus, 0), Dom.num(a.slot, 0), Dom.num(a.function, 0));
            }
        }

        void collect(Domain d) {
            for (Want w : wanted(d, false)) {
                take(w.get().get());
            }
            for (Controller c : d.devices.controller) {
                take(c.address);
            }
            for (Video v : d.devices.video) {
                take(v.address);
            }
            for (Sound s : d.devices.sound) {
                take(s.address);
            }
            for (var h : d.devices.hostdev) {
                take(h.address);
            }
        }

        int nextFreeSlot(int bus, int from) {
            for (int s = from; s < 32; s++) {
                if (slotFree(bus, s)) {
                    return s;
                }
            }
            throw VirException.of(VirErrorDomain.QEMU, VirErrorCode.INTERNAL_ERROR,
                    "No more available PCI slots");
        }
    }

    private static final class I440fx {
        private final Domain d;
        private final Slots slots = new Slots();

        I440fx(Domain d) {
            this.d = d;
        }

        void assign() {
            slots.collect(d);
            // Slot 1 is the PIIX3 south bridge: ISA (0), IDE (1), USB (2), power management (3).
            for (int f = 0; f < 4; f++) {
                slots.take(0, 1, f);
            }
            Controller usb = Dom.controller(d, "usb", 0);
            if (usb != null && "piix3-uhci".equals(usb.model) && usb.address == null) {
                usb.address = pci(0, 1, 2);
            }
            Controller ide = Dom.controller(d, "ide", 0);
            if (ide != null && ide.address == null) {
                ide.address = pci(0, 1, 1);
            }
            if (!d.devices.video.isEmpty()) {
                Video primary = d.devices.video.get(0);
                String type = primary.model == null ? null : primary.model.attribute("type");
                if (primary.address == null && !"none".equals(type)) {
                    if (slots.slotFree(0, 2)) {
                        primary.address = pci(0, 2, 0);
                        slots.take(0, 2, 0);
                    }
                } else if (primary.address == null) {
                    slots.take(0, 2, 0);
                }
            }
            for (Want w : wanted(d, false)) {
                if (w.get().get() == null) {
                    int s = slots.nextFreeSlot(0, 1);
                    slots.take(0, s, 0);
                    w.set().accept(pci(0, s, 0));
                }
            }
        }
    }

    private static final class Q35 {
        private final Domain d;
        private final Slots slots = new Slots();

        Q35(Domain d) {
            this.d = d;
        }

        void assign() {
            slots.collect(d);
            // 1f: LPC (0), SATA (2), SMBus (3) are built into the ICH9.
            slots.take(0, 0x1f, 0);
            slots.take(0, 0x1f, 3);
            Controller sata = Dom.controller(d, "sata", 0);
            if (sata != null && sata.address == null) {
                sata.address = pci(0, 0x1f, 2);
            }
            slots.take(0, 0x1f, 2);
            for (Controller c : d.devices.controller) {
                if ("usb".equals(c.type) && c.model != null && c.model.startsWith("ich9-") && c.address == null) {
                    int fn = switch (c.model) {
                        case "ich9-ehci1" -> 7;
                        case "ich9-uhci2" -> 1;
                        case "ich9-uhci3" -> 2;
                        default -> 0;
                    };
                    c.address = pci(0, 0x1d, fn);
                    if (fn == 0) {
                        c.address.multifunction = "on";
                    }
                    slots.take(c.address);
                }
            }
            for (Sound s : d.devices.sound) {
                if ("ich9".equals(s.model) && s.address == null) {
                    s.address = pci(0, 0x1b, 0);
                    slots.take(s.address);
                }
            }
            if (!d.devices.video.isEmpty()) {
                Video primary = d.devices.video.get(0);
                String type = primary.model == null ? null : primary.model.attribute("type");
                if (primary.address == null && !"none".equals(type) && slots.slotFree(0, 1)) {
                    primary.address = pci(0, 1, 0);
                    slots.take(0, 1, 0);
                }
            }
            int maxIndex = 0;
            for (Controller c : d.devices.controller) {
                if ("pci".equals(c.type)) {
                    maxIndex = Math.max(maxIndex, Dom.num(c.index, 0));
                }
            }
            List<Want> wants = wanted(d, true);
            List<Want> pcie = new ArrayList<>();
            for (Want w : wants) {
                if (w.get().get() != null) {
                    continue;
                }
                if (w.pcie()) {
                    pcie.add(w);
                } else {
                    int s = slots.nextFreeSlot(0, 1);
                    slots.take(0, s, 0);
                    w.set().accept(pci(0, s, 0));
                }
            }
            // Free root ports the user defined take devices first, then new ones are added.
            List<Integer> freePorts = new ArrayList<>();
            for (Controller c : d.devices.controller) {
                if ("pci".equals(c.type) && "pcie-root-port".equals(c.model)) {
                    int idx = Dom.num(c.index, 0);
                    if (!busUsed(idx)) {
                        freePorts.add(idx);
                    }
                }
            }
            int next = maxIndex + 1;
            int added = 0;
            List<Controller> newPorts = new ArrayList<>();
            for (Want w : pcie) {
                int bus;
                if (!freePorts.isEmpty()) {
                    bus = freePorts.remove(0);
                } else {
                    bus = next++;
                    newPorts.add(rootPort(bus));
                    added++;
                }
                w.set().accept(pci(bus, 0, 0));
            }
            if (maxIndex <= 0 && added > 0) {
                newPorts.add(rootPort(next));
            }
            // Root ports share slots as functions 0-7 (the user's first, then the added ones), the first function
            // of a shared slot marked multifunction; other PCI controllers get a slot of their own on pcie.0.
            List<Controller> ports = new ArrayList<>();
            for (Controller c : d.devices.controller) {
                if ("pci".equals(c.type) && c.address == null && !"pcie-root".equals(c.model)) {
                    if ("pcie-root-port".equals(c.model)) {
                        ports.add(c);
                    } else {
                        int s = slots.nextFreeSlot(0, 1);
                        slots.take(0, s, 0);
                        c.address = pci(0, s, 0);
                    }
                }
            }
            ports.addAll(newPorts);
            int slot = -1;
            int fn = 8;
            for (Controller c : ports) {
                if (fn == 8) {
                    slot = slots.nextFreeSlot(0, 1);
                    fn = 0;
                }
                c.address = pci(0, slot, fn);
                slots.take(0, slot, fn);
                fn++;
            }
            for (Controller c : ports) {
                boolean sharedSlot = false;
                for (Controller o : ports) {
                    if (o != c && o.address.slot.equals(c.address.slot)) {
                        sharedSlot = true;
                    }
                }
                if (sharedSlot && Dom.num(c.address.function, 0) == 0) {
                    c.address.multifunction = "on";
                }
            }
            for (Controller c : newPorts) {
                insertController(d, c);
            }
        }

        private boolean busUsed(int bus) {
            for (int s = 0; s < 32; s++) {
                if (!slots.slotFree(bus, s)) {
                    return true;
                }
            }
            return false;
        }

        private Controller rootPort(int index) {
            Controller c = new Controller("pci", index);
            c.model = "pcie-root-port";
            c.otherAttributes.remove(new QName("model"));
            return c;
        }
    }
}
