package org.virtd.driver.xen.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The daemon's log: standard error until CONTROL logfile names a file. Request tracing (-V, CONTROL log on|off)
 * can be switched while running; notices and CONTROL print always go out.
 */
final class ServerLog implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private volatile boolean tracing;
    private volatile PrintStream out = System.err;

    ServerLog(boolean tracing) { this.tracing = tracing; }

    void setTracing(boolean on) { tracing = on; }

    /** Appends to {@code file} from now on; EINVAL-worthy failures are reported to the caller. */
    void setFile(Path file) throws XsException {
        try {
            PrintStream next = new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), true, java.nio.charset.StandardCharsets.UTF_8);
            PrintStream old = out;
            out = next;
            if (old != System.err) old.close();
        } catch (IOException e) {
            throw new XsException(XsError.EACCES);
        }
    }

    void trace(String msg) { if (tracing) line(msg); }

    void info(String msg) { line(msg); }

    void print(String msg) { line(msg); }

    private void line(String msg) { out.println(STAMP.format(LocalDateTime.now()) + " xenstored: " + msg); }

    @Override
    public void close() {
        if (out != System.err) out.close();
    }
}
