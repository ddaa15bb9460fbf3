package org.virtd.api;

import org.jspecify.annotations.Nullable;

/**
 * What {@code virNodeGetCPUMap} reports.
 *
 * @param cpus how many host CPUs exist (the map's bit count)
 * @param map the online CPUs, CPU n being bit {@code n % 8} of byte {@code n / 8}; null when not asked for
 * @param online how many CPUs are online; 0 when not asked for
 */
public record NodeCpuMap(int cpus, byte @Nullable [] map, int online) {
}
