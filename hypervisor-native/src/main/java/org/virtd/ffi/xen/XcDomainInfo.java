package org.virtd.ffi.xen;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * {@code xc_domaininfo_t} ({@code struct xen_domctl_getdomaininfo}, 112 bytes on x86_64), the element type of
 * {@code xc_domain_getinfolist}. {@code flags} holds the {@code XEN_DOMINF_*} bits and, above
 * {@link XenLayout#XEN_DOMINF_SHUTDOWNSHIFT}, the guest's shutdown code. Memory fields count pages.
 */
public final class XcDomainInfo extends Struct {
    public final Unsigned16 domain = new Unsigned16();
    public final Unsigned16 pad1 = new Unsigned16();
    public final Unsigned32 flags = new Unsigned32();
    public final Unsigned64 totPages = new Unsigned64();
    public final Unsigned64 maxPages = new Unsigned64();
    public final Unsigned64 outstandingPages = new Unsigned64();
    public final Unsigned64 shrPages = new Unsigned64();
    public final Unsigned64 pagedPages = new Unsigned64();
    public final Unsigned64 sharedInfoFrame = new Unsigned64();
    /** Nanoseconds. */
    public final Unsigned64 cpuTime = new Unsigned64();
    public final Unsigned32 nrOnlineVcpus = new Unsigned32();
    public final Unsigned32 maxVcpuId = new Unsigned32();
    public final Unsigned32 ssidref = new Unsigned32();
    /** {@code xen_domain_handle_t}: the domain's UUID, 16 bytes in big-endian order. */
    public final Unsigned8[] handle = array(new Unsigned8[16]);
    public final Unsigned32 cpupool = new Unsigned32();
    public final Unsigned8 gpaddrBits = new Unsigned8();
    public final Unsigned8[] pad2 = array(new Unsigned8[7]);
    /** {@code struct xen_arch_domainconfig} on x86: emulation_flags, misc_flags. */
    public final Unsigned32 archEmulationFlags = new Unsigned32();
    public final Unsigned32 archMiscFlags = new Unsigned32();

    public XcDomainInfo(Runtime runtime) {
        super(runtime);
    }

    /** The handle as 16 bytes. */
    public byte[] handleBytes() {
        byte[] b = new byte[handle.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) handle[i].get();
        return b;
    }
}
