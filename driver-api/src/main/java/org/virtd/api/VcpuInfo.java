package org.virtd.api;

/**
 * One entry of {@code virDomainGetVcpus}.
 *
 * @param number the vCPU's number
 * @param state {@link #OFFLINE}, {@link #RUNNING} or {@link #BLOCKED}
 * @param cpuTimeNs CPU time used, in nanoseconds
 * @param cpu the host CPU it runs on, or −1
 */
public record VcpuInfo(int number, int state, long cpuTimeNs, int cpu) {
    public static final int OFFLINE = 0;
    public static final int RUNNING = 1;
    public static final int BLOCKED = 2;
}
