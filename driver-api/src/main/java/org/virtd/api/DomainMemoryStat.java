package org.virtd.api;

/**
 * One entry of {@code virDomainMemoryStats}.
 *
 * @param tag a {@code VIR_DOMAIN_MEMORY_STAT_*} number ({@link #SWAP_IN} ... {@link #HUGETLB_PGFAIL})
 * @param value the statistic; KiB for sizes, seconds for {@link #LAST_UPDATE}, counts otherwise
 */
public record DomainMemoryStat(int tag, long value) {
    public static final int SWAP_IN = 0;
    public static final int SWAP_OUT = 1;
    public static final int MAJOR_FAULT = 2;
    public static final int MINOR_FAULT = 3;
    public static final int UNUSED = 4;
    public static final int AVAILABLE = 5;
    public static final int ACTUAL_BALLOON = 6;
    public static final int RSS = 7;
    public static final int USABLE = 8;
    public static final int LAST_UPDATE = 9;
    public static final int DISK_CACHES = 10;
    public static final int HUGETLB_PGALLOC = 11;
    public static final int HUGETLB_PGFAIL = 12;
    /** {@code VIR_DOMAIN_MEMORY_STAT_NR}: how many tags this release knows; more are never asked for. */
    public static final int NR = 13;
}
