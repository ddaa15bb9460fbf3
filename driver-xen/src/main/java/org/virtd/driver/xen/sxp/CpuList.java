package org.virtd.driver.xen.sxp;

import java.util.BitSet;
import org.virtd.xml.Bitmaps;

/** The (cpus ...) value: libvirt's CPU list syntax, normalised the way libvirt writes it back. */
final class CpuList {
    private CpuList() {
    }

    static String canonical(String text) throws SxprException {
        BitSet bits = Bitmaps.parse(text, Bitmaps.CPUMASK_LEN);
        if (bits == null || bits.isEmpty()) {
            throw new SxprException("Invalid value of 'cpumask': " + text);
        }
        return Bitmaps.format(bits);
    }
}
