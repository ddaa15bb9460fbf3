package org.virtd.ffi.xen;

import jnr.ffi.Pointer;

/**
 * libxenctrl ({@code xenctrl.h}): the raw hypercall wrappers. Every call returns -1 with errno set on failure
 * (errno values are Xen's, the same numbers as Linux on x86). Handles ({@code xc_interface *}) are opaque
 * pointers; a handle must not be used after a fork.
 */
public interface XenCtrl {
    /** {@code xc_interface_open(logger, dombuild_logger, open_flags)}: null when privcmd cannot be opened. */
    Pointer xc_interface_open(Pointer logger, Pointer dombuildLogger, int openFlags);

    int xc_interface_close(Pointer xch);

    /**
     * {@code xc_version(xch, cmd, arg)}. For {@link XenLayout#XENVER_VERSION} the result is
     * {@code major << 16 | minor} and {@code arg} is null; the string commands fill a fixed-size buffer.
     */
    int xc_version(Pointer xch, int cmd, Pointer arg);

    /** Fills one {@link XcPhysInfo}. */
    int xc_physinfo(Pointer xch, Pointer info);

    /**
     * Fills up to {@code maxDomains} {@link XcDomainInfo}s for the domains with id >= {@code firstDomain}, in id
     * order; returns how many.
     */
    int xc_domain_getinfolist(Pointer xch, int firstDomain, int maxDomains, Pointer info);

    int xc_domain_pause(Pointer xch, int domid);

    int xc_domain_unpause(Pointer xch, int domid);

    int xc_domain_destroy(Pointer xch, int domid);

    /** {@code reason} is a SHUTDOWN_* code (public/sched.h). */
    int xc_domain_shutdown(Pointer xch, int domid, int reason);

    int xc_domain_setmaxmem(Pointer xch, int domid, long maxMemKib);
}
