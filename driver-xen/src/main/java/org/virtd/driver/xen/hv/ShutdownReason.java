package org.virtd.driver.xen.hv;

/** Xen's SHUTDOWN_* codes (public/sched.h), in code order. */
public enum ShutdownReason {
    POWEROFF, REBOOT, SUSPEND, CRASH, WATCHDOG, SOFT_RESET;

    public int code() { return ordinal(); }

    public static ShutdownReason of(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }

    /** The word a PV guest reads from {@code control/shutdown}: "poweroff", "reboot", "suspend", ... */
    public String controlWord() {
        return switch (this) {
            case POWEROFF -> "poweroff";
            case REBOOT -> "reboot";
            case SUSPEND -> "suspend";
            case CRASH -> "crash";
            case WATCHDOG -> "watchdog";
            case SOFT_RESET -> "soft_reset";
        };
    }
}
