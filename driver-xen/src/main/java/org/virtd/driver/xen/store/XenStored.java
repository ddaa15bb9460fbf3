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
              -T, --trace-file <file> log to <file> instead of standard error
              -E, --entry-nb <nb>     nodes a domain may own (default 1000)
              -S, --entry-size <size> largest node a domain may store, in bytes (default 2048)
              -W, --watch-nb <nb>     watches a domain may set (default 128)
              -t, --transaction <nb>  transactions a domain may have open (default 10)
              -A, --perm-nb <nb>      permission entries per node a domain may set (default 5)
              -M, --path-max <len>    longest relative path a domain may use (default 2048)
              -Q, --quota <what>=<nb> set a quota: transaction-nodes, memory, outstanding
              -q, --quota-soft <what>=<nb>  set a soft quota: memory
              -I, --internal-db [on|off]  on: keep the database in memory only (lost at exit);
                                      off (the default here): durable in $XENSTORED_ROOTDIR
              -V, --verbose           log each request
              -H, --help              this text
            Accepted and ignored: -D -R -K -e -m -p -w.
            The socket is $XENSTORED_RUNDIR/socket (default /run/xenstored/socket); the database is in
            $XENSTORED_ROOTDIR (default /var/lib/xenstored): a snapshot named tdb and journal-*.log files.
            """;

    /** Options with a value, by short and long name. */
    private static final java.util.Set<String> WITH_VALUE = java.util.Set.of("-F", "--pid-file", "-T", "--trace-file",
            "-E", "--entry-nb", "-S", "--entry-size", "-W", "--watch-nb", "-t", "--transaction", "-A", "--perm-nb",
            "-M", "--path-max", "-Q", "--quota", "-q", "--quota-soft", "-e", "--event", "-m", "--master-domid",
            "-p", "--priv-domid", "-w", "--timeout");

    public static void main(String[] args) throws Exception {
        Store.Quotas q = Store.Quotas.XEN_DEFAULTS;
        String pidFile = null, traceFile = null;
        boolean verbose = false, printPid = false, inMemory = false;
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
            if (WITH_VALUE.contains(opt) && val == null) {
                if (i + 1 >= args.length) fail("option " + opt + " requires an argument");
                val = args[++i];
            }
            switch (opt) {
                case "-F", "--pid-file" -> pidFile = val;
                case "-T", "--trace-file" -> traceFile = val;
                case "-N", "--no-fork", "-D", "--no-domain-init", "-R", "--no-recovery", "-K", "--keep-orphans",
                     "-e", "--event", "-m", "--master-domid", "-p", "--priv-domid", "-w", "--timeout" -> { }
                case "-I", "--internal-db" -> {
                    // An optional value must be attached (-Ioff, --internal-db=off), as with getopt.
                    if (val != null && !val.equals("on") && !val.equals("off")) fail("invalid parameter value \"" + val + "\"");
                    inMemory = val == null || val.equals("on");
                }
                case "-P", "--output-pid" -> printPid = true;
                case "-E", "--entry-nb" -> q = q.with(Store.Quotas.item("nodes", false), number(val));
                case "-S", "--entry-size" -> q = q.with(Store.Quotas.item("node-size", false), number(val));
                case "-W", "--watch-nb" -> q = q.with(Store.Quotas.item("watches", false), number(val));
                case "-t", "--transaction" -> q = q.with(Store.Quotas.item("transactions", false), number(val));
                case "-A", "--perm-nb" -> q = q.with(Store.Quotas.item("permissions", false), number(val));
                case "-M", "--path-max" -> q = q.with(Store.Quotas.item("path-max", false),
                        Math.min(number(val), XsWire.REL_PATH_MAX));
                case "-Q", "--quota", "-q", "--quota-soft" -> q = quota(q, val, opt.equals("-q") || opt.equals("--quota-soft"));
                case "-U", "--live-update" -> fail("live update is not supported");
                case "-V", "--verbose" -> verbose = true;
                case "-H", "--help" -> { System.out.print(USAGE); return; }
                default -> fail(a.startsWith("-") ? "unrecognized option '" + a + "'" : "No arguments desired");
            }
        }
        Path socket = Path.of(System.getenv().getOrDefault("XENSTORED_RUNDIR", "/run/xenstored"), "socket");
        Path db = Path.of(System.getenv().getOrDefault("XENSTORED_ROOTDIR", "/var/lib/xenstored"));
        XenStoreServer server = null;
        try {
            server = inMemory ? new XenStoreServer(new Store(q), socket, verbose)
                    : XenStoreServer.persistent(db, socket, q, verbose, System.err);
            if (traceFile != null) server.logTo(Path.of(traceFile));
            server.start();
        } catch (IOException | XsException e) {
            if (server != null) server.close();
            fail((server == null ? "cannot open the database " + db : "cannot listen on " + socket) + ": " + e.getMessage());
        }
        long pid = ProcessHandle.current().pid();
        if (pidFile != null) Files.writeString(Path.of(pidFile), pid + "\n");
        if (printPid) System.out.println(pid);
        final String pf = pidFile;
        final XenStoreServer running = server;
        CountDownLatch done = new CountDownLatch(1);
        server.onFatal(() -> {
            System.err.println("xenstored: stopping: the database cannot be written");
            Runtime.getRuntime().halt(1);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
                if (pf != null) Files.deleteIfExists(Path.of(pf));
            } catch (IOException ignored) {
                // Exiting anyway.
            }
            done.countDown();
        }));
        done.await();
    }

    /** -Q/-q {@code what=nb}: only the quotas Xen lets these options set. */
    private static Store.Quotas quota(Store.Quotas q, String arg, boolean soft) {
        int eq = arg.indexOf('=');
        if (eq < 0) fail("quotas must be specified via <what>=<nb>");
        String what = arg.substring(0, eq);
        boolean allowed = soft ? what.equals("memory") : java.util.List.of("outstanding", "transaction-nodes", "memory").contains(what);
        if (!allowed) fail("unknown quota \"" + arg + "\"");
        return q.with(Store.Quotas.item(what, soft), number(arg.substring(eq + 1)));
    }

    private static int number(String val) {
        try {
            int v = Integer.parseInt(val);
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // Reported below.
        }
        fail("invalid parameter value \"" + val + "\"");
        return 0;
    }

    private static void fail(String msg) {
        System.err.println("xenstored: " + msg);
        System.exit(1);
    }
}
