package org.virtd.api;

import java.util.List;

/**
 * What {@code virDomainGetDiskErrors} reports: how many disks have an error to report ({@link #count}; all that is
 * asked for with {@code maxErrors} 0) and, otherwise, up to the number asked for.
 */
public record DomainDiskErrors(int count, List<DiskError> errors) {
    public static final int NONE = 0;
    public static final int UNSPEC = 1;
    public static final int NO_SPACE = 2;

    /** One disk (target name) and its error: {@link #NONE}, {@link #UNSPEC} or {@link #NO_SPACE}. */
    public record DiskError(String disk, int error) {
    }

    public DomainDiskErrors {
        errors = List.copyOf(errors);
    }
}
