package org.virtd.driver.spi.support;

import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/** libvirt's {@code virCheckFlags}: refuses any bit outside the allowed set, with libvirt's exact error fields. */
public final class FlagCheck {
    private FlagCheck() {
    }

    /**
     * Throws unless {@code flags} only has bits of {@code allowed}.
     *
     * @param function the name libvirt reports: its C function ({@code testDomainSetMemoryFlags}), since clients
     *                 see it in the message
     * @throws VirException INVALID_ARG "unsupported flags (0x%x) in function %s", str1 the function, str2 "flags",
     *         int1 and int2 0, as libvirt's invalid-argument reporter fills them
     */
    public static void check(int flags, int allowed, String function, VirErrorDomain domain) {
        int unknown = flags & ~allowed;
        if (unknown != 0) {
            VirException e = VirException.invalidArgument(function, "flags",
                    "unsupported flags (0x" + Integer.toHexString(unknown) + ") in function " + function);
            throw new VirException(e.code(), domain.wireValue(), e.getMessage(), e.level(), e.str1(), e.str2(),
                    e.str3(), e.int1(), e.int2());
        }
    }
}
