package org.virtd.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.virtd.daemon.VirtDaemon;
import org.virtd.daemon.config.DaemonConfig;
import org.virtd.daemon.config.DaemonPaths;
import org.virtd.rpc.client.RpcClient;
import org.virtd.rpc.proto.remote.ConnectOpenArgs;
import org.virtd.rpc.proto.remote.RemoteProcedure;
import org.virtd.rpc.xdr.XdrVoid;

/**
 * Starts the two daemons compared by the interop tests: virtd (in this JVM, all state under a temp dir) and a
 * private real libvirtd 9.0 (shared/tools/libvirtd-oracle). Each gets a "keeper" connection to test:///default,
 * because the test driver forgets its state when its last connection closes and the scenarios span many virsh
 * runs (the same set-up the captures in shared/vectors used).
 */
final class Daemons implements AutoCloseable {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final java.util.Map<Integer, Process> processes = new java.util.concurrent.ConcurrentHashMap<>();

    /** Stops a daemon of {@link #startVirtdProcess} now, as an administrator would (SIGTERM). */
    void stopProcess(Endpoint e) throws InterruptedException {
        Process p = processes.remove(e.tcpPort());
        if (p == null) {
            throw new IllegalArgumentException("not a virtd process of this test: " + e);
        }
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
    /** Kills a daemon of {@link #startVirtdProcess} with SIGKILL: no shutdown hook runs. */
    void killProcess(Endpoint e) throws InterruptedException {
        Process p = processes.remove(e.tcpPort());
        if (p == null) {
            throw new IllegalArgumentException("not a virtd process of this test: " + e);
        }
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private VirtDaemon virtd;

    Endpoint startVirtd(Path dir) throws Exception {
        int port = Ports.free();
        DaemonConfig config = DaemonConfig.parse(String.join("\n",
                "listen_tcp = 1", "listen_tls = 0", "listen_addr = \"127.0.0.1\"", "tcp_port = \"" + port + "\"",
                "auth_tcp = \"none\"", "auth_unix_rw = \"none\"", "auth_unix_ro = \"none\"",
                "unix_sock_ro_perms = \"0777\"", "unix_sock_rw_perms = \"0770\"",
                "root_dir = \"" + dir.toAbsolutePath() + "\"") + "\n", "interop.conf");
        DaemonPaths paths = DaemonPaths.of(config, dir.toAbsolutePath(), null, null);
        VirtDaemon daemon = new VirtDaemon(config, paths, true, null, 0);
        daemon.start();
        toClose.add(daemon);
        virtd = daemon;
        Endpoint e = new Endpoint("virtd", daemon.tcpAddress().getPort(), paths.rwSocket(), paths.roSocket());
        keep(e);
        return e;
    }

    /**
     * virtd in a JVM of its own ({@code Main --embedded DIR}, this test's class path): a second virtd whose
     * test:///default state is not shared with the one in this JVM (the test driver's default state is one per
     * process, as in libvirt).
     */
    Endpoint startVirtdProcess(Path dir) throws Exception {
        int port = Ports.free();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dvirtd.port=" + port, "-cp",
                System.getProperty("java.class.path"), "org.virtd.daemon.Main", "--embedded",
                dir.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("virtd.log").toFile()).start();
        processes.put(port, p);
        toClose.add(() -> {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("virtd process did not start: " + Files.readString(dir.resolve("virtd.log")));
                }
                Thread.sleep(100);
            }
        }
        Path run = dir.resolve("run").resolve("virtd");
        Endpoint e = new Endpoint("virtd", port, run.resolve("libvirt-sock"), run.resolve("libvirt-sock-ro"));
        keep(e);
        return e;
    }

    Endpoint startLibvirtd(Path dir) throws Exception {
        int port = Ports.free();
        Process p = new ProcessBuilder(Peers.oracleScript().toString(), "test", Integer.toString(port),
                dir.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("libvirtd-oracle failed: " + out);
        }
        long pid = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().trim());
        toClose.add(() -> ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }));
        Path sock = dir.resolve("sock");
        Endpoint e = new Endpoint("libvirtd", port, sock.resolve("libvirt-sock"), sock.resolve("libvirt-sock-ro"));
        keep(e);
        return e;
    }

    /** The in-process virtd of {@link #startVirtd}, for checks from inside (its client count). */
    VirtDaemon virtd() {
        return virtd;
    }

    private void keep(Endpoint e) throws IOException {
        RpcClient keeper = RpcClient.connectTcp("127.0.0.1", e.tcpPort());
        keeper.call(RemoteProcedure.AUTH_LIST, XdrVoid.INSTANCE);
        keeper.call(RemoteProcedure.CONNECT_OPEN, new ConnectOpenArgs("test:///default", 0));
        toClose.add(keeper);
    }

    @Override
    public void close() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // best effort: every server must be stopped even if one fails to stop
            }
        }
        toClose.clear();
    }

    static Path writeFile(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
