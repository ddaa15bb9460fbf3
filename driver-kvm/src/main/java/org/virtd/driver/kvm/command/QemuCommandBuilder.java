package org.virtd.driver.kvm.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.xml.domain.Address;
import org.virtd.xml.domain.Boot;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Controller;
import org.virtd.xml.domain.Cpu;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Features;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Graphics;
import org.virtd.xml.domain.Input;
import org.virtd.xml.domain.Interface;
import org.virtd.xml.domain.Memballoon;
import org.virtd.xml.domain.Panic;
import org.virtd.xml.domain.Rng;
import org.virtd.xml.domain.Timer;
import org.virtd.xml.domain.Video;
import org.virtd.xml.domain.Watchdog;
import org.w3c.dom.Element;

/**
 * Builds the environment and argv that start a domain the way libvirt 9.0's QEMU driver does with QEMU 7.2: the
 * same options in the same order, devices as JSON {@code -device}/{@code -blockdev}/{@code -netdev}/{@code
 * -object} values with libvirt's aliases as ids. The definition must have been through
 * {@link QemuDomainDefaults#apply} (machine, controllers, PCI addresses, aliases are read, not invented here).
 *
 * <p>Where libvirt passes file descriptors (monitor, listening chardev sockets, taps) this builder names paths
 * instead, because a Java parent cannot hand descriptors to its child: the monitor is a {@code path=} socket QEMU
 * creates, UNIX chardev sockets are created by QEMU too, and taps are opened by name (see {@link LaunchContext}).
 * VNC ports are taken from the definition: the driver writes the port it allocated before building.
 */
public final class QemuCommandBuilder {
    private static final String SANDBOX = "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny";

    private final Domain def;
    private final QemuCaps caps;
    private final LaunchContext ctx;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    /** Boot indexes from {@code <os><boot dev>}, keyed by the device object that gets them. */
    private final Map<Object, Integer> bootIndex = new java.util.IdentityHashMap<>();

    private QemuCommandBuilder(Domain def, QemuCaps caps, LaunchContext ctx) {
        this.def = def;
        this.caps = caps;
        this.ctx = ctx;
    }

    /**
     * The command line for {@code def}.
     *
     * @throws VirException CONFIG_UNSUPPORTED (domain QEMU) for configurations libvirt refuses to start, with
     *     libvirt's message; INTERNAL_ERROR for a definition that skipped {@link QemuDomainDefaults}
     */
    public static QemuCommand build(Domain def, QemuCaps caps, LaunchContext ctx) {
        return new QemuCommandBuilder(def, caps, ctx).run();
    }

    static VirException unsupported(String message) {
        return VirException.of(VirErrorDomain.QEMU, VirErrorCode.CONFIG_UNSUPPORTED, message);
    }

    private QemuCommand run() {
        validate();
        String lib = ctx.libDir().toString();
        env.put("LC_ALL", "C");
        env.put("PATH", ctx.path());
        env.put("HOME", lib);
        if (ctx.user() != null) {
            env.put("USER", ctx.user());
            env.put("LOGNAME", ctx.user());
        }
        env.put("XDG_DATA_HOME", lib + "/.local/share");
        env.put("XDG_CACHE_HOME", lib + "/.cache");
        env.put("XDG_CONFIG_HOME", lib + "/.config");

        String emulator = def.devices.emulator != null ? def.devices.emulator : caps.binary();
        args.add(emulator);
        add("-name", "guest=" + commaEscape(def.name) + ",debug-threads=on");
        args.add("-S");
        if (ctx.masterKeyFile() != null) {
            add("-object", Json.obj().put("qom-type", "secret").put("id", "masterKey0").put("format", "raw")
                    .put("file", ctx.masterKeyFile().toString()).toString());
        }
        pflash();
        machine();
        add("-accel", "kvm".equals(def.type) ? "kvm" : "tcg");
        if (def.features != null && def.features.smm != null && def.features.smm.tseg != null) {
            long mib = kib(def.features.smm.tseg.value, def.features.smm.tseg.unit == null ? "MiB"
                    : def.features.smm.tseg.unit) / 1024;
            add("-global", "mch.extended-tseg-mbytes=" + mib);
        }
        cpu();
        if (def.os.loader != null && "pflash".equals(def.os.loader.type) && "yes".equals(def.os.loader.secure)) {
            add("-global", "driver=cfi.pflash01,property=secure,value=on");
        }
        if (def.os.loader != null && def.os.loader.path != null && !def.os.loader.path.isBlank()
                && !"pflash".equals(def.os.loader.type)) {
            add("-bios", def.os.loader.path.strip());
        }
        memory();
        add("-overcommit", "mem-lock=" + (def.memoryBacking != null && def.memoryBacking.locked != null
                ? "on" : "off"));
        smp();
        add("-uuid", def.uuid);
        if (def.genid != null) {
            add("-device", Json.obj().put("driver", "vmgenid").put("guid", def.genid.strip())
                    .put("id", "vmgenid0").toString());
        }
        if (def.devices.graphics.isEmpty()) {
            add("-display", "none");
        }
        args.add("-no-user-config");
        args.add("-nodefaults");
        add("-chardev", "socket,id=charmonitor,path=" + commaEscape(ctx.monitorSocket().toString())
                + ",server=on,wait=off");
        add("-mon", "chardev=charmonitor,id=monitor,mode=control");
        clock();
        args.add("-no-shutdown");
        pm();
        boot();
        controllers();
        bootIndexes();
        disks();
        nets();
        serials();
        parallels();
        channels();
        consoles();
        inputs();
        audio();
        graphics();
        videos();
        watchdogs();
        memballoon();
        rngs();
        add("-sandbox", SANDBOX);
        panics();
        add("-msg", "timestamp=on");
        return new QemuCommand(env, args);
    }

    private void add(String opt, String value) {
        args.add(opt);
        args.add(value);
    }

    static String commaEscape(String s) {
        return s.replace(",", ",,");
    }

    // ---- validation libvirt does while building ----

    private void validate() {
        if (!def.os.boot.isEmpty() && perDeviceBoot()) {
            throw unsupported("per-device boot elements cannot be used together with os/boot elements");
        }
        if (def.os.bootmenu != null) {
            String t = def.os.bootmenu.timeout;
            if (t != null) {
                long v;
                try {
                    v = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    v = -1;
                }
                if (v < 0 || v > 65535) {
                    throw unsupported("invalid value for boot menu timeout, must be in range [0,65535]");
                }
            }
        }
        if (caps.arch() != null && def.os.type.arch != null && !compatibleArch(caps.arch(), def.os.type.arch)) {
            throw VirException.of(VirErrorDomain.QEMU, VirErrorCode.CONFIG_UNSUPPORTED,
                    "Emulator '" + caps.binary() + "' does not support arch '" + def.os.type.arch + "'");
        }
    }

    private static boolean compatibleArch(String host, String guest) {
        return host.equals(guest) || ("x86_64".equals(host) && "i686".equals(guest));
    }

    private boolean perDeviceBoot() {
        for (Disk d : def.devices.disk) {
            if (d.boot != null) {
                return true;
            }
        }
        for (Interface i : def.devices.interfaces) {
            if (Dom.first(i.other, "boot") != null) {
                return true;
            }
        }
        return false;
    }

    // ---- machine, cpu, memory, smp ----

    private String pflash0;
    private String pflash1;

