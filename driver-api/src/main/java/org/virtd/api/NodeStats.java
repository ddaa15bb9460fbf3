package org.virtd.api;

import java.util.List;

/**
 * What {@code virNodeGetCPUStats} and {@code virNodeGetMemoryStats} report: with {@code nparams} 0 asked, only
 * how many fields the driver has; otherwise up to that many fields.
 *
 * @param nparams the number of fields the driver supports (asked with 0), or {@code params.size()}
 * @param params name/value pairs: CPU times in nanoseconds ("user", "kernel", "idle", "iowait", ...) or
 *        memory sizes in KiB ("total", "free", "buffers", "cached")
 */
public record NodeStats(int nparams, List<Field> params) {
    /** {@code VIR_NODE_CPU_STATS_ALL_CPUS}: the totals over every host CPU. */
    public static final int ALL_CPUS = -1;
    /** {@code VIR_NODE_MEMORY_STATS_ALL_CELLS}: the totals over every NUMA cell. */
    public static final int ALL_CELLS = -1;

    public NodeStats {
        params = List.copyOf(params);
    }

    public record Field(String field, long value) {
    }
}
