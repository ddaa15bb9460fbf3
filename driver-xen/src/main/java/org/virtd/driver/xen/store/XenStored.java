package org.virtd.driver.xen.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/xenstored}: the server as a standalone program taking xenstored's options. It always stays in the
 * foreground (a JVM cannot fork); -N is accepted for compatibility and -F writes the pid file as Xen does.
 */
public final class XenStored {
    private XenStored() {}

    private static final String USAGE = """
            Usage: xenstored [OPTIONS]
              -F, --pid-file <file>   write the daemon's pid to <file>
              -N, --no-fork           stay in the foreground (always the case here)
              -P, --output-pid        print the pid on standard output
              -E, --entry-nb <nb>     nodes a domain may own (default 1000)
              -S, --entry-size <size> largest node a domain may store, in bytes (default 2048)
              -W, --watch-nb <nb>     watches a domain may set (default 128)
              -t, --transaction <nb>  transactions a domain may have open (default 10)
              -A, --perm-nb <nb>      permission entries per node a domain may set (default 5)
              -M, --path-max <len>    longest relative path a domain may use (default 2048)
              -V, --verbose           log each request on standard error
              -H, --help              this text
            The socket is $XENSTORED_RUNDIR/socket (default /run/xenstored/socket).
            """;

    public static void main(String[] args) throws Exception {
        Store.Quotas q = Store.Quotas.XEN_DEFAULTS;
        int entries = q.entriesPerDomain(), size = q.maxEntrySize(), watches = q.watchesPerDomain();
        int txs = q.maxTransactions(), perms = q.permsPerNode(), pathMax = q.maxPathLen();
        String pidFile = null;
        boolean verbose = false, printPid = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String opt = a, val = null;
            if (a.startsWith("--") && a.contains("=")) {
                opt = a.substring(0, a.indexOf('='));
                val = a.substring(a.indexOf('=') + 1);
            } else if (a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-') {
                opt = a.substring(0, 2);
                val = a.substring(2);
            }
            boolean needsValue = switch (opt) {
                case "-F", "--pid-file", "-E", "--entry-nb", "-S", "--entry-size", "-W", "--watch-nb", "-t",
                     "--transaction", "-A", "--perm-nb", "-M", "--path-max" -> true;
                default -> false;
            };
            if (needsValue && val == null) {
                if (i + 1 >= args.length) fail("option " + opt + " requires an argument");
                val = args[++i];
            }
            switch (opt) {
                case "-F", "--pid-file" -> pidFile = val;
                case "-N", "--no-fork", "-D", "--no-domain-init", "-R", "--no-recovery", "-I", "--internal-db" -> { }
                case "-P", "--output-pid" -> printPid = true;
                case "-E", "--entry-nb" -> entries = number(opt, val);
                case "-S", "--entry-size" -> size = number(opt, val);
                case "-W", "--watch-nb" -> watches = number(opt, val);
                case "-t", "--transaction" -> txs = number(opt, val);
                case "-A", "--perm-nb" -> perms = number(opt, val);
                case "-M", "--path-max" -> pathMax = Math.min(number(opt, val), XsWire.REL_PATH_MAX);
                case "-V", "--verbose" -> verbose = true;
                case "-H", "--help" -> { System.out.print(USAGE); return; }
                default -> fail("unrecognized option '" + a + "'");
            }
        }
        String rundir = System.getenv().getOrDefault("XENSTORED_RUNDIR", "/run/xenstored");
        Path socket = Path.of(rundir, "socket");
        Store store = new Store(new Store.Quotas(entries, watches, size, txs, perms, pathMax));
        XenStoreServer server = new XenStoreServer(store, socket, verbose);
        try {
            server.start();
        } catch (IOException e) {
            fail("cannot listen on " + socket + ": " + e.getMessage());
        }
        long pid = ProcessHandle.current().pid();
        if (pidFile != null) Files.writeString(Path.of(pidFile), pid + "\n");
        if (printPid) System.out.println(pid);
        final String pf = pidFile;
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                if (pf != null) Files.deleteIfExists(Path.of(pf));
            } catch (IOException ignored) {
                // Exiting anyway.
            }
            done.countDown();
        }));
        done.await();
    }

    private static int number(String opt, String val) {
        try {
            return Integer.parseInt(val);
        } catch (NumberFormatException e) {
            fail("option " + opt + ": not a number: " + val);
            return 0;
        }
    }

    private static void fail(String msg) {
        System.err.println("xenstored: " + msg);
        System.exit(1);
    }
}
