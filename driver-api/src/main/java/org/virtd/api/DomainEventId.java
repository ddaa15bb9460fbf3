package org.virtd.api;

/** libvirt's {@code virDomainEventID}: the kinds of domain event a client can register for (wire values 0..26). */
public enum DomainEventId {
    LIFECYCLE, REBOOT, RTC_CHANGE, WATCHDOG, IO_ERROR, GRAPHICS, IO_ERROR_REASON, CONTROL_ERROR, BLOCK_JOB,
    DISK_CHANGE, TRAY_CHANGE, PMWAKEUP, PMSUSPEND, BALLOON_CHANGE, PMSUSPEND_DISK, DEVICE_REMOVED, BLOCK_JOB_2,
    TUNABLE, AGENT_LIFECYCLE, DEVICE_ADDED, MIGRATION_ITERATION, JOB_COMPLETED, DEVICE_REMOVAL_FAILED,
    METADATA_CHANGE, BLOCK_THRESHOLD, MEMORY_FAILURE, MEMORY_DEVICE_SIZE_CHANGE;

    public int wireValue() {
        return ordinal();
    }

    /**
     * The id for a wire value.
     *
     * @throws VirException INVALID_ARG "unsupported event ID N" (libvirt's text) for an unknown value
     */
    public static DomainEventId fromWire(int v) {
        DomainEventId[] all = values();
        if (v < 0 || v >= all.length) {
            throw VirException.invalidArg("unsupported event ID " + v);
        }
        return all[v];
    }
}
