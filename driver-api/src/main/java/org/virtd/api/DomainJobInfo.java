package org.virtd.api;

/**
 * What {@code virDomainGetJobInfo} reports about a domain's background job (migration, save, dump).
 *
 * @param type {@link #NONE}, {@link #BOUNDED}, {@link #UNBOUNDED}, {@link #COMPLETED}, {@link #FAILED} or
 *        {@link #CANCELLED}
 * @param timeElapsedMs time since the job started, in milliseconds; the remaining fields count milliseconds
 *        and bytes
 */
public record DomainJobInfo(int type, long timeElapsedMs, long timeRemainingMs, long dataTotal, long dataProcessed,
                            long dataRemaining, long memTotal, long memProcessed, long memRemaining,
                            long fileTotal, long fileProcessed, long fileRemaining) {
    public static final int NONE = 0;
    public static final int BOUNDED = 1;
    public static final int UNBOUNDED = 2;
    public static final int COMPLETED = 3;
    public static final int FAILED = 4;
    public static final int CANCELLED = 5;
}
