package org.virtd.driver.xen;

import java.util.List;
import java.util.Set;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;

/**
 * {@code virsh domcapabilities} for Xen, as libvirt's libxl driver answers: machine xenpv (the default), xenpvh or
 * xenfv, 512 vCPUs for PV and 128 for HVM, the firmware list for HVM, and libxl's fixed device and feature sets.
 */
final class XenDomainCapabilities {
    private static final String DEFAULT_EMULATOR = "/usr/bin/qemu-system-x86_64";
    /** Debian's libxl firmware: OVMF, then hvmloader, which libvirt always adds. */
    private static final List<String> FIRMWARE = List.of("/usr/lib/xen-4.17/boot/ovmf.bin", XenCapabilities.HVMLOADER);
    private static final Set<String> ARCHES = Set.of("i686", "x86_64", "aarch64", "armv7l", "ppc64", "ppc64le", "ia64");

    private XenDomainCapabilities() {}

    static String format(String emulator, String arch, String machine, String virtType) {
        if (virtType != null && !virtType.equals("xen")) {
            throw VirException.of(XenDriverState.FROM, VirErrorCode.INVALID_ARG, "unknown virttype: " + virtType);
        }
        if (arch != null && !ARCHES.contains(arch)) {
            throw VirException.of(XenDriverState.FROM, VirErrorCode.INVALID_ARG, "unknown architecture: " + arch);
        }
        if (machine != null && !machine.equals("xenpv") && !machine.equals("xenpvh") && !machine.equals("xenfv")) {
            throw VirException.of(XenDriverState.FROM, VirErrorCode.INVALID_ARG,
                    "Xen only supports 'xenpv', 'xenpvh' and 'xenfv' machines");
        }
        String m = machine == null ? "xenpv" : machine;
        boolean hvm = m.equals("xenfv");
        StringBuilder sb = new StringBuilder(2048);
        sb.append("<domainCapabilities>\n  <path>").append(emulator == null ? DEFAULT_EMULATOR : emulator)
                .append("</path>\n  <domain>xen</domain>\n  <machine>").append(m).append("</machine>\n  <arch>")
                .append(arch == null ? "x86_64" : arch).append("</arch>\n  <vcpu max='").append(hvm ? 128 : 512)
                .append("'/>\n  <iothreads supported='no'/>\n  <os supported='yes'>\n");
        if (hvm) {
            sb.append("    <loader supported='yes'>\n");
            for (String f : FIRMWARE) sb.append("      <value>").append(f).append("</value>\n");
            sb.append(enumOf("type", "rom", "pflash").indent(6)).append(enumOf("readonly", "yes").indent(6))
                    .append("    </loader>\n");
        } else {
            sb.append("    <loader supported='no'/>\n");
        }
        sb.append("  </os>\n  <cpu>\n");
        for (String mode : List.of("host-passthrough", "maximum", "host-model", "custom")) {
            sb.append("    <mode name='").append(mode).append("' supported='no'/>\n");
        }
        sb.append("  </cpu>\n  <devices>\n    <disk supported='yes'>\n")
                .append(enumOf("diskDevice", "disk", "cdrom").indent(6)).append(enumOf("bus", "ide", "scsi", "xen").indent(6))
                .append(enumOf("model").indent(6)).append("    </disk>\n    <graphics supported='yes'>\n")
                .append(enumOf("type", "sdl", "vnc", "spice").indent(6)).append("    </graphics>\n    <video supported='yes'>\n")
                .append(enumOf("modelType", "vga", "cirrus", "xen").indent(6)).append("    </video>\n");
        if (!m.equals("xenpvh")) {
            sb.append("    <hostdev supported='yes'>\n").append(enumOf("mode", "subsystem").indent(6))
                    .append(enumOf("startupPolicy", "default", "mandatory", "requisite", "optional").indent(6))
                    .append(enumOf("subsysType", "usb", "pci").indent(6)).append(enumOf("capsType").indent(6))
                    .append(enumOf("pciBackend", "xen").indent(6)).append("    </hostdev>\n");
        } else {
            sb.append("    <hostdev supported='no'/>\n");
        }
        sb.append("  </devices>\n  <features>\n");
        for (String f : List.of("gic", "vmcoreinfo", "genid", "sev", "sgx")) {
            sb.append("    <").append(f).append(" supported='no'/>\n");
        }
        return sb.append("  </features>\n</domainCapabilities>\n").toString();
    }

    private static String enumOf(String name, String... values) {
        if (values.length == 0) return "<enum name='" + name + "'/>\n";
        StringBuilder sb = new StringBuilder("<enum name='").append(name).append("'>\n");
        for (String v : values) sb.append("  <value>").append(v).append("</value>\n");
        return sb.append("</enum>\n").toString();
    }
}
