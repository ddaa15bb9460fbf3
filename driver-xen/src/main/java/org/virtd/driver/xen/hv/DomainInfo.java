package org.virtd.driver.xen.hv;

import java.util.UUID;

/**
 * One domain as {@code xc_domain_getinfolist} reports it: Xen's state flags (several can hold at once, e.g. a
 * shut-down domain that is also dying), the shutdown reason when {@code shutdown} is set, memory and CPU time.
 */
public record DomainInfo(int domid, UUID uuid, boolean dying, boolean crashed, boolean shutdown, boolean paused,
                         boolean blocked, boolean running, ShutdownReason shutdownReason, long memoryKib,
                         long maxMemoryKib, int onlineVcpus, int maxVcpuId, long cpuTimeNs) {

    /** xl list's state column: six letters, "-" where a flag is clear (r b p s c d). */
    public String xlState() {
        return (running ? "r" : "-") + (blocked ? "b" : "-") + (paused ? "p" : "-") + (shutdown ? "s" : "-")
                + (crashed ? "c" : "-") + (dying ? "d" : "-");
    }
}
