package org.virtd.api;

/**
 * What {@code virDomainGetVcpuPinInfo} reports: the host-CPU affinity of each vCPU of the live or persistent
 * definition, whether or not the domain runs.
 *
 * @param count how many vCPUs were filled in (at most the number asked for)
 * @param cpumaps {@code ncpumaps * mapLen} bytes as asked for: vCPU i's map is bytes {@code [i * mapLen,
 *        (i + 1) * mapLen)}, host CPU n being bit {@code n % 8} of byte {@code n / 8}. Owned by the caller.
 */
public record VcpuPinInfo(int count, byte[] cpumaps) {
}
