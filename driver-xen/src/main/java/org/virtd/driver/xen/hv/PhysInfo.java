package org.virtd.driver.xen.hv;

/**
 * The host as {@code xc_physinfo} sees it. Memory in KiB (Xen reports pages); {@code hvm} when the CPU offers
 * hardware virtualization to guests.
 */
public record PhysInfo(int cpus, int cpuMhz, int nodes, int sockets, int coresPerSocket, int threadsPerCore,
                       long totalMemoryKib, long freeMemoryKib, boolean hvm) {}
