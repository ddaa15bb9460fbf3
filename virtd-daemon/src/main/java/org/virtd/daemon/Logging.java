package org.virtd.daemon;

/**
 * Maps libvirtd's {@code log_level} (1 debug, 2 info, 3 warning, 4 error; 0 = built-in default, warning) onto
 * the SLF4J simple logger, which reads its level once, when the first logger is made.
 */
final class Logging {
    private Logging() {
    }

    static void configure(int logLevel) {
        String level = switch (logLevel) {
            case 1 -> "debug";
            case 2 -> "info";
            case 4 -> "error";
            default -> "warn";
        };
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSSZ");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