    /** UEFI (or other pflash) firmware: code as pflash0, the variable store as pflash1, both as block nodes. */
    private void pflash() {
        var loader = def.os.loader;
        if (loader == null || !"pflash".equals(loader.type) || loader.path == null || loader.path.isBlank()) {
            return;
        }
        pflash0 = pflashNodes("pflash0", loader.path.strip(), "yes".equals(loader.readonly));
        String vars = def.os.nvram == null ? null : def.os.nvram.path();
        if (vars == null && def.os.nvram != null && def.os.nvram.source() != null) {
            vars = Dom.attr(def.os.nvram.source(), "file");
        }
        if (vars != null && !vars.isBlank() && !"yes".equals(loader.stateless)) {
            pflash1 = pflashNodes("pflash1", vars.strip(), false);
        }
    }

    private String pflashNodes(String name, String file, boolean readonly) {
        String storage = "libvirt-" + name + "-storage";
        String format = "libvirt-" + name + "-format";
        add("-blockdev", Json.obj().put("driver", "file").put("filename", file).put("node-name", storage)
                .put("auto-read-only", true).put("discard", "unmap").toString());
        add("-blockdev", Json.obj().put("node-name", format).put("read-only", readonly).put("driver", "raw")
                .put("file", storage).toString());
        return format;
    }

    private void machine() {
        StringBuilder m = new StringBuilder(def.os.type.machine);
        m.append(",usb=off");
        Features f = def.features;
        if (f != null && f.vmport != null && f.vmport.state != null) {
            m.append(",vmport=").append(f.vmport.state);
        }
        if (f != null && f.smm != null) {
            String st = f.smm.state == null ? "on" : f.smm.state;
            m.append(",smm=").append(st);
        }
        if (f != null && f.ioapic != null && f.ioapic.driver != null) {
            m.append(",kernel_irqchip=").append("qemu".equals(f.ioapic.driver) ? "split" : "on");
        }
        m.append(",dump-guest-core=off");
        if (!hasNuma()) {
            m.append(",memory-backend=pc.ram");
        }
        if (pflash0 != null) {
            m.append(",pflash0=").append(pflash0);
        }
        if (pflash1 != null) {
            m.append(",pflash1=").append(pflash1);
        }
        Timer hpet = timer("hpet");
        if (hpet != null && "no".equals(hpet.present)) {
            m.append(",hpet=off");
        }
        add("-machine", m.toString());
    }

    private boolean hasNuma() {
        return def.cpu != null && def.cpu.numa != null && !def.cpu.numa.cell.isEmpty();
    }

    private Timer timer(String name) {
        if (def.clock == null) {
            return null;
        }
        for (Timer t : def.clock.timer) {
            if (name.equals(t.name)) {
                return t;
            }
        }
        return null;
    }

    private void cpu() {
        Cpu c = def.cpu;
        String arch = def.os.type.arch;
        // The default model follows the binary, not the guest: an i686 guest of qemu-system-x86_64 gets qemu64.
        String base = "x86_64".equals(caps.arch()) || !"i686".equals(arch) ? "qemu64" : "qemu32";
        StringBuilder s = new StringBuilder();
        if (c != null && "host-passthrough".equals(c.mode)) {
            if (!"kvm".equals(def.type)) {
                throw unsupported("CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is not "
                        + "supported by hypervisor");
            }
            s.append("host,migratable=").append("off".equals(c.migratable) ? "off" : "on");
        } else if (c != null && "host-model".equals(c.mode)) {
            s.append("kvm".equals(def.type) ? "host" : "max");
        } else if (c != null && c.model != null && c.model.value != null) {
            s.append(c.model.value);
        } else {
            s.append(base);
        }
        if (c != null) {
            for (Cpu.Feature feat : c.feature) {
                String p = feat.policy == null ? "require" : feat.policy;
                s.append(',').append(feat.name).append('=')
                        .append("disable".equals(p) || "forbid".equals(p) ? "off" : "on");
            }
        }
        Features f = def.features;
        Timer kvmclock = timer("kvmclock");
        if (kvmclock != null && kvmclock.present != null) {
            s.append(",kvmclock=").append("yes".equals(kvmclock.present) ? "on" : "off");
        }
        if (f != null && f.apic != null && f.apic.eoi != null) {
            s.append(",kvm-pv-eoi=").append("on".equals(f.apic.eoi) ? "on" : "off");
        }
        if (f != null && f.pvspinlock != null && f.pvspinlock.state != null) {
            s.append(",kvm-pv-unhalt=").append(f.pvspinlock.state);
        }
        hyperv(s);
        for (Panic p : def.devices.panic) {
            if ("hyperv".equals(p.model)) {
                s.append(",hv-crash");
                break;
            }
        }
        if (f != null && f.kvm != null) {
            if (f.kvm.hidden != null && "on".equals(f.kvm.hidden.state)) {
                s.append(",kvm=off");
            }
            if (f.kvm.hintDedicated != null && "on".equals(f.kvm.hintDedicated.state)) {
                s.append(",kvm-hint-dedicated=on");
            }
            if (f.kvm.pollControl != null && "on".equals(f.kvm.pollControl.state)) {
                s.append(",kvm-poll-control=on");
            }
            if (f.kvm.pvIpi != null && "off".equals(f.kvm.pvIpi.state)) {
                s.append(",kvm-pv-ipi=off");
            }
        }
        if (f != null && f.pmu != null && f.pmu.state != null) {
            s.append(",pmu=").append(f.pmu.state);
        }
        add("-cpu", s.toString());
    }

    /** Hyper-V enlightenments in libvirt's order; only features switched on are named. */
    private void hyperv(StringBuilder s) {
        Features.Hyperv h = def.features == null ? null : def.features.hyperv;
        if (h == null) {
            return;
        }
        if ("passthrough".equals(h.mode)) {
            s.append(",hv-passthrough=on");
        }
        hv(s, "relaxed", h.relaxed);
        hv(s, "vapic", h.vapic);
        if (h.spinlocks != null && "on".equals(h.spinlocks.state)) {
            s.append(",hv-spinlocks=0x").append(Integer.toHexString(Dom.num(h.spinlocks.retries, 0)));
        }
        hv(s, "vpindex", h.vpindex);
        hv(s, "runtime", h.runtime);
        hv(s, "synic", h.synic);
        if (h.stimer != null && "on".equals(h.stimer.state)) {
            s.append(",hv-stimer=on");
            if (h.stimer.direct != null && "on".equals(h.stimer.direct.state)) {
                s.append(",hv-stimer-direct=on");
            }
        }
        hv(s, "reset", h.reset);
        if (h.vendorId != null && "on".equals(h.vendorId.state)) {
            s.append(",hv-vendor-id=").append(h.vendorId.value);
        }
        hv(s, "frequencies", h.frequencies);
        hv(s, "reenlightenment", h.reenlightenment);
        hv(s, "tlbflush", h.tlbflush);
        hv(s, "ipi", h.ipi);
        hv(s, "evmcs", h.evmcs);
        hv(s, "avic", h.avic);
    }

    private static void hv(StringBuilder s, String name, Features.State st) {
        if (st != null && "on".equals(st.state)) {
            s.append(",hv-").append(name).append("=on");
        }
    }

