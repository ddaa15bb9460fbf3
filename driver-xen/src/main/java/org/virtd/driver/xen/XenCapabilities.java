package org.virtd.driver.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtd.driver.xen.hv.PhysInfo;
import org.virtd.driver.xen.hv.XenVersion;

/**
 * The capabilities document of a Xen host, as libvirt's libxl driver derives it: one guest per (arch, hvm) pair
 * named in Xen's capabilities string ({@code xen-3.0-x86_64 hvm-3.0-x86_32p ...}), a PVH guest beside each HVM
 * one, PAE/non-PAE from the x86_32 suffixes, ACPI/APIC/HAP toggles for hardware guests. A simulated host says so
 * in a comment, so it is never mistaken for a real one.
 */
final class XenCapabilities {
    /** Debian's Xen 4.17 paths, which libvirt's libxl driver is built with there. */
    static final String EMULATOR = "/usr/lib/xen-4.17/bin/qemu-system-i386";
    static final String HVMLOADER = "/usr/lib/xen-4.17/boot/hvmloader";
    private static final Pattern TOKEN = Pattern.compile("(xen|hvm)-\\d+\\.\\d+-(x86_32|x86_64|ia64|powerpc64|armv7l|aarch64)(p|be)?");

    private XenCapabilities() {}

    private static final class GuestArch {
        String arch;
        boolean hvm, pvh, pae, nonpae;
    }

    static String format(XenVersion v, PhysInfo p, boolean simulated) {
        List<GuestArch> guests = new ArrayList<>();
        for (String token : v.capabilities().trim().split(" +")) {
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) continue;
            boolean hvm = m.group(1).equals("hvm");
            String arch = switch (m.group(2)) {
                case "x86_32" -> "i686";
                case "x86_64" -> "x86_64";
                case "ia64" -> "ia64";
                case "powerpc64" -> "ppc64";
                case "armv7l" -> "armv7l";
                default -> "aarch64";
            };
            GuestArch g = null;
            for (GuestArch e : guests) if (e.arch.equals(arch) && e.hvm == hvm && !e.pvh) g = e;
            boolean isNew = g == null;
            if (isNew) {
                g = new GuestArch();
                g.arch = arch;
                g.hvm = hvm;
                guests.add(g);
            }
            if (m.group(2).equals("x86_32")) {
                if ("p".equals(m.group(3))) g.pae = true;
                else g.nonpae = true;
            }
            if (hvm && isNew) {
                GuestArch pvh = new GuestArch();
                pvh.arch = arch;
                pvh.pvh = true;
                guests.add(pvh);
            }
        }
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<capabilities>\n");
        if (simulated) sb.append("  <!-- virtd: simulated Xen hypervisor (no Xen on this host) -->\n");
        sb.append("\n  <host>\n    <cpu>\n      <arch>x86_64</arch>\n    </cpu>\n    <power_management/>\n")
                .append("    <iommu support='no'/>\n    <migration_features>\n      <live/>\n      <uri_transports>\n")
                .append("        <uri_transport>xenmigr</uri_transport>\n      </uri_transports>\n")
                .append("    </migration_features>\n    <topology>\n      <cells num='1'>\n        <cell id='0'>\n")
                .append("          <memory unit='KiB'>").append(p.totalMemoryKib()).append("</memory>\n")
                .append("          <cpus num='").append(p.cpus()).append("'>\n");
        for (int c = 0; c < p.cpus(); c++) {
            sb.append("            <cpu id='").append(c).append("' socket_id='0' die_id='0' core_id='").append(c)
                    .append("' siblings='").append(c).append("'/>\n");
        }
        sb.append("          </cpus>\n        </cell>\n      </cells>\n    </topology>\n  </host>\n\n");
        for (GuestArch g : guests) {
            String os = g.hvm ? "hvm" : g.pvh ? "xenpvh" : "xen";
            String machine = g.hvm ? "xenfv" : g.pvh ? "xenpvh" : "xenpv";
            sb.append("  <guest>\n    <os_type>").append(os).append("</os_type>\n    <arch name='").append(g.arch)
                    .append("'>\n      <wordsize>").append(g.arch.equals("i686") || g.arch.equals("armv7l") ? 32 : 64)
                    .append("</wordsize>\n      <emulator>").append(EMULATOR).append("</emulator>\n");
            if (g.hvm) sb.append("      <loader>").append(HVMLOADER).append("</loader>\n");
            sb.append("      <machine>").append(machine).append("</machine>\n      <domain type='xen'/>\n    </arch>\n");
            List<String> features = new ArrayList<>();
            if (g.pae) features.add("      <pae/>\n");
            if (g.nonpae) features.add("      <nonpae/>\n");
            if (g.hvm) {
                features.add("      <acpi default='on' toggle='yes'/>\n");
                features.add("      <apic default='on' toggle='no'/>\n");
            }
            if (g.hvm || g.pvh) features.add("      <hap default='on' toggle='yes'/>\n");
            if (!features.isEmpty()) sb.append("    <features>\n").append(String.join("", features)).append("    </features>\n");
            sb.append("  </guest>\n\n");
        }
        sb.append("</capabilities>\n");
        return sb.toString();
    }
}
