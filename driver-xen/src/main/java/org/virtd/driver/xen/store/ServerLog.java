package org.virtd.driver.xen.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The daemon's log: standard error for the standalone daemon, the host's SLF4J log when embedded, until CONTROL
 * logfile (or -T) names a file. Request tracing (-V, CONTROL log on|off)
 * can be switched while running; notices and CONTROL print always go out.
 */
final class ServerLog implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** Loaded only when embedded: the standalone daemon runs without SLF4J on its class path. */
    private static final class Embedded {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(XenStoreServer.class);
    }

    private volatile boolean tracing;
    /** Where lines go; null: the embedding program's SLF4J log. */
    private volatile PrintStream out;

    ServerLog(boolean tracing, PrintStream out) {
        this.tracing = tracing;
        this.out = out;
    }

    void setTracing(boolean on) { tracing = on; }

    /** Appends to {@code file} from now on; EINVAL-worthy failures are reported to the caller. */
    void setFile(Path file) throws XsException {
        try {
            PrintStream next = new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), true, java.nio.charset.StandardCharsets.UTF_8);
            PrintStream old = out;
            out = next;
            if (old != null && old != System.err) old.close();
        } catch (IOException e) {
            throw new XsException(XsError.EACCES);
        }
    }

    void trace(String msg) { if (tracing) line(msg); }

    void info(String msg) { line(msg); }

    void print(String msg) { line(msg); }

    private void line(String msg) {
        PrintStream o = out;
        if (o == null) Embedded.LOG.info("xenstored: {}", msg);
        else o.println(STAMP.format(LocalDateTime.now()) + " xenstored: " + msg);
    }

    @Override
    public void close() {
        PrintStream o = out;
        if (o != null && o != System.err) o.close();
    }
}
