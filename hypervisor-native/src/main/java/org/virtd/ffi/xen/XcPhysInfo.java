package org.virtd.ffi.xen;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** {@code xc_physinfo_t} ({@code struct xen_sysctl_physinfo}, 112 bytes on x86_64). Memory fields count pages. */
public final class XcPhysInfo extends Struct {
    public final Unsigned32 threadsPerCore = new Unsigned32();
    public final Unsigned32 coresPerSocket = new Unsigned32();
    public final Unsigned32 nrCpus = new Unsigned32();
    public final Unsigned32 maxCpuId = new Unsigned32();
    public final Unsigned32 nrNodes = new Unsigned32();
    public final Unsigned32 maxNodeId = new Unsigned32();
    public final Unsigned32 cpuKhz = new Unsigned32();
    /** {@code XEN_SYSCTL_PHYSCAP_*}. */
    public final Unsigned32 capabilities = new Unsigned32();
    public final Unsigned32 archCapabilities = new Unsigned32();
    public final Unsigned32 pad = new Unsigned32();
    public final Unsigned64 totalPages = new Unsigned64();
    public final Unsigned64 freePages = new Unsigned64();
    public final Unsigned64 scrubPages = new Unsigned64();
    public final Unsigned64 outstandingPages = new Unsigned64();
    public final Unsigned64 maxMfn = new Unsigned64();
    public final Unsigned32[] hwCap = array(new Unsigned32[8]);

    public XcPhysInfo(Runtime runtime) {
        super(runtime);
    }
}
