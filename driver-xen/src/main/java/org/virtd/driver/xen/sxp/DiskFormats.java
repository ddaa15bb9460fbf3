package org.virtd.driver.xen.sxp;

import java.util.Set;

/** libvirt's storage format names, which tap/tap2 disk specs may name. */
final class DiskFormats {
    private static final Set<String> FORMATS = Set.of("raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi",
            "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk");

    private DiskFormats() {
    }

    static boolean known(String format) {
        return FORMATS.contains(format);
    }
}
