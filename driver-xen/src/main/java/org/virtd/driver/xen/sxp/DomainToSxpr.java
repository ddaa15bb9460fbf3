package org.virtd.driver.xen.sxp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.virtd.xml.DomainDefaults;
import org.virtd.xml.Units;
import org.virtd.xml.Uuids;
import org.virtd.xml.domain.Boot;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Devices;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Features;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Graphics;
import org.virtd.xml.domain.Hostdev;
import org.virtd.xml.domain.Input;
import org.virtd.xml.domain.Interface;
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Sound;
import org.virtd.xml.domain.Timer;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * Domain → the one-line xend S-expression libvirt 4.5.0 wrote for xend ({@code xenFormatSxpr}, for the newest
 * xend: managed domains, new-style PV framebuffer, persistent RTC offset). The layout (which values are quoted,
 * where the spaces go) is libvirt's, so the text matches its output byte for byte.
 */
final class DomainToSxpr {
    private static final String DEFAULT_VIF_SCRIPT = "vif-bridge";

    private final Domain d;
    private final Devices dev;
    private final boolean hvm;
    private final List<Disk> ordered;
    private final StringBuilder out = new StringBuilder();

    private DomainToSxpr(Domain d) {
        this.d = d;
        this.dev = d.devices != null ? d.devices : new Devices();
        this.hvm = d.os != null && d.os.type != null && "hvm".equals(strip(d.os.type.value));
        this.ordered = libvirtDiskOrder(dev.disk);
    }

    /**
     * The order libvirt's parser gives disks: each one goes before the first disk on its bus with a higher
     * target index, else after the last disk on its bus, else at the end.
     */
    private static List<Disk> libvirtDiskOrder(List<Disk> disks) {
        List<Disk> out = new ArrayList<>();
        for (Disk disk : disks) {
            String bus = bus(disk);
            int index = DomainDefaults.diskIndex(target(disk));
            int insertAt = -1;
            for (int i = out.size() - 1; i >= 0; i--) {
                Disk other = out.get(i);
                if (bus.equals(bus(other))) {
                    if (DomainDefaults.diskIndex(target(other)) > index) {
                        insertAt = i;
                    } else if (insertAt == -1) {
                        insertAt = i + 1;
                    }
                }
            }
            out.add(insertAt < 0 ? out.size() : insertAt, disk);
        }
        return out;
    }

    /** The target name as libvirt's parser keeps it: Xen's "ioemu:" prefix is dropped. */
    private static String target(Disk disk) {
        String dst = disk.target != null && disk.target.dev != null ? disk.target.dev : "";
        return dst.startsWith("ioemu:") ? dst.substring(6) : dst;
    }

    /** The bus libvirt's parser assigns when the target has none, from the target name. */
    private static String bus(Disk disk) {
        if (disk.target != null && disk.target.bus != null) {
            return disk.target.bus;
        }
        return DomainDefaults.busFor(target(disk));
    }

    static String format(Domain d) throws SxprException {
        return new DomainToSxpr(d).run();
    }

