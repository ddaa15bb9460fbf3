package org.virtd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A daemon under test, running as its own process on loopback: either virtd ({@code org.virtd.daemon.Main
 * --embedded}, the class path bin/virtd uses) or a real libvirtd started by {@code libvirtd-oracle}, or our
 * xenstored ({@code bin/xenstored}, unix socket only, no TCP port).
 * The libvirt daemons serve {@code test:///default} over TCP on 127.0.0.1 and over a unix socket in a private
 * directory.
 * {@link #close()} always stops the process; a shutdown hook does it too when the bench is interrupted.
 */
final class DaemonProcess implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Linux's clock tick for /proc times, fixed at 100 on every architecture the JDK runs on. */
    private static final long USER_HZ = 100;

    private final String name;
    private final int tcpPort;
    private final Path unixSocket;
    private final ProcessHandle process;
    private final Path log;
    private final Thread hook;

    private DaemonProcess(String name, int tcpPort, Path unixSocket, ProcessHandle process, Path log) {
        this.name = name;
        this.tcpPort = tcpPort;
        this.unixSocket = unixSocket;
        this.process = process;
        this.log = log;
        this.hook = new Thread(this::stop, "bench-stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts virtd exactly as users do, through {@code repo/bin/virtd --embedded} (its JVM flags included),
     * with {@code javaOpts} added through {@code VIRTD_JAVA_OPTS}.
     */
    static DaemonProcess startVirtd(Path repo, Path dir, List<String> javaOpts) throws IOException {
        Path module = repo.resolve("virtd-daemon/target");
        if (!Files.isDirectory(module.resolve("classes")) || !Files.isDirectory(module.resolve("lib"))) {
            throw new IOException("virtd is not built: " + module + " has no classes/ and lib/"
                    + " (run: mvn -q -DskipTests -pl virtd-daemon -am install)");
        }
        int port = freePort();
        Path state = Files.createDirectories(dir.resolve("virtd"));
        Path log = dir.resolve("virtd.log");
        List<String> opts = new ArrayList<>(javaOpts);
        opts.add("-Dvirtd.port=" + port);
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/virtd").toString(), "--embedded", state.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VIRTD_JAVA_OPTS", String.join(" ", opts));
        Process p = pb.start();
        DaemonProcess d = new DaemonProcess("virtd", port, state.resolve("run/virtd/libvirt-sock"), p.toHandle(),
                log);
        d.awaitListening();
        return d;
    }

    /**
     * Starts our xenstored through {@code repo/bin/xenstored}, with fresh run and root directories under
     * {@code dir} ({@code XENSTORED_RUNDIR}, {@code XENSTORED_ROOTDIR}); it listens only on its unix socket.
     */
    static DaemonProcess startXenstored(Path repo, Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("xenstored-run"));
        Path root = Files.createDirectories(dir.resolve("xenstored-root"));
        Path log = dir.resolve("xenstored.log");
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/xenstored").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("XENSTORED_RUNDIR", run.toString());
        pb.environment().put("XENSTORED_ROOTDIR", root.toString());
        DaemonProcess d = new DaemonProcess("xenstored", -1, run.resolve("socket"), pb.start().toHandle(), log);
        d.awaitListening();
        return d;
    }

    /** Starts a private real libvirtd with only its test driver, through {@code oracle} (libvirtd-oracle). */
    static DaemonProcess startLibvirtd(Path oracle, Path dir) throws IOException {
        return startLibvirtd(oracle, dir, "test");
    }

    /** Starts a private real libvirtd through {@code oracle}: mode {@code test} or {@code qemu} (its QEMU driver too). */
    static DaemonProcess startLibvirtd(Path oracle, Path dir, String mode) throws IOException {
        int port = freePort();
        Path state = Files.createDirectories(dir.resolve("libvirtd"));
        Process p = new ProcessBuilder(oracle.toString(), mode, Integer.toString(port), state.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting libvirtd", e);
        }
        String lastLine = out.lines().reduce((a, b) -> b).orElse("");
        if (rc != 0 || !lastLine.matches("\\d+")) {
            throw new IOException("libvirtd-oracle failed (exit " + rc + "): " + out);
        }
        ProcessHandle h = ProcessHandle.of(Long.parseLong(lastLine))
                .orElseThrow(() -> new IOException("libvirtd (pid " + lastLine + ") exited right after starting"));
        DaemonProcess d = new DaemonProcess("libvirtd", port, state.resolve("sock/libvirt-sock"), h,
                state.resolve("libvirtd.log"));
        d.awaitListening();
        return d;
    }

    String name() {
        return name;
    }

    int tcpPort() {
        return tcpPort;
    }

    Path unixSocket() {
        return unixSocket;
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU time the daemon process has used so far (user + system, all its threads), from
     * {@code /proc/PID/stat}; -1 when unreadable. Resolution is one clock tick (10 ms with USER_HZ 100).
     */
    long cpuNanos() {
        return cpuNanos(process.pid());
    }

    /** {@link #cpuNanos()} of any process, by pid (XenStoreBench's xenstored). */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesised command name, which may itself contain spaces or parentheses.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * (1_000_000_000L / USER_HZ);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IOException(name + " exited before listening; log: " + log + "\n" + tail(log));
            }
            if (tcpPort < 0 ? acceptsUnix() : acceptsTcp()) {
                return;
            }
            sleep(100);
        }
        close();
        throw new IOException(name + " did not listen on " + (tcpPort < 0 ? unixSocket : LOOPBACK + ":" + tcpPort) + " within "
                + START_TIMEOUT.toSeconds() + " s; log: " + log + "\n" + tail(log));
    }

    private boolean acceptsTcp() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, tcpPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Daemons without TCP (xenstored): ready once their unix socket takes connections. */
    private boolean acceptsUnix() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(unixSocket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if the process is still there after a few seconds. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
