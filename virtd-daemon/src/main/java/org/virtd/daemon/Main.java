package org.virtd.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtd.api.Connect;
import org.virtd.api.Virt;
import org.virtd.daemon.config.ConfigException;
import org.virtd.daemon.config.ConfigWarning;
import org.virtd.daemon.config.DaemonConfig;
import org.virtd.daemon.config.DaemonPaths;

/**
 * {@code bin/virtd}: libvirtd's command line ({@code -f -l -p -t -d -v -V -h}, plus {@code --root DIR}), or
 * {@code --embedded [DIR]} for the ready-to-use default (everything under one directory, TCP on 127.0.0.1 with
 * auth none, the test driver).
 */
public final class Main {
    /** virtd's own release. */
    public static final String VERSION = "0.1.0";
    private static final String DAEMON_CHILD_ENV = "VIRTD_DAEMON_CHILD";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("--embedded")) {
            return EmbeddedDefault.run(args.length > 1 ? Path.of(args[1]) : null, out, err);
        }
        DaemonOptions o;
        try {
            o = DaemonOptions.parse(args);
        } catch (DaemonOptions.UsageException e) {
            err.println(DaemonOptions.PROGRAM + ": " + e.getMessage());
            if (e.showUsage()) {
                err.print(DaemonOptions.usage(DaemonPaths.of(DaemonConfig.defaults(), null, null, null)));
            }
            return e.exitStatus();
        }
        if (o.helpRequested()) {
            err.print(o.usage());
            return 0;
        }
        if (o.versionRequested()) {
            out.println(DaemonOptions.versionLine(VERSION));
            return 0;
        }
        Logging.configure(o.verbose() ? 2 : 0);
        DaemonConfig config;
        try {
            config = DaemonConfig.loadFor(o.configFile(), o.rootDir());
        } catch (ConfigException e) {
            err.println(e.loadFailureMessage());
            return 1;
        }
        Logging.configure(o.verbose() ? 2 : config.logLevel());
        for (ConfigWarning w : config.warnings()) {
            err.println(DaemonOptions.PROGRAM + ": warning: " + w);
        }
        DaemonPaths paths = DaemonPaths.of(config, o.rootDir(), o.configFile(), o.pidFile());
        if (o.daemon() && System.getenv(DAEMON_CHILD_ENV) == null) {
            return Daemonizer.detach(args, paths, DAEMON_CHILD_ENV, err);
        }
        String defaultUri = System.getenv("LIBVIRT_DEFAULT_URI");
        return serve(new VirtDaemon(config, paths, o.listen(), defaultUri, o.timeoutSeconds()), err, null);
    }

    /** Starts {@code daemon}, runs {@code onReady}, waits until stopped (signal, timeout), then stops it. */
    static int serve(VirtDaemon daemon, PrintStream err, Runnable onReady) {
        try {
            daemon.start();
        } catch (IOException | IllegalStateException e) {
            err.println(DaemonOptions.PROGRAM + ": error: " + e.getMessage());
            daemon.close();
            return 1;
        }
        Thread hook = new Thread(daemon::close, "virtd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (onReady != null) {
            onReady.run();
        }
        try {
            daemon.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        daemon.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
        return 0;
    }

    /** The ready-to-use default configuration of the README. */
    static final class EmbeddedDefault {
        static final String TEST_URI = "test:///default";

        private EmbeddedDefault() {
        }

        static int run(Path base, PrintStream out, PrintStream err) {
            Path dir = (base != null ? base : Path.of(System.getProperty("user.dir"), ".virtd")).toAbsolutePath()
                    .normalize();
            Logging.configure(3);
            int port = Integer.getInteger("virtd.port", 16509);
            DaemonConfig config;
            try {
                Files.createDirectories(dir);
                config = DaemonConfig.parse(String.join("\n", List.of(
                        "listen_tcp = 1",
                        "listen_tls = 0",
                        "listen_addr = \"127.0.0.1\"",
                        "tcp_port = \"" + port + "\"",
                        "auth_tcp = \"none\"",
                        "auth_unix_rw = \"none\"",
                        "auth_unix_ro = \"none\"",
                        "unix_sock_rw_perms = \"0700\"",
                        "root_dir = \"" + dir + "\"")) + "\n", "<embedded default>");
            } catch (IOException | ConfigException e) {
                err.println("virtd: error: " + e.getMessage());
                return 1;
            }
            DaemonPaths paths = DaemonPaths.of(config, dir, null, null);
            VirtDaemon daemon = new VirtDaemon(config, paths, true, TEST_URI, 0);
            List<Connect> keeper = new ArrayList<>();
            Runnable banner = () -> {
                // The test driver forgets its state when its last connection closes (as libvirt's does);
                // the embedded default holds one open so that `virsh define` and a later `virsh start` meet.
                keeper.add(Virt.connect(TEST_URI, 0, daemon.environment()));
                var tcp = daemon.tcpAddress();
                out.println("virtd " + VERSION + " is running with its embedded default configuration.");
                out.println("  state and sockets under: " + dir);
                out.println("  driver: test:///default (kept alive by the daemon while it runs)");
                out.println();
                out.println("Point virsh at it with any of:");
                if (tcp != null) {
                    out.println("  virsh -c test+tcp://127.0.0.1:" + tcp.getPort() + "/default");
                }
                out.println("  virsh -c 'test+unix:///default?socket=" + paths.rwSocket() + "'");
                out.println("  virsh -c 'test+unix:///default?socket=" + paths.roSocket() + "'   (read-only)");
                if (Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"))) {
                    out.println();
                    out.println("QEMU/KVM (guests run as this user's QEMU processes and outlive the daemon):");
                    if (tcp != null) out.println("  virsh -c qemu+tcp://127.0.0.1:" + tcp.getPort() + "/system");
                    out.println("  virsh -c 'qemu+unix:///system?socket=" + paths.rwSocket() + "'");
                }
                Path xenstore = dir.resolve("run/xenstored/socket");
                if (Files.exists(xenstore)) {
                    out.println();
                    out.println("Xen (simulated where this host has no Xen):");
                    out.println("  virsh -c 'xen+unix:///system?socket=" + paths.rwSocket() + "'");
                    out.println("XenStore (embedded xenstored) for Xen's tools:");
                    out.println("  XENSTORED_PATH=" + xenstore + " xenstore-ls");
                }
                out.println();
                out.println("Stop with Ctrl-C.");
                out.flush();
            };
            int rc = serve(daemon, err, banner);
            keeper.forEach(Connect::close);
            return rc;
        }
    }
}
