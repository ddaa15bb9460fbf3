package org.virtd.virsh.format;

import java.util.List;

/** The words virsh prints for domain states and their reasons ({@code domstate --reason}, {@code list}). */
public final class DomainStates {
    private static final List<String> STATES = List.of("no state", "running", "idle", "paused", "in shutdown",
            "shut off", "crashed", "pmsuspended");

    private static final List<List<String>> REASONS = List.of(
            List.of("unknown"),
            List.of("unknown", "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled",
                    "save canceled", "event wakeup", "crashed", "post-copy", "post-copy failed"),
            List.of("unknown"),
            List.of("unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot",
                    "shutting down", "creating snapshot", "crashed", "starting up", "post-copy",
                    "post-copy failed"),
            List.of("unknown", "user"),
            List.of("unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot",
                    "daemon"),
            List.of("unknown", "panicked"),
            List.of("unknown"));

    private DomainStates() {
    }

    /** The state's word; "no state" for numbers virsh does not know. */
    public static String state(int state) {
        return state >= 0 && state < STATES.size() ? STATES.get(state) : "no state";
    }

    /** The reason's words for {@code state}; "unknown" when either is out of range. */
    public static String reason(int state, int reason) {
        if (state < 0 || state >= REASONS.size()) {
            return "unknown";
        }
        List<String> r = REASONS.get(state);
        return reason >= 0 && reason < r.size() ? r.get(reason) : "unknown";
    }
}
