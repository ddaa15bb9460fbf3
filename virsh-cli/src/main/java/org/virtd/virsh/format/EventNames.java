package org.virtd.virsh.format;

import java.util.List;

/** Event type names of {@code virsh event} and the words of its lifecycle event lines. */
public final class EventNames {
    /** The names {@code event --list} prints, indexed by the event id. */
    public static final List<String> TYPES = List.of("lifecycle", "reboot", "rtc-change", "watchdog", "io-error",
            "graphics", "io-error-reason", "control-error", "block-job", "disk-change", "tray-change", "pm-wakeup",
            "pm-suspend", "balloon-change", "pm-suspend-disk", "device-removed", "block-job-2", "tunable",
            "agent-lifecycle", "device-added", "migration-iteration", "job-completed", "device-removal-failed",
            "metadata-change", "block-threshold", "memory-failure", "memory-device-size-change");

    private static final List<String> LIFECYCLE = List.of("Defined", "Undefined", "Started", "Suspended", "Resumed",
            "Stopped", "Shutdown", "PMSuspended", "Crashed");

    private static final List<List<String>> DETAILS = List.of(
            List.of("Added", "Updated", "Renamed", "Snapshot"),
            List.of("Removed", "Renamed"),
            List.of("Booted", "Migrated", "Restored", "Snapshot", "Event wakeup"),
            List.of("Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error", "Post-copy",
                    "Post-copy Error"),
            List.of("Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error"),
            List.of("Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot"),
            List.of("Finished", "Finished after guest request", "Finished after host request"),
            List.of("Memory", "Disk"),
            List.of("Panicked", "Crashloaded"));

    private EventNames() {
    }

    public static String lifecycle(int event) {
        return event >= 0 && event < LIFECYCLE.size() ? LIFECYCLE.get(event) : "unknown";
    }

    public static String detail(int event, int detail) {
        if (event < 0 || event >= DETAILS.size()) {
            return "unknown";
        }
        List<String> d = DETAILS.get(event);
        return detail >= 0 && detail < d.size() ? d.get(detail) : "unknown";
    }
}
