package org.virtd.driver.kvm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.driver.spi.support.HostNode;

/**
 * The capabilities documents of a QEMU host, in libvirt's layout: {@code virsh capabilities} (host CPU and NUMA
 * topology from Linux, one guest per QEMU binary with its machine types in QEMU's order, domain types qemu and,
 * where /dev/kvm answers, kvm) and {@code virsh domcapabilities} for one binary, machine and virtualization type.
 * Not derived: the host CPU model name and its feature list, which libvirt decodes from CPUID with its own CPU
 * map; the document leaves the model out rather than guess it.
 */
final class QemuCapabilities {
    private static final List<String> OVMF = List.of("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_CODE.fd");

    private QemuCapabilities() {}

    static String format(QemuHost host, List<QemuCaps> guests) {
        HostNode node = host.node;
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<capabilities>\n\n  <host>\n    <uuid>").append(hostUuid()).append("</uuid>\n    <cpu>\n      <arch>")
                .append(node.arch()).append("</arch>\n");
        String vendor = node.cpuinfo("vendor_id");
        if (vendor != null) {
            sb.append("      <vendor>").append(vendor.equals("GenuineIntel") ? "Intel" : vendor.equals("AuthenticAMD") ? "AMD" : vendor)
                    .append("</vendor>\n");
        }
        var info = node.nodeInfo();
        sb.append("      <topology sockets='").append(info.sockets()).append("' dies='1' cores='").append(info.cores())
                .append("' threads='").append(info.threads()).append("'/>\n");
        sb.append("      <pages unit='KiB' size='4'/>\n      <pages unit='KiB' size='2048'/>\n")
                .append("      <pages unit='KiB' size='1048576'/>\n    </cpu>\n    <power_management/>\n")
                .append("    <iommu support='no'/>\n    <migration_features>\n      <live/>\n      <uri_transports>\n")
                .append("        <uri_transport>tcp</uri_transport>\n        <uri_transport>rdma</uri_transport>\n")
                .append("      </uri_transports>\n    </migration_features>\n    <topology>\n");
        List<HostNode.Cell> cells = node.cells();
        sb.append("      <cells num='").append(cells.size()).append("'>\n");
        for (HostNode.Cell c : cells) {
            sb.append("        <cell id='").append(c.id()).append("'>\n          <memory unit='KiB'>").append(c.memoryKiB())
                    .append("</memory>\n          <pages unit='KiB' size='4'>").append(c.memoryKiB() / 4)
                    .append("</pages>\n          <pages unit='KiB' size='2048'>0</pages>\n")
                    .append("          <pages unit='KiB' size='1048576'>0</pages>\n          <distances>\n");
            for (HostNode.Cell o : cells) {
                sb.append("            <sibling id='").append(o.id()).append("' value='").append(o == c ? 10 : 20).append("'/>\n");
            }
            sb.append("          </distances>\n          <cpus num='").append(c.cpus().size()).append("'>\n");
            for (HostNode.Cpu cpu : c.cpus()) {
                sb.append("            <cpu id='").append(cpu.id()).append("' socket_id='").append(cpu.socket())
                        .append("' die_id='").append(cpu.die()).append("' core_id='").append(cpu.core())
                        .append("' siblings='").append(cpu.siblings()).append("'/>\n");
            }
            sb.append("          </cpus>\n        </cell>\n");
        }
        sb.append("      </cells>\n    </topology>\n    <secmodel>\n      <model>none</model>\n      <doi>0</doi>\n")
                .append("    </secmodel>\n    <secmodel>\n      <model>dac</model>\n      <doi>0</doi>\n")
                .append("      <baselabel type='kvm'>+0:+0</baselabel>\n      <baselabel type='qemu'>+0:+0</baselabel>\n")
                .append("    </secmodel>\n  </host>\n\n");
        for (QemuCaps g : guests) {
            String arch = g.arch().equals("i386") ? "i686" : g.arch();
            if (g.binary().endsWith("qemu-system-i386")) arch = "i686";
            sb.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='").append(arch).append("'>\n      <wordsize>")
                    .append(arch.equals("i686") ? 32 : 64).append("</wordsize>\n      <emulator>").append(g.binary())
                    .append("</emulator>\n");
            for (QemuCaps.Machine m : ordered(g)) {
                sb.append("      <machine maxCpus='").append(m.maxCpus()).append("'")
                        .append(m.deprecated() ? " deprecated='yes'" : "").append(">").append(m.name()).append("</machine>\n");
                if (m.alias() != null) {
                    sb.append("      <machine canonical='").append(m.name()).append("' maxCpus='").append(m.maxCpus())
                            .append("'").append(m.deprecated() ? " deprecated='yes'" : "").append(">").append(m.alias())
                            .append("</machine>\n");
                }
            }
            sb.append("      <domain type='qemu'/>\n");
            if (g.kvm()) sb.append("      <domain type='kvm'/>\n");
            sb.append("    </arch>\n    <features>\n");
            if (arch.equals("i686")) sb.append("      <pae/>\n      <nonpae/>\n");
            sb.append("      <acpi default='on' toggle='yes'/>\n      <apic default='on' toggle='no'/>\n")
                    .append("      <cpuselection/>\n      <deviceboot/>\n      <disksnapshot default='on' toggle='no'/>\n")
                    .append("    </features>\n  </guest>\n\n");
        }
        sb.append("</capabilities>\n");
        return sb.toString();
    }

