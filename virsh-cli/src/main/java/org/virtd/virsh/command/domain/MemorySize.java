package org.virtd.virsh.command.domain;

import java.math.BigInteger;
import org.virtd.virsh.Virsh;

/** The {@code size} option of setmem and setmaxmem: a scaled integer (KiB by default) rounded up to KiB. */
final class MemorySize {
    /** virsh's limit: the API takes an unsigned long of KiB, so on 64-bit hosts the byte count is at most ULONG_MAX. */
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger KIB = BigInteger.valueOf(1024);

    private MemorySize() {
    }

    static long kib(Virsh ctl) {
        BigInteger bytes = ctl.optScaled("size", 1024, MAX);
        return bytes.add(KIB.subtract(BigInteger.ONE)).divide(KIB).longValue();
    }
}