    private String run() throws SxprException {
        if (d.name == null) {
            throw new SxprException("missing domain name");
        }
        long maxKiB = kib(d.memory, "memory");
        long curKiB = d.currentMemory != null ? kib(d.currentMemory, "currentMemory") : maxKiB;
        if (curKiB > maxKiB || curKiB == 0) {
            curKiB = maxKiB;
        }
        int maxVcpus = d.vcpu != null && d.vcpu.count != null ? Integer.parseInt(d.vcpu.count.strip()) : 1;
        int vcpus = d.vcpu != null && d.vcpu.current != null ? Integer.parseInt(d.vcpu.current.strip()) : maxVcpus;
        out.append("(vm ");
        out.append("(name ").append(SexprPrinter.quote(d.name)).append(')');
        out.append("(memory ").append(divUp(curKiB)).append(")(maxmem ").append(divUp(maxKiB)).append(')');
        out.append("(vcpus ").append(maxVcpus).append(')');
        vcpuAvail(vcpus, maxVcpus);
        if (d.vcpu != null && d.vcpu.cpuset != null) {
            out.append("(cpus ").append(SexprPrinter.quote(CpuList.canonical(d.vcpu.cpuset))).append(')');
        }
        if (d.uuid == null) {
            throw new SxprException("missing domain uuid");
        }
        out.append("(uuid '").append(Uuids.parse(d.uuid)).append("')");
        if (d.description != null) {
            out.append("(description ").append(SexprPrinter.quote(d.description)).append(')');
        }
        if (d.bootloader != null) {
            if (d.bootloader.isEmpty()) {
                out.append("(bootloader)");
            } else {
                out.append("(bootloader ").append(SexprPrinter.quote(d.bootloader)).append(')');
            }
            if (d.bootloaderArgs != null) {
                out.append("(bootloader_args ").append(SexprPrinter.quote(d.bootloaderArgs)).append(')');
            }
        }
        out.append("(on_poweroff '").append(orDefault(d.onPoweroff, "destroy")).append("')");
        out.append("(on_reboot '").append(orDefault(d.onReboot, "restart")).append("')");
        out.append("(on_crash '").append(orDefault(d.onCrash, "destroy")).append("')");

        boolean inImage = false;
        String cmdline = d.os != null ? d.os.cmdline : null;
        if (d.bootloader == null) {
            out.append(hvm ? "(image (hvm " : "(image (linux ");
            inImage = true;
            image(vcpus, maxVcpus);
        } else if (cmdline != null) {
            out.append("(image (linux (args ").append(SexprPrinter.quote(cmdline)).append(')');
            inImage = true;
        }
        if (!inImage) {
            out.append(hvm ? "(image (hvm " : "(image (linux ");
        }
        int localtime = clock();
        // the post-3.1 location inside the image, then the older one at the top level that xend also reads
        out.append("(localtime ").append(localtime).append(")))");
        out.append("(localtime ").append(localtime).append(')');

        for (Disk disk : ordered) {
            disk(disk);
        }
        for (Interface net : dev.interfaces) {
            net(net);
        }
        pci();
        if (!hvm && dev.graphics.size() == 1) {
            graphicsNew(dev.graphics.get(0));
        }
        out.append(')');
        return out.toString();
    }

    private void vcpuAvail(int vcpus, int maxVcpus) {
        if (vcpus < maxVcpus) {
            out.append("(vcpu_avail ").append(Long.toUnsignedString((1L << vcpus) - 1)).append(')');
        }
    }

    private void image(int vcpus, int maxVcpus) throws SxprException {
        String loader = d.os.loader != null ? d.os.loader.path : null;
        if (hvm && loader == null) {
            throw new SxprException("no HVM domain loader");
        }
        if (d.os.kernel != null) {
            out.append("(kernel ").append(SexprPrinter.quote(d.os.kernel)).append(')');
        }
        if (d.os.initrd != null) {
            out.append("(ramdisk ").append(SexprPrinter.quote(d.os.initrd)).append(')');
        }
        String root = osRoot();
        if (root != null) {
            out.append("(root ").append(SexprPrinter.quote(root)).append(')');
        }
        if (d.os.cmdline != null) {
            out.append("(args ").append(SexprPrinter.quote(d.os.cmdline)).append(')');
        }
        if (hvm) {
            out.append(d.os.kernel != null ? "(loader " : "(kernel ").append(SexprPrinter.quote(loader)).append(')');
            out.append("(vcpus ").append(maxVcpus).append(')');
            vcpuAvail(vcpus, maxVcpus);
            StringBuilder order = new StringBuilder();
            for (Boot b : d.os.boot) {
                order.append(switch (orDefault(b.dev, "hd")) {
                    case "fd" -> 'a';
                    case "cdrom" -> 'd';
                    case "network" -> 'n';
                    default -> 'c';
                });
            }
            out.append("(boot ").append(order.isEmpty() ? "c" : order).append(')');
            for (Disk disk : ordered) {
                if ("floppy".equals(disk.device)) {
                    out.append('(').append(SexprPrinter.escape(target(disk))).append(' ')
                            .append(SexprPrinter.quote(String.valueOf(diskSource(disk)))).append(')');
                }
            }
            Features f = d.features != null ? d.features : new Features();
            feature(f.acpi != null && on(f.acpi.state), "acpi");
            feature(f.apic != null, "apic");
            // the libxl driver's x86 guest capabilities turn PAE on unless the definition says otherwise
            feature(f.pae == null || on(f.pae.state), "pae");
            feature(f.hap != null && on(f.hap.state), "hap");
            feature(f.viridian != null && on(f.viridian.state), "viridian");
            out.append("(usb 1)");
            for (Input in : dev.input) {
                if ("usb".equals(in.bus)) {
                    switch (String.valueOf(in.type)) {
                        case "mouse" -> out.append("(usbdevice mouse)");
                        case "tablet" -> out.append("(usbdevice tablet)");
                        case "keyboard" -> out.append("(usbdevice keyboard)");
                        default -> throw new SxprException("unexpected input type " + in.type);
                    }
                }
            }
            if (!dev.parallel.isEmpty()) {
                out.append("(parallel ").append(Chr.format(dev.parallel.get(0))).append(')');
            } else {
                out.append("(parallel none)");
            }
            serials();
            if (!dev.sound.isEmpty()) {
                List<String> models = new ArrayList<>();
                for (Sound s : dev.sound) {
                    models.add(SexprPrinter.escape(s.model));
                }
                out.append("(soundhw '").append(String.join(",", models)).append("')");
            }
        }
        if (dev.emulator != null) {
            out.append("(device_model ").append(SexprPrinter.quote(dev.emulator.strip())).append(')');
        }
        if (d.clock != null) {
            for (Timer t : d.clock.timer) {
                if ("hpet".equals(t.name) && t.present != null) {
                    out.append("(hpet ").append("yes".equals(t.present) ? 1 : 0).append(')');
                    break;
                }
            }
        }
        if (hvm && dev.graphics.size() == 1) {
            graphicsOld(dev.graphics.get(0));
        }
    }

