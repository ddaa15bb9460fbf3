package org.virtd.driver.kvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.driver.kvm.caps.QemuCapsCache;
import org.virtd.driver.kvm.command.QemuDomainDefaults;
import org.virtd.driver.spi.support.HostNode;
import org.virtd.driver.spi.support.SystemErrors;
import org.virtd.xml.domain.Devices;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;

/**
 * The QEMU binaries of this host and what they can do: the emulator for a guest arch (as libvirt searches for
 * it), probe results through the cache, and the checks libvirt's QEMU driver makes with them at define and start.
 */
final class QemuHost {
    private static final VirErrorDomain FROM = QemuDriverState.FROM;
    private static final List<Path> SEARCH = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/usr/libexec"));

    private final QemuCapsCache cache;
    final HostNode node = HostNode.local();

    QemuHost(QemuCapsCache cache) {
        this.cache = cache;
    }

    String hostArch() { return node.arch(); }

    /** The binary for a guest arch: qemu-system-ARCH (i686 guests: qemu-system-i386), else qemu-kvm for the host's. */
    static Path emulatorFor(String arch) {
        String bin = switch (arch) {
            case "i686" -> "qemu-system-i386";
            default -> "qemu-system-" + arch;
        };
        for (Path dir : SEARCH) {
            Path p = dir.resolve(bin);
            if (Files.isExecutable(p)) return p;
        }
        if (arch.equals("i686")) return emulatorFor("x86_64");
        for (Path dir : SEARCH) {
            Path p = dir.resolve("qemu-kvm");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** The guest arches this host's binaries serve, with their probe results (capabilities' guest list). */
    List<QemuCaps> guests() {
        List<QemuCaps> out = new ArrayList<>();
        for (String arch : List.of("i686", "x86_64")) {
            Path bin = emulatorFor(arch);
            if (bin == null) continue;
            try {
                out.add(caps(bin));
            } catch (VirException e) {
                // A binary that cannot be probed offers no guest (libvirt skips it too).
            }
        }
        return out;
    }

    QemuCaps caps(Path binary) {
        if (!Files.exists(binary)) {
            throw SystemErrors.of(FROM, new NoSuchFileException(binary.toString()), "Cannot check QEMU binary " + binary);
        }
        try {
            return cache.get(binary, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "Failed to probe QEMU binary " + binary + ": " + e.getMessage());
        }
    }

    QemuCaps capsFor(Domain def) {
        return caps(Path.of(def.devices.emulator));
    }

    /**
     * What libvirt's QEMU driver settles at define: the emulator (searched for when absent), the machine type
     * (the binary's default when absent; aliases such as {@code pc} become the canonical name), and that the binary
     * offers that machine and the virtualization type.
     */
    void completeAndCheck(Domain def) {
        if (!"qemu".equals(def.type) && !"kvm".equals(def.type)) {
            throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.CONFIG_UNSUPPORTED,
                    "Emulator '" + (def.devices != null && def.devices.emulator != null ? def.devices.emulator
                            : "/usr/bin/qemu-system-x86_64") + "' does not support virt type '" + def.type + "'");
        }
        String arch = def.os.type.arch == null ? hostArch() : def.os.type.arch;
        if (def.devices == null) def.devices = new Devices();
        if (def.devices.emulator == null) {
            Path bin = emulatorFor(arch);
            if (bin == null) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "No emulator found for arch '" + arch + "'");
            }
            def.devices.emulator = bin.toString();
        }
        QemuCaps caps = caps(Path.of(def.devices.emulator));
        if ("kvm".equals(def.type) && !caps.kvm()) {
            throw VirException.of(FROM, VirErrorCode.INVALID_ARG,
                    "Emulator '" + def.devices.emulator + "' does not support virt type 'kvm'");
        }
        String machine = def.os.type.machine;
        if (machine == null) {
            def.os.type.machine = caps.defaultMachine();
        } else {
            String canonical = null;
            for (QemuCaps.Machine m : caps.machines()) {
                if (machine.equals(m.name())) canonical = m.name();
                else if (machine.equals(m.alias())) canonical = m.name();
            }
            // libvirt finds no PCI root for a machine the binary lacks and fails at address assignment.
            if (canonical == null) throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.XML_ERROR, "No PCI buses available");
            def.os.type.machine = canonical;
        }
        try {
            QemuDomainDefaults.apply(def, caps);
        } catch (org.virtd.xml.DomainXmlException e) {
            VirErrorDomain dom = VirErrorDomain.fromWire(e.errorDomain());
            VirErrorCode code = VirErrorCode.fromWire(e.code());
            throw VirException.of(dom == null ? VirErrorDomain.DOMAIN : dom,
                    code == null ? VirErrorCode.INTERNAL_ERROR : code, e.detail());
        }
    }

    /** Checks made just before QEMU runs: every local disk source must be there (libvirt's storage access check). */
    void checkStartable(Domain live, QemuCaps caps) {
        for (Disk d : live.devices.disk) {
            String path = QemuDriverState.localPath(d);
            if (path == null || path.isEmpty()) continue;
            if (!Files.exists(Path.of(path))) {
                throw SystemErrors.of(VirErrorDomain.STORAGE, new NoSuchFileException(path),
                        "Cannot access storage file '" + path + "'");
            }
        }
    }
}
