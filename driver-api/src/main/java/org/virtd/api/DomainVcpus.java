package org.virtd.api;

import java.util.List;

/**
 * What {@code virDomainGetVcpus} reports.
 *
 * @param info one entry per vCPU, at most the number asked for
 * @param cpumaps {@code maxInfo * mapLen} bytes as asked for: vCPU i's host-CPU affinity is bytes
 *        {@code [i * mapLen, (i + 1) * mapLen)}, host CPU n being bit {@code n % 8} of byte {@code n / 8};
 *        empty when no maps were asked for. Owned by the caller.
 */
public record DomainVcpus(List<VcpuInfo> info, byte[] cpumaps) {
    public DomainVcpus {
        info = List.copyOf(info);
    }
}
