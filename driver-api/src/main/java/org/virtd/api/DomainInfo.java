package org.virtd.api;

/**
 * What {@code virDomainGetInfo} reports.
 *
 * @param state a {@link DomainState} wire value
 * @param maxMemKiB maximum memory in KiB
 * @param memoryKiB current memory in KiB
 * @param nrVirtCpu number of virtual CPUs
 * @param cpuTimeNs CPU time used, in nanoseconds
 */
public record DomainInfo(int state, long maxMemKiB, long memoryKiB, int nrVirtCpu, long cpuTimeNs) {
}