    /** libvirt's os.root has no XML form of its own in 9.0; a {@code <root>} kept under os is honoured. */
    private String osRoot() {
        for (Element e : d.os.other) {
            if ("root".equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }

    private void serials() throws SxprException {
        List<Chardev> serials = new ArrayList<>(dev.serial);
        if (serials.isEmpty() && !dev.console.isEmpty()) {
            // libvirt turns an HVM guest's only console into serial port 0 (console/serial compatibility).
            Chardev c = dev.console.get(0);
            String tt = c.target != null ? c.target.type : null;
            if (tt == null || "serial".equals(tt)) {
                serials.add(c);
            }
        }
        if (serials.isEmpty()) {
            out.append("(serial none)");
            return;
        }
        if (serials.size() == 1 && port(serials.get(0), 0) == 0) {
            out.append("(serial ").append(Chr.format(serials.get(0))).append(')');
            return;
        }
        int maxPort = -1;
        for (int i = 0; i < serials.size(); i++) {
            maxPort = Math.max(maxPort, port(serials.get(i), i));
        }
        out.append("(serial (");
        for (int p = 0; p <= maxPort; p++) {
            if (p > 0) {
                out.append(' ');
            }
            Chardev found = null;
            for (int i = 0; i < serials.size(); i++) {
                if (port(serials.get(i), i) == p) {
                    found = serials.get(i);
                    break;
                }
            }
            out.append(found != null ? Chr.format(found) : "none");
        }
        out.append("))");
    }

    private static int port(Chardev c, int index) {
        if (c.target != null && c.target.port != null) {
            return Integer.parseInt(c.target.port.strip());
        }
        return index;
    }

    private void feature(boolean present, String name) {
        if (present) {
            out.append('(').append(name).append(" 1)");
        }
    }

    private static boolean on(String state) {
        return state == null || "on".equals(state);
    }

    private int clock() throws SxprException {
        String offset = d.clock != null && d.clock.offset != null ? d.clock.offset : "utc";
        boolean reset = d.clock != null && "reset".equals(d.clock.adjustment);
        if (hvm) {
            int localtime;
            long adjustment;
            switch (offset) {
                case "variable" -> {
                    localtime = "localtime".equals(d.clock.basis) ? 1 : 0;
                    adjustment = d.clock.adjustment != null ? Long.parseLong(d.clock.adjustment.strip()) : 0;
                }
                case "utc", "localtime" -> {
                    if (reset) {
                        throw new SxprException("unsupported clock adjustment='reset'");
                    }
                    localtime = "localtime".equals(offset) ? 1 : 0;
                    adjustment = 0;
                }
                default -> throw new SxprException("unsupported clock offset='" + offset + "'");
            }
            out.append("(rtc_timeoffset ").append((int) adjustment).append(')');
            return localtime;
        }
        return switch (offset) {
            case "utc" -> 0;
            case "localtime" -> 1;
            default -> throw new SxprException("unsupported clock offset='" + offset + "'");
        };
    }

    private void disk(Disk disk) throws SxprException {
        if (hvm && "floppy".equals(disk.device)) {
            return; // xend keeps floppies in the image block
        }
        boolean cdrom = "cdrom".equals(disk.device);
        String driver = disk.driver != null ? disk.driver.attribute("name") : null;
        String dst = disk.target != null && disk.target.dev != null ? target(disk) : null;
        if (dst == null) {
            throw new SxprException("missing disk target");
        }
        out.append("(device ");
        out.append("tap".equals(driver) ? "(tap " : "tap2".equals(driver) ? "(tap2 " : "(vbd ");
        if (hvm) {
            out.append("(dev '").append(SexprPrinter.escape(dst)).append(cdrom ? ":cdrom')" : ":disk')");
        } else if (cdrom) {
            out.append("(dev '").append(SexprPrinter.escape(dst)).append(":cdrom')");
        } else {
            out.append("(dev '").append(SexprPrinter.escape(dst)).append("')");
        }
        String src = diskSource(disk);
        if (src != null) {
            if (driver != null) {
                out.append("(uname '").append(SexprPrinter.escape(driver)).append(':');
                if ("tap".equals(driver) || "tap2".equals(driver)) {
                    String format = disk.driver.attribute("type");
                    out.append(SexprPrinter.escape(format == null || "raw".equals(format) ? "aio" : format))
                            .append(':');
                }
                out.append(SexprPrinter.escape(src)).append("')");
            } else if ("block".equals(disk.type)) {
                out.append(src.startsWith("/") ? "(uname 'phy:" : "(uname 'phy:/dev/")
                        .append(SexprPrinter.escape(src)).append("')");
            } else if (disk.type == null || "file".equals(disk.type)) {
                out.append("(uname 'file:").append(SexprPrinter.escape(src)).append("')");
            } else {
                throw new SxprException("unsupported disk type " + disk.type);
            }
        }
        if (disk.readonly != null) {
            out.append("(mode 'r')");
        } else if (disk.shareable != null) {
            out.append("(mode 'w!')");
        } else {
            out.append("(mode 'w')");
        }
        if (Dom.child(disk.other, "transient") != null) {
            throw new SxprException("transient disks not supported yet");
        }
        out.append("))");
    }

    private static String diskSource(Disk disk) {
        if (disk.source == null) {
            return null;
        }
        return disk.source.file != null ? disk.source.file : disk.source.dev;
    }

    private void net(Interface net) throws SxprException {
        String type = net.type;
        if (!"bridge".equals(type) && !"network".equals(type) && !"ethernet".equals(type)) {
            throw new SxprException("unsupported network type " + type);
        }
        Element scriptEl = Dom.child(net.other, "script");
        String script = scriptEl != null ? scriptEl.getAttribute("path") : null;
        out.append("(device (vif ");
        String mac = net.mac != null ? net.mac.attribute("address") : null;
        if (mac == null) {
            throw new SxprException("interface without a MAC address");
        }
        out.append("(mac '").append(mac.toLowerCase(Locale.ROOT)).append("')");
        Element bw = Dom.child(net.other, "bandwidth");
        Element outbound = bw != null ? Dom.child(bw, "outbound") : null;
        if (outbound != null && !outbound.getAttribute("average").isEmpty()
                && Long.parseLong(outbound.getAttribute("average")) != 0) {
            out.append("(rate '").append(Long.parseLong(outbound.getAttribute("average"))).append("KB/s')");
        }
        List<Element> ips = Dom.children(net.other, "ip");
        if (ips.size() > 1) {
            throw new SxprException("Driver does not support setting multiple IP addresses");
        }
        switch (type) {
            case "bridge" -> {
                String br = net.source != null ? net.source.bridge : null;
                out.append("(bridge ").append(SexprPrinter.quote(String.valueOf(br))).append(')');
                out.append("(script ").append(SexprPrinter.quote(script != null ? script : DEFAULT_VIF_SCRIPT))
                        .append(')');
                ip(ips);
            }
            case "network" -> throw new SxprException("network '" + (net.source != null ? net.source.network : "")
                    + "' cannot be resolved to a bridge here");
            default -> {
                if (script != null) {
                    out.append("(script ").append(SexprPrinter.quote(script)).append(')');
                }
                ip(ips);
            }
        }
        String ifname = net.target != null ? net.target.attribute("dev") : null;
        if (ifname != null && !ifname.startsWith("vif")) {
            out.append("(vifname ").append(SexprPrinter.quote(ifname)).append(')');
        }
        String model = net.model != null ? net.model.attribute("type") : null;
        if (hvm && "netfront".equals(model)) {
            out.append("(type netfront)");
        } else if (model != null) {
            out.append("(model ").append(SexprPrinter.quote(model)).append(')');
        }
        out.append("))");
    }

    private void ip(List<Element> ips) {
        if (ips.size() == 1) {
            out.append("(ip ").append(SexprPrinter.quote(ips.get(0).getAttribute("address"))).append(')');
        }
    }

    private void pci() throws SxprException {
        List<Hostdev> pci = new ArrayList<>();
        for (Hostdev h : dev.hostdev) {
            if ("subsystem".equals(h.mode) && "pci".equals(h.type)) {
                pci.add(h);
            }
        }
        if (pci.isEmpty()) {
            return;
        }
        out.append("(device (pci ");
        for (Hostdev h : pci) {
            if ("yes".equals(h.managed)) {
                throw new SxprException("managed PCI devices not supported with XenD");
            }
            var a = h.source != null ? h.source.address : null;
            if (a == null) {
                throw new SxprException("PCI host device without a source address");
            }
            out.append(String.format(Locale.ROOT, "(dev (domain 0x%04x)(bus 0x%02x)(slot 0x%02x)(func 0x%x))",
                    num(a.domain), num(a.bus), num(a.slot), num(a.function)));
        }
        out.append("))");
    }

    private static int num(String s) {
        if (s == null) {
            return 0;
        }
        s = s.strip();
        return s.startsWith("0x") || s.startsWith("0X") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
    }

    private void graphicsOld(Graphics g) throws SxprException {
        switch (String.valueOf(g.type)) {
            case "sdl" -> {
                out.append("(sdl 1)");
                sdl(g);
            }
            case "vnc" -> {
                out.append("(vnc 1)");
                vnc(g);
            }
            default -> throw new SxprException("unexpected graphics type " + g.type);
        }
    }

    private void graphicsNew(Graphics g) throws SxprException {
        if (!"sdl".equals(g.type) && !"vnc".equals(g.type)) {
            throw new SxprException("unexpected graphics type " + g.type);
        }
        out.append("(device (vkbd))(device (vfb ");
        if ("sdl".equals(g.type)) {
            out.append("(type sdl)");
            sdl(g);
        } else {
            out.append("(type vnc)");
            vnc(g);
        }
        out.append("))");
    }

    private void sdl(Graphics g) {
        String display = g.otherAttributes.get(new QName("display"));
        String xauth = g.otherAttributes.get(new QName("xauth"));
        if (display != null) {
            out.append("(display '").append(display).append("')");
        }
        if (xauth != null) {
            out.append("(xauthority '").append(xauth).append("')");
        }
    }

    private void vnc(Graphics g) {
        boolean autoport = "yes".equals(g.autoport) || g.port == null || "-1".equals(g.port.strip());
        if (autoport) {
            out.append("(vncunused 1)");
        } else {
            out.append("(vncunused 0)(vncdisplay ").append(Integer.parseInt(g.port.strip()) - 5900).append(')');
        }
        String listen = g.listenAddress;
        if (listen == null) {
            for (Generic l : g.listen) {
                if (l.attribute("address") != null) {
                    listen = l.attribute("address");
                    break;
                }
            }
        }
        if (listen != null) {
            out.append("(vnclisten ").append(SexprPrinter.quote(listen)).append(')');
        }
        String passwd = g.otherAttributes.get(new QName("passwd"));
        if (passwd != null) {
            out.append("(vncpasswd ").append(SexprPrinter.quote(passwd)).append(')');
        }
        String keymap = g.otherAttributes.get(new QName("keymap"));
        if (keymap != null) {
            out.append("(keymap ").append(SexprPrinter.quote(keymap)).append(')');
        }
    }

    private static long kib(ScaledInteger v, String what) throws SxprException {
        if (v == null || v.value == null) {
            throw new SxprException("missing " + what);
        }
        return Units.toKiB(v.value, v.unit, what);
    }

    private static long divUp(long kib) {
        return (kib + 1023) / 1024;
    }

    private static String orDefault(String v, String dflt) {
        return v != null ? v.strip() : dflt;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
