package org.virtd.driver.kvm.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.virtd.driver.kvm.qmp.QmpClient;
import org.virtd.driver.kvm.qmp.QmpException;

/**
 * One running QEMU: its process and its monitor. Launched by the driver, or found again after a daemon restart
 * ({@link #attach}). QEMU runs in a session of its own ({@code setsid}), its output appended to the domain's log
 * file, so it outlives the daemon that started it, as libvirt's guests do.
 */
public final class QemuProcess {
    /** util-linux's setsid execs its argument in place (same pid) when, as here, the caller leads no group. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final ProcessHandle process;
    private final QmpClient monitor;
    private final Path monitorSocket;
    private final Instant started;
    private final Path log;
    private final long logStart;

    private QemuProcess(ProcessHandle process, QmpClient monitor, Path monitorSocket, Instant started, Path log,
                        long logStart) {
        this.process = process;
        this.monitor = monitor;
        this.monitorSocket = monitorSocket;
        this.started = started;
        this.log = log;
        this.logStart = logStart;
    }

    /** What QEMU wrote to its log since this start (its error messages when it failed). */
    public String logSinceStart() {
        return logTail(log, logStart);
    }

    /** Whether QEMU has ended or ends within a moment. */
    public boolean exited() {
        return waitExit(process);
    }

    /**
     * Starts QEMU with {@code argv} (the binary first) and exactly {@code env}, its stdout and stderr appended to
     * {@code log}, and connects to its monitor at {@code monitorSocket} within {@code timeout}.
     *
     * @throws LaunchException QEMU exited or never opened its monitor; the message carries its log's last lines
     */
    public static QemuProcess launch(List<String> argv, Map<String, String> env, Path log, Path monitorSocket,
                                     Duration timeout) throws LaunchException {
        long logStart;
        try {
            Files.createDirectories(log.getParent());
            logStart = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new LaunchException("cannot open the log file " + log + ": " + e.getMessage(), e);
        }
        List<String> command = Files.isExecutable(SETSID)
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of(SETSID.toString()), argv.stream()).toList()
                : argv;
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p;
        try {
            Files.deleteIfExists(monitorSocket);
            p = pb.start();
        } catch (IOException e) {
            throw new LaunchException("cannot execute " + argv.get(0) + ": " + e.getMessage(), e);
        }
        Instant started = Instant.now();
        try {
            QmpClient qmp = connect(p.toHandle(), monitorSocket, timeout, log, logStart);
            return new QemuProcess(p.toHandle(), qmp, monitorSocket, started, log, logStart);
        } catch (LaunchException e) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /**
     * Finds a QEMU started earlier (by this or a previous daemon): the process {@code pid} must still be alive and
     * be the one whose command line names {@code marker} (the domain's UUID), so a recycled pid is never adopted.
     */
    public static Optional<QemuProcess> attach(long pid, String marker, Path monitorSocket, Duration timeout)
            throws LaunchException {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive() || !commandLine(pid).contains(marker)) return Optional.empty();
        QmpClient qmp = connect(h.get(), monitorSocket, timeout, null, 0);
        return Optional.of(new QemuProcess(h.get(), qmp, monitorSocket,
                h.get().info().startInstant().orElse(Instant.now()), null, 0));
    }

    private static QmpClient connect(ProcessHandle p, Path socket, Duration timeout, Path log, long logStart)
            throws LaunchException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new LaunchException("process exited while connecting to monitor: " + logTail(log, logStart), null);
            }
            if (Files.exists(socket)) {
                try {
                    return QmpClient.connect(socket, Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000)));
                } catch (ConnectException | NoSuchFileException e) {
                    last = e;  // the socket file exists a moment before QEMU listens on it
                } catch (IOException | QmpException | RuntimeException e) {
                    if (!p.isAlive() || waitExit(p)) {
                        throw new LaunchException("qemu unexpectedly closed the monitor: " + logTail(log, logStart), e);
                    }
                    throw new LaunchException("cannot talk to the monitor " + socket + ": " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while connecting to monitor", e);
            }
        }
        throw new LaunchException("monitor socket did not show up: " + socket
                + (last == null ? "" : " (" + last.getMessage() + ")"), last);
    }

    /** Whether QEMU ends within a moment (it closes its monitor a little before it exits). */
    private static boolean waitExit(ProcessHandle p) {
        try {
            p.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return !p.isAlive();
        }
    }

    /** The last lines QEMU wrote to its log since {@code from}, for error messages as libvirt shows them. */
    public static String logTail(Path log, long from) {
        if (log == null) return "";
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(from, f.length() - 1024);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    public long pid() { return process.pid(); }

    public QmpClient monitor() { return monitor; }

    public Path monitorSocket() { return monitorSocket; }

    public Instant started() { return started; }

    public boolean isAlive() { return process.isAlive(); }

    /** CPU time used by all of QEMU's threads (user + system), in nanoseconds; 0 once it is gone. */
    public long cpuTimeNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            // Fields after the parenthesised command name, which may itself contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Stops QEMU: SIGTERM, and when it is still there after {@code grace} (and {@code force}), SIGKILL. SIGKILL
     * also ends a stopped or hung process, so destroy always works. Returns whether the process is gone.
     */
    public boolean kill(Duration grace, boolean force) {
        // A stopped process (SIGSTOP, a debugger) cannot act on SIGTERM: waiting for it would only delay.
        if (force && runState() == 'T') {
            process.destroyForcibly();
            return waitGone(Duration.ofSeconds(5)) && finish();
        }
        process.destroy();
        if (waitGone(grace)) return finish();
        if (!force) return false;
        process.destroyForcibly();
        return waitGone(Duration.ofSeconds(5)) && finish();
    }

    /** The kernel's one-letter state of the process (R, S, D, T, Z...), or '?' when it is gone. */
    private char runState() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    private boolean finish() {
        monitor.close();
        return true;
    }

    /**
     * Waits until QEMU has exited. A zombie counts as gone: a QEMU re-attached after a daemon restart is no child of
     * ours, and its exit shows only when PID 1 reaps it, which can take seconds.
     */
    private boolean waitGone(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        while (process.isAlive() && runState() != 'Z') {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    /** A QEMU that could not be started or reached; the driver turns it into libvirt's error. */
    public static final class LaunchException extends Exception {
        public LaunchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
