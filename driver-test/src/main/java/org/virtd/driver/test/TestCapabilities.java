package org.virtd.driver.test;

/** The capabilities document of the test host, laid out as libvirt's capabilities formatter writes it. */
final class TestCapabilities {
    private static final long[] PAGE_SIZES = {4, 8, 2048, 1048576};

    private TestCapabilities() {
    }

    static String format(long[] cellMemory, int cpusPerCell) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<capabilities>\n\n  <host>\n    <cpu>\n      <arch>i686</arch>\n      <features>\n")
                .append("        <pae/>\n        <nonpae/>\n      </features>\n");
        for (long p : PAGE_SIZES) {
            sb.append("      <pages unit='KiB' size='").append(p).append("'/>\n");
        }
        sb.append("    </cpu>\n    <power_management/>\n    <iommu support='no'/>\n");
        if (cellMemory.length > 0) {
            sb.append("    <topology>\n      <cells num='").append(cellMemory.length).append("'>\n");
            for (int i = 0; i < cellMemory.length; i++) {
                // Cell 1 uses the second page size as its base page, the others the first (libvirt's test data).
                long base = i == 1 ? PAGE_SIZES[1] : PAGE_SIZES[0];
                sb.append("        <cell id='").append(i).append("'>\n")
                        .append("          <memory unit='KiB'>").append(cellMemory[i]).append("</memory>\n")
                        .append("          <pages unit='KiB' size='").append(base).append("'>")
                        .append(cellMemory[i] / base).append("</pages>\n");
                for (int j = 2; j < PAGE_SIZES.length; j++) {
                    sb.append("          <pages unit='KiB' size='").append(PAGE_SIZES[j]).append("'>0</pages>\n");
                }
                sb.append("          <cpus num='").append(cpusPerCell).append("'>\n");
                for (int c = 0; c < cpusPerCell; c++) {
                    int id = i * cpusPerCell + c;
                    sb.append("            <cpu id='").append(id).append("' socket_id='").append(i)
                            .append("' die_id='0' core_id='").append(c).append("' siblings='").append(id)
                            .append("'/>\n");
                }
                sb.append("          </cpus>\n        </cell>\n");
            }
            sb.append("      </cells>\n    </topology>\n");
        }
        sb.append("    <secmodel>\n      <model>testSecurity</model>\n      <doi></doi>\n    </secmodel>\n")
                .append("  </host>\n\n");
        for (String os : new String[] {"hvm", "xen"}) {
            sb.append("  <guest>\n    <os_type>").append(os).append("</os_type>\n")
                    .append("    <arch name='i686'>\n      <wordsize>32</wordsize>\n")
                    .append("      <emulator>/usr/bin/test-hv</emulator>\n      <domain type='test'/>\n")
                    .append("    </arch>\n    <features>\n      <pae/>\n      <nonpae/>\n    </features>\n")
                    .append("  </guest>\n\n");
        }
        sb.append("</capabilities>\n");
        return sb.toString();
    }
}
