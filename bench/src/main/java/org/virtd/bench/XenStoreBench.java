package org.virtd.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.virtd.driver.xen.store.XenStoreClient;
import org.virtd.driver.xen.store.XsException;

/**
 * The XenStore benchmark ({@code bin/bench-xenstore}): our xenstored runs as its own process
 * ({@code bin/xenstored}, private run and root directories), and N clients, each on its own connection through
 * {@link XenStoreClient}, measure reads/s, writes/s, committed non-conflicting transactions/s and the latency
 * of watch events, at each client count. There is no C xenstored to compare with: it needs a hypervisor.
 */
public final class XenStoreBench {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Nodes the readers cycle through; all exist before the step starts. */
    private static final int READ_NODES = 100;
    /** Nodes each writer cycles through, distinct per writer. */
    private static final int WRITE_NODES = 1000;

    private XenStoreBench() {
    }

    record Options(List<Integer> clients, Duration measure, Duration warmup, int pipeline, Path repo, boolean keep) {
        static final String USAGE = """
                usage: bench-xenstore [options]
                  --clients 1,8,64      client counts (each client = its own connection)
                  --duration SECONDS    measured time per step (default 5)
                  --warmup SECONDS      unmeasured time before each step (default 1)
                  --pipeline N          requests in flight per connection (default 1: one caller per connection;
                                        N > 1: N caller threads share each connection, which the client multiplexes)
                  --repo DIR            the virtd source tree (default .)
                  --keep                keep xenstored's temporary directories (its log) afterwards
                """;

