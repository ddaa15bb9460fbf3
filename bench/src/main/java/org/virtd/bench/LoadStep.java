package org.virtd.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.virtd.rpc.client.RpcClient;
import org.virtd.rpc.proto.remote.ConnectOpenArgs;
import org.virtd.rpc.proto.remote.DomainGetInfoArgs;
import org.virtd.rpc.proto.remote.DomainGetInfoRet;
import org.virtd.rpc.proto.remote.DomainLookupByNameArgs;
import org.virtd.rpc.proto.remote.NonnullDomain;
import org.virtd.rpc.proto.remote.RemoteProcedure;
import org.virtd.rpc.xdr.XdrVoid;

/**
 * One measurement: {@code clients} threads, each with its own connection, loop lookupByName + getInfo for a
 * warm-up period and then a measured period. Only pairs that start and end inside the measured window count,
 * so calls/s is the number of such pairs divided by the window's length.
 */
final class LoadStep {
    /** libvirt's VIR_DOMAIN_RUNNING: the test driver's "test" domain runs from the start. */
    private static final int RUNNING = 1;

    /** How a client reaches a daemon. */
    enum Transport { TCP, UNIX }

    /**
     * @param daemonCpuNanos CPU time (user + system, all threads) the daemon process used during the window,
     *                       or -1 when it could not be read
     */
    record Result(int clients, long pairs, double seconds, long p50Nanos, long p99Nanos, long daemonCpuNanos,
            int errors, String firstError) {
        double pairsPerSecond() {
            return pairs / seconds;
        }

        /** Daemon CPU microseconds per call, or NaN when unknown. */
        double cpuMicrosPerPair() {
            return daemonCpuNanos < 0 || pairs == 0 ? Double.NaN : daemonCpuNanos / 1e3 / pairs;
        }
    }

    private LoadStep() {
    }

    /** Opens a connection the way a libvirt client does (auth list, then open) and checks the domain is there. */
    static RpcClient open(DaemonProcess daemon, Transport transport, String uri, String domain) throws IOException {
        RpcClient c = transport == Transport.TCP
                ? RpcClient.connectTcp(DaemonProcess.LOOPBACK, daemon.tcpPort())
                : RpcClient.connectUnix(daemon.unixSocket());
        try {
            c.call(RemoteProcedure.AUTH_LIST, XdrVoid.INSTANCE);
            c.call(RemoteProcedure.CONNECT_OPEN, new ConnectOpenArgs(uri, 0));
            NonnullDomain dom = c.call(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME, new DomainLookupByNameArgs(domain))
                    .dom();
            DomainGetInfoRet info = c.call(RemoteProcedure.DOMAIN_GET_INFO, new DomainGetInfoArgs(dom));
            if (!dom.name().equals(domain) || info.state() != RUNNING) {
                throw new IOException(daemon.name() + ": unexpected answer for domain " + domain + ": " + dom + " "
                        + info);
            }
            return c;
        } catch (RuntimeException | IOException e) {
            c.close();
            throw e instanceof IOException io ? io : new IOException(daemon.name() + ": handshake failed: " + e, e);
        }
    }

    static Result run(DaemonProcess daemon, Transport transport, String uri, String domain, int clients,
            Duration warmup, Duration measure, boolean virtualThreads) throws IOException, InterruptedException {
        List<RpcClient> conns = new ArrayList<>(clients);
        try {
            for (int i = 0; i < clients; i++) {
                conns.add(open(daemon, transport, uri, domain));
            }
            return drive(daemon, conns, domain, warmup, measure, virtualThreads);
        } finally {
            for (RpcClient c : conns) {
                closeQuietly(c);
            }
        }
    }

    private static Result drive(DaemonProcess daemon, List<RpcClient> conns, String domain, Duration warmup, Duration measure,
            boolean virtualThreads) throws InterruptedException {
        int n = conns.size();
        List<Latencies> samples = new ArrayList<>(n);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        Thread.Builder builder = virtualThreads ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RpcClient c = conns.get(i);
            Latencies lat = new Latencies();
            samples.add(lat);
            threads.add(builder.name("bench-client-" + i).start(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                // The window was published before go opened; the latch makes it visible here.
                long start = window[0];
                long end = window[1];
                DomainLookupByNameArgs lookup = new DomainLookupByNameArgs(domain);
                try {
                    for (long t0 = System.nanoTime(); t0 < end; t0 = System.nanoTime()) {
                        NonnullDomain dom = c.call(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME, lookup).dom();
                        c.call(RemoteProcedure.DOMAIN_GET_INFO, new DomainGetInfoArgs(dom));
                        long t1 = System.nanoTime();
                        if (t0 >= start && t1 <= end) {
                            lat.add(t1 - t0);
                        }
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            }));
        }
        ready.await();
        long now = System.nanoTime();
        window[0] = now + warmup.toNanos();
        window[1] = window[0] + measure.toNanos();
        go.countDown();
        sleepUntil(window[0]);
        long cpuBefore = daemon.cpuNanos();
        sleepUntil(window[1]);
        long cpuAfter = daemon.cpuNanos();
        for (Thread t : threads) {
            t.join();
        }
        long[] sorted = Latencies.mergeSorted(samples);
        return new Result(n, sorted.length, measure.toNanos() / 1e9, Latencies.percentile(sorted, 0.50),
                Latencies.percentile(sorted, 0.99), cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore,
                errors.get(), firstError.get());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static void closeQuietly(RpcClient c) {
        try {
            if (c.isOpen()) {
                c.call(RemoteProcedure.CONNECT_CLOSE, XdrVoid.INSTANCE);
            }
        } catch (RuntimeException e) {
            // the daemon may already be gone; the socket is closed below either way
        }
        c.close();
    }
}
