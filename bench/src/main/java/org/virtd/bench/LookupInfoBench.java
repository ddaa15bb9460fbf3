package org.virtd.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The foundation benchmark: N concurrent clients, each on its own connection, loop {@code lookupByName}
 * ({@code REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME}, 23) and {@code getInfo} ({@code REMOTE_PROC_DOMAIN_GET_INFO}, 16)
 * against virtd and against a real libvirtd 9.0, both started here as separate processes serving
 * {@code test:///default} on loopback. It prints calls/s (one call = one lookup + getInfo pair), p50 and p99
 * for each client count side by side.
 *
 * <p>Steps run interleaved (virtd at 1 client, libvirtd at 1 client, virtd at 16, ...) so that drift on a
 * shared machine hits both daemons alike. Before the first step each daemon gets one untimed warm-up run,
 * which lets virtd's JIT compile the call path as it would in a long-running daemon.
 */
public final class LookupInfoBench {
    private static final String URI = "test:///default";

    private LookupInfoBench() {
    }

    /** Parsed command line. */
    record Options(List<Integer> clients, Duration measure, Duration warmup, Duration initialWarmup,
            List<String> targets, LoadStep.Transport transport, boolean virtualThreads, String domain, Path repo,
            Path oracle, List<String> virtdJavaOpts, boolean keepDir) {

        static final String USAGE = """
                usage: bench [options]
                  --clients 1,16,64          client counts (each client = its own connection)
                  --duration SECONDS         measured time per step (default 5)
                  --warmup SECONDS           unmeasured time before each step (default 1)
                  --initial-warmup SECONDS   one unmeasured run per daemon before the first step (default 3)
                  --targets virtd,libvirtd   which daemons, in this order
                  --transport tcp|unix       TCP on 127.0.0.1 (default) or the read-write unix socket
                  --virtual-threads          run clients on virtual threads (default: platform threads)
                  --domain NAME              the domain to look up (default test)
                  --repo DIR                 the virtd source tree holding the built virtd-daemon (default .)
                  --oracle PATH              libvirtd-oracle (default /work/shared/tools/libvirtd-oracle)
                  --virtd-java-opt OPT       extra JVM option for the virtd process (repeatable),
                                             e.g. -XX:StartFlightRecording=filename=virtd.jfr,settings=profile
                  --keep                     keep the daemons' temporary directory (logs) afterwards
                """;

        static Options parse(String[] args) {
            List<Integer> clients = List.of(1, 16, 64);
            double measure = 5;
            double warmup = 1;
            double initial = 3;
            List<String> targets = List.of("virtd", "libvirtd");
            LoadStep.Transport transport = LoadStep.Transport.TCP;
            boolean virtual = false;
            String domain = "test";
            Path repo = Path.of(System.getProperty("virtd.repo.dir", "."));
            Path oracle = Path.of(System.getProperty("virtd.shared.dir", "/work/shared"), "tools/libvirtd-oracle");
            List<String> javaOpts = new ArrayList<>();
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--clients" -> clients = BenchMain.numbers(BenchMain.value(args, ++i, a));
                    case "--duration" -> measure = Double.parseDouble(BenchMain.value(args, ++i, a));
                    case "--warmup" -> warmup = Double.parseDouble(BenchMain.value(args, ++i, a));
                    case "--initial-warmup" -> initial = Double.parseDouble(BenchMain.value(args, ++i, a));
                    case "--targets" -> targets = Arrays.stream(BenchMain.value(args, ++i, a).split(",")).map(String::strip)
                            .distinct().toList();
                    case "--transport" -> transport = LoadStep.Transport.valueOf(
                            BenchMain.value(args, ++i, a).toUpperCase(Locale.ROOT));
                    case "--virtual-threads" -> virtual = true;
                    case "--domain" -> domain = BenchMain.value(args, ++i, a);
                    case "--repo" -> repo = Path.of(BenchMain.value(args, ++i, a));
                    case "--oracle" -> oracle = Path.of(BenchMain.value(args, ++i, a));
                    case "--virtd-java-opt" -> javaOpts.add(BenchMain.value(args, ++i, a));
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option: " + a);
                }
            }
            if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("--clients: positive numbers expected");
            }
            for (String t : targets) {
                if (!t.equals("virtd") && !t.equals("libvirtd")) {
                    throw new IllegalArgumentException("--targets: virtd or libvirtd expected, got " + t);
                }
            }
            if (targets.isEmpty() || measure <= 0 || warmup < 0 || initial < 0) {
                throw new IllegalArgumentException("nothing to measure");
            }
            return new Options(clients, BenchMain.seconds(measure), BenchMain.seconds(warmup),
                    BenchMain.seconds(initial), targets, transport, virtual, domain, repo.toAbsolutePath().normalize(),
                    oracle, List.copyOf(javaOpts), keep);
        }
    }

    public static void main(String[] args) {
        BenchMain.main("bench", Options.USAGE, args, Options::parse, LookupInfoBench::run);
    }

    static int run(Options o, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Map<String, DaemonProcess> daemons = new ConcurrentHashMap<>();
        List<String> order = new ArrayList<>();
        try (BenchMain.Workspace ws = new BenchMain.Workspace("bench", o.keepDir(), err)) {
            for (String t : o.targets()) {
                DaemonProcess d = ws.add(t.equals("virtd")
                        ? DaemonProcess.startVirtd(o.repo(), ws.dir, o.virtdJavaOpts())
                        : DaemonProcess.startLibvirtd(o.oracle(), ws.dir));
                daemons.put(t, d);
                order.add(t);
                err.printf("bench: %s is pid %d, tcp 127.0.0.1:%d, unix %s%n", t, d.pid(), d.tcpPort(),
                        d.unixSocket());
            }
            int maxClients = o.clients().stream().max(Integer::compare).orElseThrow();
            if (!o.initialWarmup().isZero()) {
                for (String t : order) {
                    DaemonProcess d = daemons.get(t);
                    err.printf("bench: warming up %s (%d clients, %.1f s)%n", d.name(), maxClients,
                            o.initialWarmup().toMillis() / 1e3);
                    LoadStep.run(d, o.transport(), URI, o.domain(), maxClients, Duration.ZERO, o.initialWarmup(),
                            o.virtualThreads());
                }
            }
            Map<String, List<LoadStep.Result>> results = new LinkedHashMap<>();
            order.forEach(k -> results.put(k, new ArrayList<>()));
            int failures = 0;
            for (int n : o.clients()) {
                for (String t : order) {
                    DaemonProcess d = daemons.get(t);
                    LoadStep.Result r = LoadStep.run(d, o.transport(), URI, o.domain(), n, o.warmup(), o.measure(),
                            o.virtualThreads());
                    results.get(d.name()).add(r);
                    err.printf(Locale.ROOT, "bench: %-8s %3d clients: %8.0f calls/s  p50 %s ms  p99 %s ms"
                            + "  daemon cpu %.1f us/call%s%n", d.name(), n, r.pairsPerSecond(), millis(r.p50Nanos()),
                            millis(r.p99Nanos()), r.cpuMicrosPerPair(),
                            r.errors() > 0 ? "  ERRORS " + r.errors() + ": " + r.firstError() : "");
                    if (r.errors() > 0) {
                        failures++;
                    }
                }
            }
            printTable(o, results, out);
            return failures == 0 ? 0 : 1;
        }
    }

    static void printTable(Options o, Map<String, List<LoadStep.Result>> results, PrintStream out) {
        List<String> names = new ArrayList<>(results.keySet());
        out.printf("lookupByName(\"%s\") + getInfo on %s, each client on its own %s connection%n", o.domain(), URI,
                o.transport() == LoadStep.Transport.TCP ? "TCP (127.0.0.1)" : "unix socket");
        out.printf("one call = one DOMAIN_LOOKUP_BY_NAME + one DOMAIN_GET_INFO round trip; latency is per call;"
                + " %.1f s measured after %.1f s warm-up per step; %d CPUs%n"
                + "cpu us/call = CPU time of the whole daemon process (all threads) per call%n",
                o.measure().toMillis() / 1e3, o.warmup().toMillis() / 1e3, Runtime.getRuntime().availableProcessors());
        out.println();
        boolean ratio = names.contains("virtd") && names.contains("libvirtd");
        StringBuilder groups = new StringBuilder(" ".repeat(7));
        StringBuilder h = new StringBuilder(String.format("%7s", "clients"));
        for (String n : names) {
            groups.append(String.format(" | %-38s", center(n, 38)));
            h.append(String.format(" | %8s %8s %8s %11s", "calls/s", "p50 ms", "p99 ms", "cpu us/call"));
        }
        if (ratio) {
            groups.append(" | virtd/libvirtd");
            h.append(" | calls/s ratio");
        }
        out.println(groups);
        out.println(h);
        out.println("-".repeat(h.length()));
        for (int i = 0; i < o.clients().size(); i++) {
            StringBuilder row = new StringBuilder(String.format("%7d", o.clients().get(i)));
            for (String n : names) {
                LoadStep.Result r = results.get(n).get(i);
                row.append(String.format(Locale.ROOT, " | %8.0f %8s %8s %11.1f", r.pairsPerSecond(),
                        millis(r.p50Nanos()), millis(r.p99Nanos()), r.cpuMicrosPerPair()));
            }
            if (ratio) {
                double v = results.get("virtd").get(i).pairsPerSecond();
                double l = results.get("libvirtd").get(i).pairsPerSecond();
                row.append(String.format(Locale.ROOT, " | %13.2fx", l > 0 ? v / l : Double.NaN));
            }
            out.println(row);
        }
        if (ratio) {
            List<Integer> behind = new ArrayList<>();
            for (int i = 0; i < o.clients().size(); i++) {
                if (results.get("virtd").get(i).pairsPerSecond() < results.get("libvirtd").get(i).pairsPerSecond()) {
                    behind.add(o.clients().get(i));
                }
            }
            out.println();
            out.println(behind.isEmpty()
                    ? "virtd >= libvirtd in calls/s at every client count"
                    : "virtd is behind libvirtd in calls/s at " + behind + " clients");
        }
    }

    private static String center(String s, int width) {
        int left = Math.max(0, (width - s.length()) / 2);
        return " ".repeat(left) + s;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
