package org.virtd.api;

/**
 * What {@code virNodeGetInfo} reports about the host.
 *
 * @param model CPU model name (at most 31 bytes on the wire)
 * @param memoryKiB memory size in KiB
 * @param cpus number of active CPUs
 * @param mhz expected CPU frequency
 * @param nodes NUMA cells, 1 for uniform memory access
 * @param sockets CPU sockets per node
 * @param cores cores per socket
 * @param threads threads per core
 */
public record NodeInfo(String model, long memoryKiB, int cpus, int mhz, int nodes, int sockets, int cores,
                       int threads) {
}
