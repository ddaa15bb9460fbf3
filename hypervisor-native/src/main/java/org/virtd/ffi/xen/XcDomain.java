package org.virtd.ffi.xen;

/**
 * One {@code xc_domaininfo_t} element, undecoded: {@code flags} as Xen packs it ({@link XenLayout}'s
 * XEN_DOMINF_* bits, shutdown code above XEN_DOMINF_SHUTDOWNSHIFT), memory in pages, {@code handle} the
 * 16-byte UUID, {@code maxVcpuId} -1 for a domain without vCPUs.
 */
public record XcDomain(int domid, int flags, long totPages, long maxPages, long cpuTimeNs, int nrOnlineVcpus,
                       int maxVcpuId, byte[] handle) {
    public XcDomain {
        handle = handle.clone();
    }

    @Override
    public byte[] handle() {
        return handle.clone();
    }
}
