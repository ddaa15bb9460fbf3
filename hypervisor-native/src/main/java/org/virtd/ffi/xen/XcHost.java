package org.virtd.ffi.xen;

/** The fields of {@code xc_physinfo_t} the driver uses, memory still in pages. */
public record XcHost(int nrCpus, int threadsPerCore, int coresPerSocket, int nrNodes, int cpuKhz,
                     int capabilities, long totalPages, long freePages) {}