        static Options parse(String[] args) {
            List<Integer> clients = List.of(1, 8, 64);
            double measure = 5;
            double warmup = 1;
            int pipeline = 1;
            Path repo = Path.of(System.getProperty("virtd.repo.dir", "."));
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--clients" -> clients = BenchMain.numbers(BenchMain.value(args, ++i, a));
                    case "--duration" -> measure = Double.parseDouble(BenchMain.value(args, ++i, a));
                    case "--warmup" -> warmup = Double.parseDouble(BenchMain.value(args, ++i, a));
                    case "--pipeline" -> pipeline = Integer.parseInt(BenchMain.value(args, ++i, a));
                    case "--repo" -> repo = Path.of(BenchMain.value(args, ++i, a));
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option: " + a);
                }
            }
            if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1) || pipeline < 1 || measure <= 0
                    || warmup < 0) {
                throw new IllegalArgumentException("--clients and --pipeline: positive numbers, --duration > 0");
            }
            return new Options(clients, BenchMain.seconds(measure), BenchMain.seconds(warmup),
                    pipeline, repo.toAbsolutePath().normalize(), keep);
        }
    }

    /** One operation of a load step, done by caller {@code caller} of client {@code client}. */
    @FunctionalInterface
    interface Op {
        void run(XenStoreClient c, int client, int caller, long n) throws XsException;
    }

    /** Operations per second in the window, the daemon's CPU time in it, and the EAGAIN retries (transactions). */
    record Rate(double perSecond, double cpuMicrosPerOp, double clientCpuMicrosPerOp, long retries) {
    }

    /** Watch-event latency from just before the write to each watcher's callback. */
    record Latency(long events, long p50Nanos, long p99Nanos) {
    }

    record Row(int clients, Rate reads, Rate writes, Rate txs, Latency watch) {
    }

    public static void main(String[] args) {
        BenchMain.main("bench-xenstore", Options.USAGE, args, Options::parse, XenStoreBench::run);
    }

    static int run(Options o, PrintStream out, PrintStream err) throws IOException, XsException, InterruptedException {
        try (BenchMain.Workspace ws = new BenchMain.Workspace("bench-xenstore", o.keep(), err)) {
            DaemonProcess d = ws.add(DaemonProcess.startXenstored(o.repo(), ws.dir));
            err.printf("bench-xenstore: xenstored is pid %d, socket %s%n", d.pid(), d.unixSocket());
            return measure(o, d, out, err);
        }
    }

    private static int measure(Options o, DaemonProcess d, PrintStream out, PrintStream err)
            throws IOException, XsException, InterruptedException {
        try (XenStoreClient setup = XenStoreClient.open(d.unixSocket())) {
            for (int i = 0; i < READ_NODES; i++) {
                setup.write("/bench/r/" + i, "value-" + i);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int n : o.clients()) {
            Rate reads = load(d, o, n, (c, client, caller, k) -> c.read("/bench/r/" + (k % READ_NODES)));
            progress(err, n, "reads", reads);
            Rate writes = load(d, o, n, (c, client, caller, k) ->
                    c.write("/bench/w/" + client + "/" + caller + "/" + (k % WRITE_NODES), Long.toString(k)));
            progress(err, n, "writes", writes);
            // Each caller increments a node of its own, created beforehand: creating nodes would touch their
            // shared parent, which is a conflict; updating existing ones never conflicts.
            try (XenStoreClient setup = XenStoreClient.open(d.unixSocket())) {
                for (int c = 0; c < n; c++) {
                    for (int p = 0; p < o.pipeline(); p++) {
                        setup.write(txNode(c, p), "0");
                    }
                }
            }
            Rate txs = load(d, o, n, (c, client, caller, k) -> c.transaction(tx -> {
                String node = txNode(client, caller);
                long v = Long.parseLong(new String(tx.read(node), StandardCharsets.US_ASCII));
                tx.write(node, Long.toString(v + 1));
                return null;
            }));
            progress(err, n, "transactions", txs);
            Latency watch = watchLatency(d, o, n);
            err.printf(Locale.ROOT, "bench-xenstore: %3d watchers: %d events, p50 %s ms, p99 %s ms%n", n,
                    watch.events(), millis(watch.p50Nanos()), millis(watch.p99Nanos()));
            rows.add(new Row(n, reads, writes, txs, watch));
        }
        printTable(o, rows, out);
        return 0;
    }

    private static String txNode(int client, int caller) {
        return "/bench/t/" + client + "/" + caller;
    }

    private static void progress(PrintStream err, int n, String what, Rate r) {
        err.printf(Locale.ROOT, "bench-xenstore: %3d clients: %9.0f %s/s, cpu us/op: daemon %.1f, bench (clients) %.1f%s%n",
                n, r.perSecond(), what, r.cpuMicrosPerOp(), r.clientCpuMicrosPerOp(),
                r.retries() > 0 ? ", EAGAIN retries " + r.retries() : "");
    }

    /**
     * Runs {@code op} in a loop on {@code clients} connections with {@code pipeline} callers each, for the warm-up
     * and the measured window; counts the operations that finish inside the window.
     */
    static Rate load(DaemonProcess d, Options o, int clients, Op op) throws IOException, InterruptedException {
        List<XenStoreClient> conns = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                conns.add(XenStoreClient.open(d.unixSocket()));
            }
            LongAdder done = new LongAdder();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            long[] window = new long[2];
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                for (int p = 0; p < o.pipeline(); p++) {
                    XenStoreClient c = conns.get(i);
                    int client = i;
                    int caller = p;
                    threads.add(Thread.ofPlatform().daemon().name("xs-bench-" + i + "-" + p).start(() -> {
                        try {
                            go.await();
                            long end = window[1];
                            long start = window[0];
                            for (long k = 0; ; k++) {
                                op.run(c, client, caller, k);
                                long t = System.nanoTime();
                                if (t >= end) {
                                    break;
                                }
                                if (t >= start) {
                                    done.increment();
                                }
                            }
                        } catch (Throwable e) {
                            failed.compareAndSet(null, e);
                        }
                    }));
                }
            }
            window[0] = System.nanoTime() + o.warmup().toNanos();
            window[1] = window[0] + o.measure().toNanos();
            go.countDown();
            sleepUntil(window[0]);
            long cpu0 = d.cpuNanos();
            long own0 = DaemonProcess.cpuNanos(ProcessHandle.current().pid());
            long ops0 = done.sum();
            long retries0 = retries(conns);
            sleepUntil(window[1]);
            long cpu1 = d.cpuNanos();
            long own1 = DaemonProcess.cpuNanos(ProcessHandle.current().pid());
            long ops = done.sum() - ops0;
            long retries = retries(conns) - retries0;
            for (Thread t : threads) {
                t.join();
            }
            if (failed.get() != null) {
                throw new IOException("a client failed: " + failed.get(), failed.get());
            }
            double seconds = o.measure().toNanos() / 1e9;
            return new Rate(ops / seconds, perOp(cpu0, cpu1, ops), perOp(own0, own1, ops), retries);
        } finally {
            conns.forEach(XenStoreClient::close);
        }
    }

    private static double perOp(long cpuBefore, long cpuAfter, long ops) {
        return cpuBefore < 0 || cpuAfter < 0 || ops == 0 ? Double.NaN : (cpuAfter - cpuBefore) / 1e3 / ops;
    }

    private static long retries(List<XenStoreClient> conns) {
        return conns.stream().mapToLong(XenStoreClient::transactionRetries).sum();
    }

    /**
     * One writer and {@code watchers} watching connections: the writer writes the watched node, waits until
     * every watcher's callback has seen the event, and writes again. Latency = callback time minus the time
     * taken just before the write, one sample per watcher and write.
     */
    static Latency watchLatency(DaemonProcess d, Options o, int watchers) throws IOException, XsException, InterruptedException {
        String node = "/bench/watch/" + watchers;
        List<XenStoreClient> conns = new ArrayList<>();
        try (XenStoreClient writer = XenStoreClient.open(d.unixSocket())) {
            writer.write(node, "0");
            AtomicReference<CountDownLatch> round = new AtomicReference<>(new CountDownLatch(watchers));
            long[] sentAt = new long[1];
            Latencies samples = new Latencies();
            Object lock = new Object();
            for (int i = 0; i < watchers; i++) {
                XenStoreClient c = XenStoreClient.open(d.unixSocket());
                conns.add(c);
                c.watch(node, "w", e -> {
                    long now = System.nanoTime();
                    synchronized (lock) {
                        if (sentAt[0] != 0) {
                            samples.add(now - sentAt[0]);
                        }
                    }
                    round.get().countDown();
                });
            }
            // The first events, sent when each watch was accepted, are not measured.
            if (!round.get().await(30, TimeUnit.SECONDS)) {
                throw new IOException("watchers did not see their initial events");
            }
            long start = System.nanoTime() + o.warmup().toNanos();
            long end = start + o.measure().toNanos();
            for (long k = 1; System.nanoTime() < end; k++) {
                CountDownLatch latch = new CountDownLatch(watchers);
                boolean measured = System.nanoTime() >= start;
                synchronized (lock) {
                    round.set(latch);
                    sentAt[0] = measured ? System.nanoTime() : 0;
                }
                writer.write(node, Long.toString(k));
                if (!latch.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("a watcher missed write " + k);
                }
            }
            long[] sorted = Latencies.mergeSorted(List.of(samples));
            return new Latency(sorted.length, Latencies.percentile(sorted, 0.50), Latencies.percentile(sorted, 0.99));
        } finally {
            conns.forEach(XenStoreClient::close);
        }
    }

    static void printTable(Options o, List<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "XenStore on our xenstored (bin/xenstored, own process), XenStoreClient, each client on its"
                + " own unix socket connection%n%s; %.1f s measured after %.1f s warm-up per step; %d CPUs%n"
                + "cpu us/op = CPU time of the whole xenstored process (all threads) per operation%n"
                + "tx = READ + WRITE of a node private to the caller in one transaction, committed; EAGAIN = retries%n"
                + "watch = one writer, N watchers of the written node; latency from before the write to each callback%n%n",
                o.pipeline() == 1 ? "one request in flight per connection"
                        : o.pipeline() + " requests in flight per connection (" + o.pipeline()
                                + " caller threads multiplexed on it)",
                o.measure().toMillis() / 1e3, o.warmup().toMillis() / 1e3, Runtime.getRuntime().availableProcessors());
        String h = String.format("%7s | %9s %6s | %9s %6s | %8s %6s %6s | %8s %8s", "clients", "reads/s", "cpu us",
                "writes/s", "cpu us", "tx/s", "cpu us", "EAGAIN", "watch p50", "p99 ms");
        out.println(h);
        out.println("-".repeat(h.length()));
        for (Row r : rows) {
            out.println(String.format(Locale.ROOT, "%7d | %9.0f %6.1f | %9.0f %6.1f | %8.0f %6.1f %6d | %9s %8s",
                    r.clients(), r.reads().perSecond(), r.reads().cpuMicrosPerOp(), r.writes().perSecond(),
                    r.writes().cpuMicrosPerOp(), r.txs().perSecond(), r.txs().cpuMicrosPerOp(), r.txs().retries(),
                    millis(r.watch().p50Nanos()), millis(r.watch().p99Nanos())));
        }
        out.println();
        double bestReads = rows.stream().mapToDouble(r -> r.reads().perSecond()).max().orElse(0);
        double bestTx = rows.stream().mapToDouble(r -> r.txs().perSecond()).max().orElse(0);
        out.printf(Locale.ROOT, "targets (issue 5): reads/s >= 100000: %s (best %.0f); committed tx/s >= 10000: %s (best %.0f)%n",
                bestReads >= 100_000 ? "met" : "NOT met", bestReads, bestTx >= 10_000 ? "met" : "NOT met", bestTx);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