    /** Initial memory in KiB, rounded up to whole MiB as libvirt aligns it before starting QEMU. */
    private long memoryKiB() {
        long kib = kib(def.memory.value, def.memory.unit);
        if (hasNuma()) {
            kib = 0;
            for (var cell : def.cpu.numa.cell) {
                kib += (kib(cell.memory, cell.unit) + 1023) / 1024 * 1024;
            }
        }
        return (kib + 1023) / 1024 * 1024;
    }

    static long kib(String value, String unit) {
        long v = Long.parseLong(value.strip());
        if (unit == null) {
            return v;
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "b", "bytes" -> (v + 1023) / 1024;
            case "kb" -> (v * 1000 + 1023) / 1024;
            case "k", "kib" -> v;
            case "mb" -> v * 1_000_000 / 1024;
            case "m", "mib" -> v * 1024;
            case "gb" -> v * 1_000_000_000L / 1024;
            case "g", "gib" -> v * 1024 * 1024;
            case "t", "tib" -> v * 1024L * 1024 * 1024;
            default -> v;
        };
    }

    private void memory() {
        long kib = memoryKiB();
        if (def.maxMemory != null && def.maxMemory.slots != null) {
            long max = kib(def.maxMemory.value, def.maxMemory.unit);
            add("-m", "size=" + kib + "k,slots=" + def.maxMemory.slots + ",maxmem=" + max + "k");
        } else {
            add("-m", Long.toString(kib / 1024));
        }
        if (!hasNuma()) {
            Json o = Json.obj().put("qom-type", "memory-backend-ram").put("id", "pc.ram")
                    .put("size", kib * 1024);
            add("-object", o.toString());
        }
    }

    private void smp() {
        int max = Integer.parseInt(def.vcpu.count.strip());
        int cur = def.vcpu.current != null ? Integer.parseInt(def.vcpu.current.strip()) : max;
        StringBuilder s = new StringBuilder().append(cur);
        if (cur != max) {
            s.append(",maxcpus=").append(max);
        }
        Cpu.Topology t = def.cpu == null ? null : def.cpu.topology;
        if (t != null && t.sockets != null) {
            int dies = t.dies == null ? 1 : Integer.parseInt(t.dies);
            s.append(",sockets=").append(t.sockets).append(",dies=").append(dies);
            s.append(",cores=").append(t.cores).append(",threads=").append(t.threads);
        } else {
            s.append(",sockets=").append(max).append(",cores=1,threads=1");
        }
        add("-smp", s.toString());
    }

    // ---- clock, pm, boot ----

