package org.virtd.driver.spi.support;

import org.virtd.api.DomainState;
import org.virtd.api.Flags;

/** virConnectListAllDomains' filter flags applied to one domain, as libvirt's virDomainObjListFilter does. */
public final class DomainListFilter {
    private DomainListFilter() {}

    /** Every filter flag libvirt 9.0 defines (VIR_CONNECT_LIST_DOMAINS_*). */
    public static final int ALL = 0xFFFF;

    /**
     * Whether {@code o} passes {@code flags}; the caller holds its lock. Snapshots and checkpoints are the driver's
     * to say.
     */
    public static boolean matches(DomainObject<?> o, int flags, boolean hasSnapshot, boolean hasCheckpoint) {
        if (!pair(flags, Flags.LIST_DOMAINS_ACTIVE, Flags.LIST_DOMAINS_INACTIVE, o.isActive())) return false;
        if (!pair(flags, Flags.LIST_DOMAINS_PERSISTENT, Flags.LIST_DOMAINS_TRANSIENT, o.isPersistent())) return false;
        int stateMask = Flags.LIST_DOMAINS_RUNNING | Flags.LIST_DOMAINS_PAUSED | Flags.LIST_DOMAINS_SHUTOFF
                | Flags.LIST_DOMAINS_OTHER;
        if ((flags & stateMask) != 0) {
            DomainState s = o.state();
            boolean ok = ((flags & Flags.LIST_DOMAINS_RUNNING) != 0 && s == DomainState.RUNNING)
                    || ((flags & Flags.LIST_DOMAINS_PAUSED) != 0 && s == DomainState.PAUSED)
                    || ((flags & Flags.LIST_DOMAINS_SHUTOFF) != 0 && s == DomainState.SHUTOFF)
                    || ((flags & Flags.LIST_DOMAINS_OTHER) != 0 && s != DomainState.RUNNING
                        && s != DomainState.PAUSED && s != DomainState.SHUTOFF);
            if (!ok) return false;
        }
        if (!pair(flags, Flags.LIST_DOMAINS_MANAGEDSAVE, Flags.LIST_DOMAINS_NO_MANAGEDSAVE, o.hasManagedSave())) return false;
        if (!pair(flags, Flags.LIST_DOMAINS_AUTOSTART, Flags.LIST_DOMAINS_NO_AUTOSTART, o.isAutostart())) return false;
        return pair(flags, Flags.LIST_DOMAINS_HAS_SNAPSHOT, Flags.LIST_DOMAINS_NO_SNAPSHOT, hasSnapshot)
                && pair(flags, Flags.LIST_DOMAINS_HAS_CHECKPOINT, Flags.LIST_DOMAINS_NO_CHECKPOINT, hasCheckpoint);
    }

    /** A pair of filter bits: neither or both set accept everything, one set accepts only its side. */
    private static boolean pair(int flags, int yes, int no, boolean value) {
        boolean y = (flags & yes) != 0;
        boolean n = (flags & no) != 0;
        return y == n || (y && value) || (n && !value);
    }
}
