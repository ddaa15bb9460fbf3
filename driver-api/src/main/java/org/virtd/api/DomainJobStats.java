package org.virtd.api;

import java.util.List;

/**
 * What {@code virDomainGetJobStats} reports: the job's type ({@link DomainJobInfo#NONE} ... CANCELLED) and its
 * statistics as typed parameters ({@code time_elapsed}, {@code data_total}, {@code operation}, ...).
 */
public record DomainJobStats(int type, List<TypedParameter> params) {
    public static final int STATS_COMPLETED = 1;
    public static final int STATS_KEEP_COMPLETED = 2;

    public DomainJobStats {
        params = List.copyOf(params);
    }
}