    private void clock() {
        String offset = def.clock == null || def.clock.offset == null ? "utc" : def.clock.offset;
        StringBuilder s = new StringBuilder();
        switch (offset) {
            case "utc" -> s.append("base=utc");
            case "localtime", "timezone" -> s.append("base=localtime");
            case "variable" -> {
                long adj = def.clock.adjustment == null ? 0 : Long.parseLong(def.clock.adjustment);
                var then = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(adj)
                        .withNano(0);
                s.append("base=").append(then.format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            }
            default -> throw unsupported("unsupported clock offset '" + offset + "'");
        }
        Timer rtc = timer("rtc");
        if (rtc != null) {
            if ("guest".equals(rtc.track)) {
                s.append(",clock=vm");
            } else if ("wall".equals(rtc.track)) {
                s.append(",clock=host");
            } else if ("realtime".equals(rtc.track)) {
                s.append(",clock=rt");
            }
            if ("catchup".equals(rtc.tickpolicy)) {
                s.append(",driftfix=slew");
            } else if (rtc.tickpolicy != null && !"delay".equals(rtc.tickpolicy)) {
                throw unsupported("unsupported rtc timer tickpolicy '" + rtc.tickpolicy + "'");
            }
        }
        add("-rtc", s.toString());
        Timer pit = timer("pit");
        if (pit != null && pit.tickpolicy != null) {
            switch (pit.tickpolicy) {
                case "delay" -> add("-global", "kvm-pit.lost_tick_policy=delay");
                case "catchup" -> {
                    if ("kvm".equals(def.type)) {
                        throw unsupported("unsupported pit tickpolicy 'catchup'");
                    }
                }
                case "discard" -> add("-global", "kvm-pit.lost_tick_policy=discard");
                default -> { }
            }
        }
    }

    private void pm() {
        if (Dom.isX86(def) && (def.features == null || def.features.acpi == null)) {
            args.add("-no-acpi");
        }
        String obj = Dom.isQ35(def) ? "ICH9-LPC" : "PIIX4_PM";
        if (def.pm != null) {
            String s3 = pmState(def.pm.suspendToMem);
            String s4 = pmState(def.pm.suspendToDisk);
            if (s3 != null) {
                add("-global", obj + ".disable_s3=" + ("no".equals(s3) ? 1 : 0));
            }
            if (s4 != null) {
                add("-global", obj + ".disable_s4=" + ("no".equals(s4) ? 1 : 0));
            }
        }
    }

    private static String pmState(org.virtd.xml.domain.Pm.Enabled g) {
        return g == null ? null : g.enabled;
    }

    private void boot() {
        StringBuilder s = new StringBuilder();
        if (def.os.bootmenu != null && def.os.bootmenu.enable != null) {
            s.append("yes".equals(def.os.bootmenu.enable) ? "menu=on," : "menu=off,");
        }
        if (def.os.bios != null && def.os.bios.rebootTimeout != null) {
            s.append("reboot-timeout=").append(def.os.bios.rebootTimeout).append(',');
        }
        if (def.os.bootmenu != null && def.os.bootmenu.timeout != null) {
            s.append("splash-time=").append(def.os.bootmenu.timeout).append(',');
        }
        s.append("strict=on");
        add("-boot", s.toString());
        if (def.os.kernel != null) {
            add("-kernel", def.os.kernel);
        }
        if (def.os.initrd != null) {
            add("-initrd", def.os.initrd);
        }
        if (def.os.cmdline != null) {
            add("-append", def.os.cmdline);
        }
        if (def.os.dtb != null) {
            add("-dtb", def.os.dtb);
        }
    }

    /** {@code <os><boot dev>} in order: the first device of each kind gets the next bootindex. */
    private void bootIndexes() {
        int next = 1;
        for (Boot b : def.os.boot) {
            Object target = null;
            switch (b.dev == null ? "" : b.dev) {
                case "hd" -> target = firstDisk("disk");
                case "cdrom" -> target = firstDisk("cdrom");
                case "fd" -> target = firstDisk("floppy");
                case "network" -> target = def.devices.interfaces.isEmpty() ? null : def.devices.interfaces.get(0);
                default -> { }
            }
            if (target != null && !bootIndex.containsKey(target)) {
                bootIndex.put(target, next++);
            }
        }
        for (Disk d : def.devices.disk) {
            if (d.boot != null && d.boot.attribute("order") != null) {
                bootIndex.put(d, Integer.parseInt(d.boot.attribute("order")));
            }
        }
        for (Interface i : def.devices.interfaces) {
            Element boot = Dom.first(i.other, "boot");
            if (boot != null && Dom.attr(boot, "order") != null) {
                bootIndex.put(i, Integer.parseInt(Dom.attr(boot, "order")));
            }
        }
    }

    private Disk firstDisk(String device) {
        for (Disk d : def.devices.disk) {
            String dev = d.device == null ? "disk" : d.device;
            if (dev.equals(device)) {
                return d;
            }
        }
        return null;
    }

    // ---- addresses ----

    /** Puts {@code bus} and {@code addr} (and {@code multifunction}) for a PCI address, as libvirt orders them. */
    private void pciAddress(Json j, Address a) {
        if (!Dom.isPci(a)) {
            return;
        }
        int bus = Dom.num(a.bus, 0);
        Controller c = Dom.controller(def, "pci", bus);
        String busName;
        if (c != null && "pcie-root".equals(c.model)) {
            busName = "pcie." + bus;
        } else {
            busName = "pci." + bus;
        }
        j.put("bus", busName);
        if ("on".equals(a.multifunction)) {
            j.put("multifunction", true);
        } else if ("off".equals(a.multifunction)) {
            j.put("multifunction", false);
        }
        int slot = Dom.num(a.slot, 0);
        int fn = Dom.num(a.function, 0);
        j.put("addr", fn == 0 ? String.format("0x%x", slot) : String.format("0x%x.0x%x", slot, fn));
    }

    private void usbAddress(Json j, Address a) {
        if (a == null || !"usb".equals(a.type)) {
            return;
        }
        int bus = Dom.num(a.bus, 0);
        Controller c = Dom.controller(def, "usb", bus);
        String alias = c != null && Dom.first(c.other, "alias") != null
                ? Dom.attr(Dom.first(c.other, "alias"), "name") : QemuAliases.controller(def, "usb", bus, null);
        j.put("bus", alias + ".0");
        j.put("port", a.port);
    }

    // ---- controllers ----

    private void controllers() {
        for (String type : List.of("pci", "usb", "scsi", "ide", "sata", "virtio-serial")) {
            List<Controller> ofType = new ArrayList<>();
            for (Controller c : def.devices.controller) {
                if (type.equals(c.type)) {
                    ofType.add(c);
                }
            }
            // libvirt keeps a USB master before its companions of the same index.
            ofType.sort(java.util.Comparator.comparingInt((Controller c) -> Dom.num(c.index, 0))
                    .thenComparing(c -> Dom.first(c.other, "master") != null));
            for (Controller c : ofType) {
                if (type.equals(c.type)) {
                    controller(c);
                }
            }
        }
    }

    private void controller(Controller c) {
        int index = Dom.num(c.index, 0);
        String alias = QemuAliases.controller(def, c.type, index, c.model);
        String driver = null;
        Json j = Json.obj();
        switch (c.type) {
            case "pci" -> {
                String model = c.model == null ? "" : c.model;
                Element target = Dom.first(c.other, "target");
                switch (model) {
                    case "pci-root", "pcie-root" -> {
                        return;
                    }
                    case "pcie-root-port" -> {
                        j.put("driver", "pcie-root-port");
                        j.put("port", Dom.num(Dom.attr(target, "port"), 0));
                        j.put("chassis", Dom.num(Dom.attr(target, "chassis"), index));
                    }
                    case "pci-bridge" -> {
                        j.put("driver", "pci-bridge");
                        j.put("chassis_nr", Dom.num(Dom.attr(target, "chassisNr"), index));
                    }
                    case "dmi-to-pci-bridge" -> j.put("driver", "i82801b11-bridge");
                    case "pcie-switch-upstream-port" -> j.put("driver", "x3130-upstream");
                    case "pcie-switch-downstream-port" -> {
                        j.put("driver", "xio3130-downstream");
                        j.put("port", Dom.num(Dom.attr(target, "port"), 0));
                        j.put("chassis", Dom.num(Dom.attr(target, "chassis"), index));
                    }
                    case "pci-expander-bus" -> {
                        j.put("driver", "pxb");
                        j.put("bus_nr", Dom.num(Dom.attr(target, "busNr"), 0));
                    }
                    default -> throw unsupported("Unsupported PCI controller model '" + model + "'");
                }
                j.put("id", alias);
                pciAddress(j, c.address);
                add("-device", j.toString());
                return;
            }
            case "usb" -> {
                if ("none".equals(c.model)) {
                    return;
                }
                driver = switch (c.model == null ? "piix3-uhci" : c.model) {
                    case "piix3-uhci" -> "piix3-usb-uhci";
                    case "piix4-uhci" -> "piix4-usb-uhci";
                    case "ehci" -> "usb-ehci";
                    case "ich9-ehci1" -> "ich9-usb-ehci1";
                    case "ich9-uhci1" -> "ich9-usb-uhci1";
                    case "ich9-uhci2" -> "ich9-usb-uhci2";
                    case "ich9-uhci3" -> "ich9-usb-uhci3";
                    case "vt82c686b-uhci" -> "vt82c686b-usb-uhci";
                    case "nec-xhci" -> "nec-usb-xhci";
                    case "qemu-xhci" -> "qemu-xhci";
                    default -> throw unsupported("Unsupported USB controller model '" + c.model + "'");
                };
                j.put("driver", driver);
                String ports = c.otherAttributes.get(new javax.xml.namespace.QName("ports"));
                if (ports != null && driver.endsWith("xhci")) {
                    j.put("p2", Integer.parseInt(ports)).put("p3", Integer.parseInt(ports));
                }
                Element master = Dom.first(c.other, "master");
                if (master != null) {
                    // A companion controller shares its master's bus and has no id of its own.
                    j.put("masterbus", QemuAliases.controller(def, "usb", index, null) + ".0");
                    j.put("firstport", Dom.num(Dom.attr(master, "startport"), 0));
                } else {
                    j.put("id", alias);
                }
                pciAddress(j, c.address);
                add("-device", j.toString());
                return;
            }
            case "scsi" -> {
                String model = c.model == null ? "lsilogic" : c.model;
                driver = switch (model) {
                    case "virtio-scsi" -> "virtio-scsi-pci";
                    case "virtio-transitional" -> "virtio-scsi-pci-transitional";
                    case "virtio-non-transitional" -> "virtio-scsi-pci-non-transitional";
                    case "lsilogic" -> "lsi";
                    case "lsisas1068" -> "mptsas1068";
                    case "lsisas1078" -> "megasas";
                    case "ibmvscsi" -> "spapr-vscsi";
                    default -> throw unsupported("Unsupported controller model: " + model);
                };
                Element drv = Dom.first(c.other, "driver");
                j.put("driver", driver);
                if (driver.startsWith("virtio")) {
                    virtioOptions(j, attrs(drv));
                }
                j.put("id", alias);
                if (drv != null && Dom.attr(drv, "queues") != null && driver.startsWith("virtio")) {
                    j.put("num_queues", Integer.parseInt(Dom.attr(drv, "queues")));
                }
                pciAddress(j, c.address);
                add("-device", j.toString());
                return;
            }
            case "ide" -> {
                if (index == 0 && Dom.isI440fx(def)) {
                    return;
                }
                if (Dom.isQ35(def)) {
                    throw unsupported("IDE controllers are unsupported for this QEMU binary or machine type");
                }
                throw unsupported("Only a single IDE controller is supported for this machine type");
            }
            case "sata" -> {
                if (index == 0 && Dom.isQ35(def)) {
                    return;
                }
                j.put("driver", Dom.isQ35(def) ? "ich9-ahci" : "ahci").put("id", alias);
                pciAddress(j, c.address);
                add("-device", j.toString());
                return;
            }
            case "virtio-serial" -> {
                j.put("driver", "virtio-serial-pci");
                virtioOptions(j, attrs(Dom.first(c.other, "driver")));
                j.put("id", alias);
                String ports = c.otherAttributes.get(new javax.xml.namespace.QName("ports"));
                if (ports != null) {
                    j.put("max_ports", Integer.parseInt(ports));
                }
                String vectors = c.otherAttributes.get(new javax.xml.namespace.QName("vectors"));
                if (vectors != null) {
                    j.put("vectors", Integer.parseInt(vectors));
                }
                pciAddress(j, c.address);
                add("-device", j.toString());
                return;
            }
            default -> {
            }
        }
    }

    // ---- disks ----

    private void disks() {
        for (Disk d : def.devices.disk) {
            Integer bi = bootIndex.get(d);
            if (bi != null && "fdc".equals(d.target.bus)) {
                char drive = d.address != null && Dom.num(d.address.unit, 0) == 1 ? 'B' : 'A';
                if (Dom.isQ35(def)) {
                    add("-device", Json.obj().put("driver", "isa-fdc").put("bootindex" + drive, bi).toString());
                } else {
                    add("-global", "isa-fdc.bootindex" + drive + "=" + bi);
                }
            }
        }
        int n = def.devices.disk.size();
        for (int i = 0; i < n; i++) {
            disk(def.devices.disk.get(i), n - i);
        }
    }

    private void disk(Disk d, int node) {
        String device = d.device == null ? "disk" : d.device;
        String bus = d.target.bus;
        String alias = QemuAliases.disk(def, d);
        String fmt = d.driver == null ? null : d.driver.attribute("type");
        String cache = d.driver == null ? null : d.driver.attribute("cache");
        boolean cdrom = "cdrom".equals(device);
        boolean readonly = d.readonly != null || cdrom;
        boolean empty = d.source == null || (d.source.file == null && d.source.dev == null);
        if ("network".equals(d.type) || "dir".equals(d.type) || "volume".equals(d.type)
                || "nvme".equals(d.type) || "vhostuser".equals(d.type)) {
            throw unsupported("disk type '" + d.type + "' is not supported by virtd yet");
        }
        if ("lun".equals(device) && !"block".equals(d.type)) {
            throw unsupported("disk device='lun' is only valid for block type disk source");
        }
        String storage = "libvirt-" + node + "-storage";
        String format = "libvirt-" + node + "-format";
        Json cacheObj = null;
        if (cache != null && !"default".equals(cache)) {
            boolean direct = "none".equals(cache) || "directsync".equals(cache);
            boolean noFlush = "unsafe".equals(cache);
            cacheObj = Json.obj().put("direct", direct).put("no-flush", noFlush);
        }
        String io = d.driver == null ? null : d.driver.attribute("io");
        String discard = d.driver == null ? null : d.driver.attribute("discard");
        String detectZeroes = d.driver == null ? null : d.driver.attribute("detect_zeroes");
        if ("unmap".equals(detectZeroes) && !"unmap".equals(discard)) {
            detectZeroes = "on";
        }
        if (!empty) {
            String drv;
            String file;
            if ("block".equals(d.type)) {
                drv = cdrom && isHostCdrom(d.source.dev) ? "host_cdrom" : "host_device";
                file = d.source.dev;
            } else {
                drv = "file";
                file = d.source.file;
            }
            Json s = Json.obj().put("driver", drv).put("filename", file).put("aio", io).put("node-name", storage);
            s.put("cache", cacheObj);
            s.put("auto-read-only", true).put("discard", "unmap");
            add("-blockdev", s.toString());
            Json f = Json.obj().put("node-name", format).put("read-only", readonly);
            f.put("discard", discard).put("detect-zeroes", detectZeroes);
            f.put("cache", cacheObj);
            f.put("driver", fmt == null ? "raw" : fmt).put("file", storage);
            add("-blockdev", f.toString());
        }
        Json j = Json.obj();
        Address a = d.address;
        switch (bus) {
            case "ide", "sata" -> {
                j.put("driver", cdrom ? "ide-cd" : "ide-hd");
                int ctl = a == null ? 0 : Dom.num(a.controller, 0);
                int b = a == null ? 0 : Dom.num(a.bus, 0);
                int unit = a == null ? 0 : Dom.num(a.unit, 0);
                if ("ide".equals(bus)) {
                    j.put("bus", QemuAliases.controller(def, "ide", ctl, null) + "." + b).put("unit", unit);
                } else {
                    j.put("bus", QemuAliases.controller(def, "sata", ctl, null) + "." + unit);
                }
                if (d.shareable != null) {
                    j.put("share-rw", true);
                }
            }
            case "virtio" -> {
                j.put("driver", "virtio-blk-pci");
                virtioOptions(j, attrs(d.driver));
                if (d.driver != null) {
                    j.put("ioeventfd", onOff(d.driver.attribute("ioeventfd")));
                    j.put("event_idx", onOff(d.driver.attribute("event_idx")));
                }
                if ("lun".equals(device)) {
                    j.put("scsi", true);
                }
                if (d.driver != null && d.driver.attribute("queues") != null) {
                    j.put("num-queues", Integer.parseInt(d.driver.attribute("queues")));
                }
                if (d.driver != null && d.driver.attribute("queue_size") != null) {
                    j.put("queue-size", Integer.parseInt(d.driver.attribute("queue_size")));
                }
                pciAddress(j, a);
            }
            case "scsi" -> {
                int ctl = a == null ? 0 : Dom.num(a.controller, 0);
                Controller c = Dom.controller(def, "scsi", ctl);
                String model = c == null || c.model == null ? "lsilogic" : c.model;
                j.put("driver", cdrom ? "scsi-cd" : "lun".equals(device) ? "scsi-block" : "scsi-hd");
                int b = Dom.num(a.bus, 0);
                int target = Dom.num(a.target, 0);
                int unit = Dom.num(a.unit, 0);
                String calias = QemuAliases.controller(def, "scsi", ctl, null);
                if ("lsilogic".equals(model)) {
                    j.put("bus", calias + "." + b).put("scsi-id", unit);
                } else {
                    j.put("bus", calias + ".0").put("channel", b).put("scsi-id", target).put("lun", unit);
                }
                if (!"lun".equals(device)) {
                    j.put("device_id", "drive-" + alias);
                }
            }
            case "fdc" -> {
                j.put("driver", "floppy").put("unit", a == null ? 0 : Dom.num(a.unit, 0));
            }
            case "usb" -> {
                j.put("driver", "usb-storage");
                usbAddress(j, a);
            }
            default -> throw unsupported("unsupported disk bus '" + bus + "'");
        }
        if (d.shareable != null && !j.has("share-rw")) {
            j.put("share-rw", true);
        }
        if (!empty) {
            j.put("drive", format);
        }
        j.put("id", alias);
        Integer bi = bootIndex.get(d);
        if (bi != null && !"fdc".equals(bus)) {
            j.put("bootindex", bi);
        }
        if (d.wwn != null && !"virtio".equals(bus)) {
            String wwn = d.wwn.strip();
            j.put("wwn", Long.parseUnsignedLong(wwn.startsWith("0x") ? wwn.substring(2) : wwn, 16));
        }
        if (d.target.rotation_rate != null) {
            j.put("rotation_rate", Integer.parseInt(d.target.rotation_rate));
        }
        if ("usb".equals(bus)) {
            j.put("removable", "on".equals(d.target.removable));
        }
        if (cache != null && !"default".equals(cache)) {
            j.put("write-cache", "writethrough".equals(cache) || "directsync".equals(cache) ? "off" : "on");
        }
        if (d.serial != null) {
            j.put("serial", d.serial);
        }
        if (d.driver != null) {
            String errorPolicy = d.driver.attribute("error_policy");
            String rerror = d.driver.attribute("rerror_policy");
            if (errorPolicy != null && !"default".equals(errorPolicy)) {
                j.put("werror", "enospace".equals(errorPolicy) ? "enospc" : errorPolicy);
                if (rerror == null && !"enospace".equals(errorPolicy)) {
                    rerror = errorPolicy;
                }
            }
            if (rerror != null && !"default".equals(rerror)) {
                j.put("rerror", rerror);
            }
        }
        add("-device", j.toString());
    }

    /** libvirt's common virtio device options, written right after the driver name. */
    private static void virtioOptions(Json j, java.util.function.Function<String, String> attr) {
        j.put("iommu_platform", onOff(attr.apply("iommu")));
        j.put("ats", onOff(attr.apply("ats")));
        j.put("packed", onOff(attr.apply("packed")));
        j.put("page-per-vq", onOff(attr.apply("page_per_vq")));
    }

    private static java.util.function.Function<String, String> attrs(Generic g) {
        return name -> g == null ? null : g.attribute(name);
    }

    private static java.util.function.Function<String, String> attrs(Element e) {
        return name -> Dom.attr(e, name);
    }

    private static Boolean onOff(String v) {
        return v == null ? null : "on".equals(v);
    }

    /**
     * Whether a block device is a CD-ROM drive, which QEMU must open as {@code host_cdrom} (libvirt asks the
     * kernel; the device name is what we can see without opening it).
     */
    static boolean isHostCdrom(String path) {
        if (path == null) {
            return false;
        }
        if (path.startsWith("/dev/cdrom")) {
            return true;
        }
        try {
            java.nio.file.Path real = java.nio.file.Path.of(path).toRealPath();
            return real.getFileName() != null && real.getFileName().toString().matches("sr\\d+");
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    // ---- network ----

    private void nets() {
        List<Interface> list = def.devices.interfaces;
        for (int i = 0; i < list.size(); i++) {
            Interface nic = list.get(i);
            String alias = QemuAliases.net(nic, i);
            String netdev = "host" + alias;
            Json nd = Json.obj();
            String type = nic.type == null ? "user" : nic.type;
            switch (type) {
                case "user" -> nd.put("type", "user");
                case "bridge", "network", "ethernet" -> {
                    String tap = ctx.tapNames().get(alias);
                    if (tap == null) {
                        tap = Dom.attr(nic.target, "dev");
                    }
                    if (tap == null) {
                        throw VirException.of(VirErrorDomain.QEMU, VirErrorCode.INTERNAL_ERROR,
                                "no tap device for interface '" + alias + "'");
                    }
                    nd.put("type", "tap").put("ifname", tap).put("script", "no").put("downscript", "no");
                    if (nic.driver != null && "vhost".equals(nic.driver.attribute("name"))) {
                        nd.put("vhost", true);
                    }
                }
                default -> throw unsupported("interface type '" + type + "' is not supported by virtd yet");
            }
            nd.put("id", netdev);
            add("-netdev", nd.toString());
            String model = nic.model == null ? "rtl8139" : nic.model.attribute("type");
            String driver = switch (model) {
                case "virtio" -> "virtio-net-pci";
                case "virtio-transitional" -> "virtio-net-pci-transitional";
                case "virtio-non-transitional" -> "virtio-net-pci-non-transitional";
                default -> model;
            };
            Json j = Json.obj().put("driver", driver);
            if (driver.startsWith("virtio")) {
                virtioOptions(j, attrs(nic.driver));
            }
            j.put("netdev", netdev).put("id", alias)
                    .put("mac", Dom.attr(nic.mac, "address"));
            pciAddress(j, nic.address);
            Integer bi = bootIndex.get(nic);
            if (bi != null) {
                j.put("bootindex", bi);
            }
            add("-device", j.toString());
        }
    }

    // ---- character devices ----

    /** The {@code -chardev} value for a source, or throws for kinds libvirt cannot start. */
    private String chardev(Chardev c, String id) {
        return chardev(c, id, false);
    }

    private String chardev(Chardev c, String id, boolean parallel) {
        String type = c.type == null ? "pty" : c.type;
        Generic src = c.source.isEmpty() ? null : c.source.get(0);
        StringBuilder s = new StringBuilder();
        switch (type) {
            case "pty" -> s.append("pty,id=").append(id);
            case "null" -> s.append("null,id=").append(id);
            case "vc" -> s.append("vc,id=").append(id);
            case "stdio" -> s.append("stdio,id=").append(id);
            case "file" -> {
                s.append("file,id=").append(id).append(",path=").append(commaEscape(Dom.attr(src, "path")));
                if ("on".equals(Dom.attr(src, "append"))) {
                    s.append(",append=on");
                }
            }
            case "pipe" -> s.append("pipe,id=").append(id).append(",path=")
                    .append(commaEscape(Dom.attr(src, "path")));
            case "dev" -> s.append(parallel ? "parallel" : "serial").append(",id=").append(id)
                    .append(",path=").append(commaEscape(Dom.attr(src, "path")));
            case "unix" -> {
                String path = Dom.attr(src, "path");
                boolean bind = "bind".equals(Dom.attr(src, "mode"));
                if (path == null && c.target != null && c.target.name != null) {
                    // libvirt picks a per-domain path for a channel socket the XML leaves open, and listens on it.
                    path = ctx.libDir().resolve(c.target.name).toString();
                    bind = true;
                }
                if (path == null) {
                    throw unsupported("Missing source path attribute for char device");
                }
                s.append("socket,id=").append(id).append(",path=").append(commaEscape(path));
                if (bind) {
                    s.append(",server=on,wait=off");
                }
            }
            case "tcp" -> {
                s.append("socket,id=").append(id).append(",host=").append(Dom.attr(src, "host"))
                        .append(",port=").append(Dom.attr(src, "service"));
                if (c.protocol != null && "telnet".equals(c.protocol.attribute("type"))) {
                    s.append(",telnet=on");
                }
                if ("bind".equals(Dom.attr(src, "mode"))) {
                    s.append(",server=on,wait=off");
                }
            }
            case "udp" -> {
                Generic connect = null;
                Generic bind = null;
                for (Generic g : c.source) {
                    if ("bind".equals(g.attribute("mode"))) {
                        bind = g;
                    } else {
                        connect = g;
                    }
                }
                s.append("udp,id=").append(id).append(",host=").append(nz(Dom.attr(connect, "host")))
                        .append(",port=").append(nz(Dom.attr(connect, "service")))
                        .append(",localaddr=").append(nz(Dom.attr(bind, "host")))
                        .append(",localport=").append(Dom.attr(bind, "service") == null ? "0"
                                : Dom.attr(bind, "service"));
            }
            case "spicevmc" -> s.append("spicevmc,id=").append(id).append(",name=vdagent");
            default -> throw unsupported("Unsupported char device type '" + type + "'");
        }
        return s.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private void serials() {
        List<Chardev> list = def.devices.serial;
        for (int i = 0; i < list.size(); i++) {
            Chardev c = list.get(i);
            String alias = "serial" + i;
            add("-chardev", chardev(c, "char" + alias));
            String ttype = c.target == null ? null : c.target.type;
            String model = c.target == null ? null : Dom.attr(Dom.first(c.target.other, "model"), "name");
            if ("usb-serial".equals(ttype) || "usb-serial".equals(model)) {
                Json j = Json.obj().put("driver", "usb-serial").put("chardev", "char" + alias).put("id", alias);
                usbAddress(j, c.address);
                add("-device", j.toString());
                continue;
            }
            if ("pci-serial".equals(ttype) || "pci-serial".equals(model)) {
                Json j = Json.obj().put("driver", "pci-serial").put("chardev", "char" + alias).put("id", alias);
                pciAddress(j, c.address);
                add("-device", j.toString());
                continue;
            }
            String driver = "isa-debugcon".equals(model) || "isa-debug".equals(ttype) ? "isa-debugcon"
                    : "isa-serial";
            Json j = Json.obj().put("driver", driver).put("chardev", "char" + alias).put("id", alias);
            if ("isa-serial".equals(driver)) {
                j.put("index", c.target == null || c.target.port == null ? i : Integer.parseInt(c.target.port));
            }
            if (c.address != null && "isa".equals(c.address.type)) {
                String iobase = c.address.otherAttributes.get(new javax.xml.namespace.QName("iobase"));
                String irq = c.address.otherAttributes.get(new javax.xml.namespace.QName("irq"));
                if (iobase != null) {
                    j.put("iobase", Dom.num(iobase, 0));
                }
                if (irq != null) {
                    j.put("irq", Dom.num(irq, 0));
                }
            }
            add("-device", j.toString());
        }
    }

    private void parallels() {
        List<Chardev> list = def.devices.parallel;
        for (int i = 0; i < list.size(); i++) {
            String alias = "parallel" + i;
            add("-chardev", chardev(list.get(i), "char" + alias, true));
            add("-device", Json.obj().put("driver", "isa-parallel").put("chardev", "char" + alias)
                    .put("id", alias).toString());
        }
    }

    private void channels() {
        List<Chardev> list = def.devices.channel;
        for (int i = 0; i < list.size(); i++) {
            Chardev c = list.get(i);
            String alias = "channel" + i;
            String ttype = c.target == null ? "virtio" : c.target.type;
            if (!"virtio".equals(ttype)) {
                throw unsupported("channel target type '" + ttype + "' is not supported by virtd yet");
            }
            if ("spicevmc".equals(c.type)) {
                add("-chardev", "spicevmc,id=char" + alias + ",name=vdagent");
            } else {
                add("-chardev", chardev(c, "char" + alias));
            }
            add("-device", virtioSerialPort("virtserialport", c, alias)
                    .put("name", c.target.name).toString());
        }
    }

    private Json virtioSerialPort(String driver, Chardev c, String alias) {
        Json j = Json.obj().put("driver", driver);
        Address a = c.address;
        if (a != null && "virtio-serial".equals(a.type)) {
            int ctl = Dom.num(a.controller, 0);
            j.put("bus", "virtio-serial" + ctl + "." + Dom.num(a.bus, 0));
            if (a.port != null) {
                j.put("nr", Dom.num(a.port, 0));
            }
        }
        return j.put("chardev", "char" + alias).put("id", alias);
    }

    private void consoles() {
        List<Chardev> list = def.devices.console;
        for (int i = 0; i < list.size(); i++) {
            Chardev c = list.get(i);
            String ttype = c.target == null || c.target.type == null ? "serial" : c.target.type;
            String alias = "console" + i;
            switch (ttype) {
                case "serial" -> {
                    // The same device as the first serial port: libvirt prints nothing for it.
                }
                case "virtio" -> {
                    add("-chardev", chardev(c, "char" + alias));
                    add("-device", virtioSerialPort("virtconsole", c, alias).toString());
                }
                default -> throw unsupported("unsupported console target type " + ttype);
            }
        }
    }

    // ---- input, audio, graphics, video ----

    private void inputs() {
        List<Input> list = def.devices.input;
        for (int i = 0; i < list.size(); i++) {
            Input in = list.get(i);
            String alias = "input" + i;
            String bus = in.bus == null ? "ps2" : in.bus;
            if ("ps2".equals(bus)) {
                continue;
            }
            Json j = Json.obj();
            switch (bus) {
                case "usb" -> {
                    String drv = switch (in.type) {
                        case "mouse" -> "usb-mouse";
                        case "tablet" -> "usb-tablet";
                        case "keyboard" -> "usb-kbd";
                        default -> throw unsupported("unsupported input type '" + in.type + "'");
                    };
                    j.put("driver", drv).put("id", alias);
                    usbAddress(j, in.address);
                }
                case "virtio" -> {
                    String drv = switch (in.type) {
                        case "mouse" -> "virtio-mouse-pci";
                        case "tablet" -> "virtio-tablet-pci";
                        case "keyboard" -> "virtio-keyboard-pci";
                        default -> throw unsupported("unsupported input type '" + in.type + "'");
                    };
                    j.put("driver", drv);
                    virtioOptions(j, attrs(in.driver));
                    j.put("id", alias);
                    pciAddress(j, in.address);
                }
                default -> throw unsupported("unsupported input bus '" + bus + "'");
            }
            add("-device", j.toString());
        }
    }

    private String audioId;

    private void audio() {
        List<Generic> audios = def.devices.audio;
        if (audios.isEmpty()) {
            boolean spice = false;
            for (Graphics g : def.devices.graphics) {
                spice |= "spice".equals(g.type);
            }
            audioId = "audio1";
            add("-audiodev", Json.obj().put("id", "audio1").put("driver", spice ? "spice" : "none").toString());
            return;
        }
        for (Generic a : audios) {
            String type = a.attribute("type");
            String driver = switch (type) {
                case "pulseaudio" -> "pa";
                case "coreaudio" -> "coreaudio";
                default -> type;
            };
            String id = "audio" + a.attribute("id");
            if (audioId == null) {
                audioId = id;
            }
            add("-audiodev", Json.obj().put("id", id).put("driver", driver).toString());
        }
    }

    private void graphics() {
        for (Graphics g : def.devices.graphics) {
            switch (g.type) {
                case "vnc" -> vnc(g);
                case "sdl", "spice", "egl-headless", "dbus", "rdp", "desktop" ->
                        throw unsupported("graphics type '" + g.type + "' is not supported by virtd yet");
                default -> throw unsupported("unsupported graphics type '" + g.type + "'");
            }
        }
    }

    private void vnc(Graphics g) {
        Generic listen = g.listen.isEmpty() ? null : g.listen.get(0);
        String ltype = listen == null ? "address" : listen.attribute("type");
        StringBuilder s = new StringBuilder();
        if ("socket".equals(ltype)) {
            String sock = listen.attribute("socket");
            if (sock == null) {
                sock = ctx.libDir().resolve("vnc.sock").toString();
            }
            s.append("vnc=unix:").append(commaEscape(sock));
        } else if ("none".equals(ltype)) {
            s.append("none");
        } else {
            String addr = listen == null ? null : listen.attribute("address");
            if (addr == null) {
                addr = g.listenAddress != null ? g.listenAddress : "127.0.0.1";
            }
            if (addr.contains(":")) {
                addr = "[" + addr + "]";
            }
            int port = g.port == null ? -1 : Integer.parseInt(g.port);
            if (port < 5900) {
                throw VirException.of(VirErrorDomain.QEMU, VirErrorCode.INTERNAL_ERROR,
                        "VNC port " + port + " was not allocated before building the command line");
            }
            s.append(addr).append(':').append(port - 5900);
            if (g.websocket != null && !"-1".equals(g.websocket)) {
                s.append(",websocket=").append(g.websocket);
            }
        }
        String share = g.otherAttributes.get(new javax.xml.namespace.QName("sharePolicy"));
        if (share != null) {
            s.append(",share=").append(share);
        }
        if (g.otherAttributes.containsKey(new javax.xml.namespace.QName("passwd"))) {
            s.append(",password=on");
        }
        s.append(",audiodev=").append(audioId);
        add("-vnc", s.toString());
    }

    private void videos() {
        List<Video> list = def.devices.video;
        for (int i = 0; i < list.size(); i++) {
            Video v = list.get(i);
            String type = v.model == null ? "cirrus" : v.model.attribute("type");
            if ("none".equals(type)) {
                continue;
            }
            boolean primary = i == 0;
            String alias = "video" + i;
            Json j = Json.obj();
            int heads = v.model == null || v.model.attribute("heads") == null ? 1
                    : Integer.parseInt(v.model.attribute("heads"));
            long vram = v.model == null || v.model.attribute("vram") == null ? 16384
                    : Long.parseLong(v.model.attribute("vram"));
            switch (type) {
                case "cirrus" -> j.put("driver", "cirrus-vga").put("id", alias);
                case "vga" -> j.put("driver", "VGA").put("id", alias).put("vgamem_mb", vram / 1024);
                case "vmvga" -> j.put("driver", "vmware-svga").put("id", alias).put("vgamem_mb", vram / 1024);
                case "bochs" -> j.put("driver", "bochs-display").put("id", alias).put("vgamem", vram * 1024);
                case "virtio" -> {
                    Element accel = Dom.child(v.model, "acceleration");
                    boolean gl = "yes".equals(Dom.attr(accel, "accel3d"));
                    String drv = primary ? "virtio-vga" : "virtio-gpu";
                    j.put("driver", drv + (gl ? "-gl" : "") + (primary ? "" : "-pci")).put("id", alias)
                            .put("max_outputs", heads);
                }
                case "qxl" -> {
                    long ram = Long.parseLong(v.model.attribute("ram"));
                    long vram64 = v.model.attribute("vram64") == null ? 0
                            : Long.parseLong(v.model.attribute("vram64"));
                    long vgamem = v.model.attribute("vgamem") == null ? 16384
                            : Long.parseLong(v.model.attribute("vgamem"));
                    j.put("driver", primary ? "qxl-vga" : "qxl").put("id", alias).put("max_outputs", heads)
                            .put("ram_size", ram * 1024).put("vram_size", vram * 1024)
                            .put("vram64_size_mb", vram64 / 1024).put("vgamem_mb", vgamem / 1024);
                }
                default -> throw unsupported("video type '" + type + "' is not supported by virtd yet");
            }
            pciAddress(j, v.address);
            add("-device", j.toString());
        }
    }

    // ---- watchdog, balloon, rng, panic ----

    private void watchdogs() {
        for (int i = 0; i < def.devices.watchdog.size(); i++) {
            Watchdog w = def.devices.watchdog.get(i);
            String alias = "watchdog" + i;
            switch (w.model) {
                case "i6300esb" -> {
                    Json j = Json.obj().put("driver", "i6300esb").put("id", alias);
                    pciAddress(j, w.address);
                    add("-device", j.toString());
                }
                case "ib700" -> add("-device", Json.obj().put("driver", "ib700").put("id", alias).toString());
                case "itco" -> {
                }
                default -> throw unsupported("unsupported watchdog model '" + w.model + "'");
            }
            String action = w.action == null ? "reset" : w.action;
            if (i == 0 && !"reset".equals(action)) {
                add("-watchdog-action", "dump".equals(action) ? "pause" : action);
            }
        }
    }

    private void memballoon() {
        Memballoon b = def.devices.memballoon;
        if (b == null || "none".equals(b.model)) {
            return;
        }
        String driver = switch (b.model) {
            case "virtio" -> "virtio-balloon-pci";
            case "virtio-transitional" -> "virtio-balloon-pci-transitional";
            case "virtio-non-transitional" -> "virtio-balloon-pci-non-transitional";
            default -> throw unsupported("Memory balloon device type '" + b.model + "' is not supported by "
                    + "this version of qemu");
        };
        Json j = Json.obj().put("driver", driver);
        virtioOptions(j, attrs(Dom.first(b.other, "driver")));
        j.put("id", "balloon0");
        if (b.autodeflate != null) {
            j.put("deflate-on-oom", "on".equals(b.autodeflate));
        }
        if (b.freePageReporting != null) {
            j.put("free-page-reporting", "on".equals(b.freePageReporting));
        }
        pciAddress(j, b.address);
        add("-device", j.toString());
    }

    private void rngs() {
        for (int i = 0; i < def.devices.rng.size(); i++) {
            Rng r = def.devices.rng.get(i);
            String alias = "rng" + i;
            String obj = "obj" + alias;
            String backend = r.backend == null ? "random" : r.backend.model;
            switch (backend) {
                case "random" -> {
                    String file = r.backend.text();
                    add("-object", Json.obj().put("qom-type", "rng-random").put("id", obj)
                            .put("filename", file == null || file.isBlank() ? "/dev/urandom" : file.strip())
                            .toString());
                }
                case "builtin" -> add("-object", Json.obj().put("qom-type", "rng-builtin").put("id", obj)
                        .toString());
                default -> throw unsupported("rng backend '" + backend + "' is not supported by virtd yet");
            }
            String model = r.model == null ? "virtio" : r.model;
            String driver = switch (model) {
                case "virtio" -> "virtio-rng-pci";
                case "virtio-transitional" -> "virtio-rng-pci-transitional";
                case "virtio-non-transitional" -> "virtio-rng-pci-non-transitional";
                default -> throw unsupported("unsupported rng model '" + model + "'");
            };
            Json j = Json.obj().put("driver", driver);
            virtioOptions(j, attrs(r.driver));
            j.put("rng", obj).put("id", alias);
            if (r.rate != null) {
                j.put("max-bytes", Long.parseLong(r.rate.bytes));
                j.put("period", r.rate.period == null ? 1000 : Long.parseLong(r.rate.period));
            }
            pciAddress(j, r.address);
            add("-device", j.toString());
        }
    }

    private void panics() {
        for (Panic p : def.devices.panic) {
            String model = p.model == null ? "isa" : p.model;
            if ("isa".equals(model)) {
                Json j = Json.obj().put("driver", "pvpanic");
                if (p.address != null && "isa".equals(p.address.type)) {
                    String iobase = p.address.otherAttributes.get(new javax.xml.namespace.QName("iobase"));
                    if (iobase != null) {
                        j.put("ioport", Dom.num(iobase, 0));
                    }
                }
                add("-device", j.toString());
            } else if (!"hyperv".equals(model)) {
                throw unsupported("panic model '" + model + "' is not supported by virtd yet");
            }
        }
    }
}
