package org.virtd.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latency samples in nanoseconds: one growing array per client thread (no sharing, no locking while
 * measuring), merged and sorted once at the end of a step.
 */
final class Latencies {
    private long[] samples = new long[1 << 14];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** All samples of {@code parts}, sorted ascending. */
    static long[] mergeSorted(List<Latencies> parts) {
        int total = 0;
        for (Latencies p : parts) {
            total += p.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (Latencies p : parts) {
            System.arraycopy(p.samples, 0, all, at, p.size);
            at += p.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** The nearest-rank percentile {@code q} (0 < q <= 1) of sorted samples; 0 when there are none. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