    /** QEMU's order, the default machine first (libvirt lists it so). */
    private static List<QemuCaps.Machine> ordered(QemuCaps g) {
        List<QemuCaps.Machine> out = new java.util.ArrayList<>();
        for (QemuCaps.Machine m : g.machines()) if (m.isDefault()) out.add(m);
        for (QemuCaps.Machine m : g.machines()) if (!m.isDefault()) out.add(m);
        return out;
    }

    /** A stable host UUID: the firmware's where readable, else one derived from the machine id. */
    static String hostUuid() {
        for (String f : List.of("/sys/class/dmi/id/product_uuid", "/etc/machine-id")) {
            try {
                String s = Files.readString(Path.of(f)).trim();
                if (s.matches("[0-9a-fA-F-]{36}")) return s.toLowerCase();
                if (!s.isEmpty()) return UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)).toString();
            } catch (java.io.IOException | RuntimeException e) {
                // next source
            }
        }
        return UUID.nameUUIDFromBytes("virtd".getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String domainCapabilities(QemuHost host, String emulatorBin, String arch, String machine, String virtType) {
        String a = arch != null ? arch : host.hostArch();
        Path bin = emulatorBin != null ? Path.of(emulatorBin) : QemuHost.emulatorFor(a);
        if (bin == null) {
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.INVALID_ARG, "unable to find any emulator to serve '" + a + "' architecture");
        }
        QemuCaps caps = host.caps(bin);
        String type = virtType != null ? virtType : caps.kvm() ? "kvm" : "qemu";
        if (!type.equals("kvm") && !type.equals("qemu")) {
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.INVALID_ARG, "unknown virttype: " + type);
        }
        if (type.equals("kvm") && !caps.kvm()) {
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.INVALID_ARG,
                    "KVM is not supported by '" + bin + "' on this host");
        }
        QemuCaps.Machine m = null;
        for (QemuCaps.Machine x : caps.machines()) {
            if (machine == null ? x.isDefault() : machine.equals(x.name()) || machine.equals(x.alias())) m = x;
        }
        if (m == null) {
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.INVALID_ARG,
                    "the machine '" + machine + "' is not supported by emulator '" + bin + "'");
        }
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<domainCapabilities>\n  <path>").append(bin).append("</path>\n  <domain>").append(type)
                .append("</domain>\n  <machine>").append(m.name()).append("</machine>\n  <arch>").append(a)
                .append("</arch>\n  <vcpu max='").append(m.maxCpus()).append("'/>\n  <iothreads supported='yes'/>\n")
                .append("  <os supported='yes'>\n");
        List<String> loaders = OVMF.stream().filter(f -> Files.exists(Path.of(f))).toList();
        if (!loaders.isEmpty()) sb.append("    <enum name='firmware'>\n      <value>efi</value>\n    </enum>\n");
        sb.append("    <loader supported='yes'>\n");
        for (String l : loaders) sb.append("      <value>").append(l).append("</value>\n");
        sb.append("      <enum name='type'>\n        <value>rom</value>\n        <value>pflash</value>\n      </enum>\n")
                .append("      <enum name='readonly'>\n        <value>yes</value>\n        <value>no</value>\n      </enum>\n")
                .append("      <enum name='secure'>\n        <value>no</value>\n      </enum>\n    </loader>\n  </os>\n")
                .append("  <cpu>\n    <mode name='host-passthrough' supported='").append(type.equals("kvm") ? "yes" : "no").append("'");
        if (type.equals("kvm")) {
            sb.append(">\n      <enum name='hostPassthroughMigratable'>\n        <value>on</value>\n        <value>off</value>\n")
                    .append("      </enum>\n    </mode>\n");
        } else {
            sb.append("/>\n");
        }
        sb.append("    <mode name='maximum' supported='yes'>\n      <enum name='maximumMigratable'>\n        <value>on</value>\n")
                .append("        <value>off</value>\n      </enum>\n    </mode>\n    <mode name='host-model' supported='no'/>\n")
                .append("    <mode name='custom' supported='yes'>\n");
        for (String model : caps.cpuModels()) {
            sb.append("      <model usable='unknown' vendor='unknown'>").append(model).append("</model>\n");
        }
        sb.append("    </mode>\n  </cpu>\n  <memoryBacking supported='yes'>\n    <enum name='sourceType'>\n")
                .append("      <value>file</value>\n      <value>anonymous</value>\n      <value>memfd</value>\n    </enum>\n")
                .append("  </memoryBacking>\n  <devices>\n");
        devices(sb);
        sb.append("  </devices>\n  <features>\n    <gic supported='no'/>\n    <vmcoreinfo supported='yes'/>\n")
                .append("    <genid supported='yes'/>\n    <backingStoreInput supported='yes'/>\n    <backup supported='yes'/>\n")
                .append("    <sev supported='no'/>\n    <sgx supported='no'/>\n  </features>\n</domainCapabilities>\n");
        return sb.toString();
    }

    private static void devices(StringBuilder sb) {
        enumBlock(sb, "disk", new String[][] {
                {"diskDevice", "disk", "cdrom", "floppy", "lun"},
                {"bus", "ide", "fdc", "scsi", "virtio", "usb", "sata"},
                {"model", "virtio", "virtio-transitional", "virtio-non-transitional"}});
        enumBlock(sb, "graphics", new String[][] {{"type", "vnc"}});
        enumBlock(sb, "video", new String[][] {{"modelType", "vga", "cirrus", "vmvga", "qxl", "virtio", "none", "bochs", "ramfb"}});
        enumBlock(sb, "rng", new String[][] {
                {"model", "virtio", "virtio-transitional", "virtio-non-transitional"},
                {"backendModel", "random", "egd", "builtin"}});
        enumBlock(sb, "channel", new String[][] {{"type", "pty", "unix"}});
    }

    private static void enumBlock(StringBuilder sb, String device, String[][] enums) {
        sb.append("    <").append(device).append(" supported='yes'>\n");
        for (String[] e : enums) {
            sb.append("      <enum name='").append(e[0]).append("'>\n");
            for (int i = 1; i < e.length; i++) sb.append("        <value>").append(e[i]).append("</value>\n");
            sb.append("      </enum>\n");
        }
        sb.append("    </").append(device).append(">\n");
    }
}
