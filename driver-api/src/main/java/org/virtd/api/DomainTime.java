package org.virtd.api;

/** What {@code virDomainGetTime} reports: the guest's clock as seconds and nanoseconds since the Unix epoch. */
public record DomainTime(long seconds, int nseconds) {
    /** {@code VIR_DOMAIN_TIME_SYNC}: set the guest clock from its own RTC instead of the given time. */
    public static final int SYNC = 1;
}
