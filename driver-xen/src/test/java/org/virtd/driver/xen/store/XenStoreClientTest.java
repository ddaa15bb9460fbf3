package org.virtd.driver.xen.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XenStoreClientTest {
    /** Generous bound for anything that should happen at once; only reached when a test fails. */
    private static final long WAIT_S = 20;

    @TempDir Path dir;
    XenStoreServer server;
    XenStoreClient xs;

    @BeforeEach
    void start() throws IOException {
        server = new XenStoreServer(new Store(Store.Quotas.XEN_DEFAULTS), dir.resolve("socket"), false);
        server.start();
        xs = XenStoreClient.open(server.socket());
        xs.setTimeout(Duration.ofSeconds(WAIT_S));
    }

    @AfterEach
    void stop() throws IOException {
        xs.close();
        server.close();
    }

    /** The error an operation fails with. */
    private static XsError error(ThrowingOp op) {
        return assertThrows(XsException.class, op::run).error();
    }

    @FunctionalInterface
    interface ThrowingOp {
        void run() throws Exception;
    }

    // ---- data operations -------------------------------------------------------------------------------------

    @Test
    void writeReadMkdirDirectoryRm() throws Exception {
        xs.write("/a/b", "hello");
        assertEquals("hello", xs.readString("/a/b"));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), xs.read("/a/b"));
        assertArrayEquals(new byte[0], xs.read("/a"), "the implicit parent is empty");
        byte[] binary = {1, 0, 2, (byte) 0xff};
        xs.write("/a/bin", binary);
        assertArrayEquals(binary, xs.read("/a/bin"), "values may hold NUL bytes");
        xs.mkdir("/m/n");
        xs.mkdir("/m/n");
        assertEquals(List.of("b", "bin"), xs.directory("/a"));
        assertEquals(List.of("tool", "a", "m"), xs.directory("/"));
        assertEquals(List.of(), xs.directory("/m/n"));
        xs.rm("/a");
        assertEquals(XsError.ENOENT, error(() -> xs.read("/a/b")));
        xs.rm("/a");
        assertEquals(XsError.ENOENT, error(() -> xs.rm("/a/b/c")), "rm of a node without parent");
        assertEquals(List.of("tool", "m"), xs.directory("/"));
    }

    @Test
    void relativePathsAreUnderTheCallersHome() throws Exception {
        xs.write("rel/x", "1");
        assertEquals("1", xs.readString("/local/domain/0/rel/x"));
        assertEquals(List.of("x"), xs.directory("rel"));
    }

    @Test
    void daemonErrorsArriveAsXsExceptionsAndTheConnectionStays() throws Exception {
        assertEquals(XsError.ENOENT, error(() -> xs.read("/nope")));
        assertEquals(XsError.ENOENT, error(() -> xs.directory("/nope")));
        assertEquals(XsError.ENOENT, error(() -> xs.getPerms("/nope")));
        assertEquals(XsError.EINVAL, error(() -> xs.read("/bad//path")));
        assertEquals(XsError.EINVAL, error(() -> xs.write("/a/", "x")));
        assertEquals(XsError.EINVAL, error(() -> xs.write("/a b", "x")));
        assertEquals(XsError.EINVAL, error(() -> xs.rm("/")));
        assertEquals(XsError.EINVAL, error(() -> xs.control("no-such-command")));
        assertEquals(XsError.ENOENT, error(() -> xs.unwatch("/never", "watched")));
        // Larger than one message: refused by the client, as libxenstore does, without sending it.
        assertEquals(XsError.E2BIG, error(() -> xs.write("/big", new byte[XsWire.PAYLOAD_MAX])));
        assertThrows(IllegalArgumentException.class, () -> xs.read("/a\0b"));
        assertTrue(xs.isOpen());
        assertEquals(List.of("tool"), xs.directory("/"));
    }

    @Test
    void dom0ReadsEvenNodesThatGrantNothing() throws Exception {
        // Socket clients are dom0 here, as on Xen; EACCES needs an unprivileged domain, which only a ring has.
        xs.write("/p/secret", "s");
        xs.setPerms("/p/secret", List.of(new Perm(5, 'n')));
        assertEquals(List.of(new Perm(5, 'n')), xs.getPerms("/p/secret"));
        assertEquals("s", xs.readString("/p/secret"));
    }

    @Test
    void permissionsRoundTrip() throws Exception {
        xs.write("/perm", "");
        assertEquals(List.of(new Perm(0, 'n')), xs.getPerms("/perm"));
        List<Perm> perms = List.of(new Perm(3, 'r'), new Perm(4, 'w'), new Perm(7, 'b'));
        xs.setPerms("/perm", perms);
        assertEquals(perms, xs.getPerms("/perm"));
        xs.write("/perm/child", "");
        assertEquals(perms, xs.getPerms("/perm/child"), "children inherit their parent's permissions");
        assertThrows(IllegalArgumentException.class, () -> xs.setPerms("/perm", List.of()));
    }

    @Test
    void domainsAndControl() throws Exception {
        BlockingQueue<XenStoreClient.WatchEvent> ev = new LinkedBlockingQueue<>();
        xs.watch("@introduceDomain", "intro", ev::add);
        xs.watch("@releaseDomain", "rel", ev::add);
        assertEquals("@introduceDomain", next(ev).path());
        assertEquals("@releaseDomain", next(ev).path());
        assertFalse(xs.isDomainIntroduced(3));
        xs.introduce(3, 0x12345L, 7);
        assertEquals(new XenStoreClient.WatchEvent("@introduceDomain", "intro"), next(ev));
        assertTrue(xs.isDomainIntroduced(3));
        assertTrue(xs.isDomainIntroduced(0), "dom0 is always there");
        assertEquals("/local/domain/3", xs.getDomainPath(3));
        xs.resume(3);
        xs.setTarget(3, 0);
        assertEquals(XsError.ENOENT, error(() -> xs.setTarget(3, 9)));
        assertEquals(XsError.ENOENT, error(() -> xs.resume(9)));
        xs.release(3);
        assertEquals(new XenStoreClient.WatchEvent("@releaseDomain", "rel"), next(ev));
        assertFalse(xs.isDomainIntroduced(3));
        assertEquals(XsError.ENOENT, error(() -> xs.release(3)));
        assertEquals(XsError.EINVAL, error(() -> xs.release(0)));
        assertTrue(xs.control("help").contains("help"));
    }

    // ---- watches ---------------------------------------------------------------------------------------------

    private static XenStoreClient.WatchEvent next(BlockingQueue<XenStoreClient.WatchEvent> q) throws InterruptedException {
        XenStoreClient.WatchEvent e = q.poll(WAIT_S, TimeUnit.SECONDS);
        assertNotNull(e, "no watch event within " + WAIT_S + " s");
        return e;
    }

    @Test
    void watchSeesInitialEventChildWritesAndRemoval() throws Exception {
        BlockingQueue<XenStoreClient.WatchEvent> ev = new LinkedBlockingQueue<>();
        xs.write("/w/c", "1");
        XenStoreClient.Watch w = xs.watch("/w", "tok", ev::add);
        assertEquals(new XenStoreClient.WatchEvent("/w", "tok"), next(ev), "the initial event");
        try (XenStoreClient other = XenStoreClient.open(server.socket())) {
            other.write("/w/d", "2");
            assertEquals(new XenStoreClient.WatchEvent("/w/d", "tok"), next(ev));
            other.write("/w", "3");
            assertEquals(new XenStoreClient.WatchEvent("/w", "tok"), next(ev));
            other.write("/wx", "not under /w");
            other.rm("/w");
            assertEquals(new XenStoreClient.WatchEvent("/w", "tok"), next(ev), "removal; /wx does not match");
        }
        w.close();
        w.close();
        assertEquals(XsError.ENOENT, error(() -> xs.unwatch("/w", "tok")), "the daemon forgot the watch");
    }

    @Test
    void relativeWatchesGetRelativePaths() throws Exception {
        BlockingQueue<XenStoreClient.WatchEvent> ev = new LinkedBlockingQueue<>();
        xs.watch("dev", ev::add);
        assertEquals("dev", next(ev).path());
        xs.write("/local/domain/0/dev/vif", "x");
        assertEquals("dev/vif", next(ev).path());
    }

    @Test
    void noEventsAfterUnwatchAndEventsStayInOrder() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        XenStoreClient.Watch a = xs.watch("/a", "a", e -> seen.add("a " + e.path()));
        xs.watch("/marker", "m", e -> seen.add("m " + e.path()));
        assertEquals("a /a", seen.poll(WAIT_S, TimeUnit.SECONDS));
        assertEquals("m /marker", seen.poll(WAIT_S, TimeUnit.SECONDS));
        for (int i = 0; i < 50; i++) xs.write("/a/n" + i, "");
        for (int i = 0; i < 50; i++) assertEquals("a /a/n" + i, seen.poll(WAIT_S, TimeUnit.SECONDS));
        a.close();
        xs.write("/a/after", "");
        xs.write("/marker", "");
        // Events are delivered in the daemon's order: had one come for /a/after, it would precede the marker's.
        assertEquals("m /marker", seen.poll(WAIT_S, TimeUnit.SECONDS));
        assertTrue(seen.isEmpty(), "after unwatch: " + seen);
    }

    @Test
    void tokensAreUniquePerConnection() throws Exception {
        xs.watch("/x", "same", e -> { });
        assertThrows(IllegalArgumentException.class, () -> xs.watch("/y", "same", e -> { }));
        assertEquals(XsError.EINVAL, error(() -> xs.watch("/bad//p", "t2", e -> { })));
        // A failed watch leaves its token free.
        xs.watch("/ok", "t2", e -> { });
    }

    @Test
    void callbacksMayCallTheClient() throws Exception {
        BlockingQueue<String> values = new LinkedBlockingQueue<>();
        xs.write("/cb/v", "0");
        xs.watch("/cb/v", "cb", e -> {
            try {
                String v = xs.readString(e.path());
                values.add(v);
                // A write from a callback, itself seen by another watch of the same connection.
                if (!v.equals("0")) xs.write("/cb/echo", v);
            } catch (XsException ex) {
                values.add("error " + ex.error());
            }
        });
        BlockingQueue<XenStoreClient.WatchEvent> echo = new LinkedBlockingQueue<>();
        xs.watch("/cb/echo", "echo", echo::add);
        assertEquals("0", values.poll(WAIT_S, TimeUnit.SECONDS));
        assertEquals("/cb/echo", next(echo).path());
        xs.write("/cb/v", "7");
        assertEquals("7", values.poll(WAIT_S, TimeUnit.SECONDS));
        assertEquals("/cb/echo", next(echo).path());
        assertEquals("7", xs.readString("/cb/echo"));
    }

    @Test
    void aFailingCallbackDoesNotStopTheOthers() throws Exception {
        BlockingQueue<XenStoreClient.WatchEvent> ev = new LinkedBlockingQueue<>();
        xs.watch("/boom", "boom", e -> { throw new IllegalStateException("callback failure (expected by the test)"); });
        xs.watch("/fine", "fine", ev::add);
        assertEquals("/fine", next(ev).path());
        xs.write("/boom", "");
        xs.write("/fine", "");
        assertEquals("/fine", next(ev).path());
    }

    @Test
    void resetWatchesDropsEveryWatch() throws Exception {
        BlockingQueue<XenStoreClient.WatchEvent> ev = new LinkedBlockingQueue<>();
        xs.watch("/r", "r", ev::add);
        next(ev);
        xs.resetWatches();
        assertEquals(XsError.ENOENT, error(() -> xs.unwatch("/r", "r")));
        xs.watch("/r", "r", ev::add);
        assertEquals("/r", next(ev).path(), "the token is free again");
    }

    // ---- concurrency -----------------------------------------------------------------------------------------

    @Test
    void asyncCallsFromManyThreadsEachGetTheirOwnReply() throws Exception {
        int threads = 16, perThread = 200;
        List<Thread> ts = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    List<CompletableFuture<Void>> writes = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) writes.add(xs.writeAsync("/async/t" + id + "/n" + i, id + ":" + i));
                    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                    List<CompletableFuture<byte[]>> reads = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) reads.add(xs.readAsync("/async/t" + id + "/n" + i));
                    for (int i = 0; i < perThread; i++) {
                        assertEquals(id + ":" + i, new String(reads.get(i).join(), StandardCharsets.UTF_8));
                        assertEquals(id + ":" + i, xs.readString("/async/t" + id + "/n" + i), "sync among async");
                    }
                    assertEquals(perThread, xs.directoryAsync("/async/t" + id).join().size());
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) assertTrue(t.join(Duration.ofSeconds(60)), "thread finished");
        assertNull(failed.get());
        assertEquals(threads, xs.directory("/async").size());
    }

    @Test
    void asyncErrorsCompleteTheFutureWithXsException() {
        CompletionException e = assertThrows(CompletionException.class, () -> xs.readAsync("/missing").join());
        assertEquals(XsError.ENOENT, assertInstanceOf(XsException.class, e.getCause()).error());
        e = assertThrows(CompletionException.class, () -> xs.rmAsync("/no/parent").join());
        assertEquals(XsError.ENOENT, assertInstanceOf(XsException.class, e.getCause()).error());
        e = assertThrows(CompletionException.class, () -> xs.mkdirAsync("/bad//p").join());
        assertEquals(XsError.EINVAL, assertInstanceOf(XsException.class, e.getCause()).error());
    }

    @Test
    void blockingOnTheReaderThreadFailsInsteadOfDeadlocking() throws Exception {
        CountDownLatch attached = new CountDownLatch(1);
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> {
                 // The first reply waits until the test has chained its stage, so the stage runs on the reader.
                 if (m.reqId() == 1) awaitLatch(attached);
                 reply(out, m, XsType.READ, "v".getBytes(StandardCharsets.UTF_8));
             });
             XenStoreClient c = XenStoreClient.open(dir.resolve("fake"))) {
            CompletableFuture<String> f = c.readAsync("/r").thenApply(b -> {
                try {
                    return c.readString("/r");
                } catch (XsException e) {
                    throw new CompletionException(e);
                }
            });
            attached.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT_S, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("v", c.readAsync("/r").thenApplyAsync(b -> {
                try {
                    return c.readString("/r");
                } catch (XsException ex) {
                    throw new CompletionException(ex);
                }
            }).get(WAIT_S, TimeUnit.SECONDS), "off the reader, a blocking call is fine");
        }
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            assertTrue(l.await(WAIT_S, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- transactions ----------------------------------------------------------------------------------------

    @Test
    void lowLevelTransactionsIsolateCommitAndAbort() throws Exception {
        xs.write("/t/x", "0");
        XenStoreClient.Tx tx = xs.begin();
        tx.write("/t/x", "1");
        tx.mkdir("/t/d");
        tx.setPerms("/t/d", List.of(new Perm(0, 'r')));
        assertEquals("1", tx.readString("/t/x"));
        assertEquals(List.of("x", "d"), tx.directory("/t"));
        assertEquals(List.of(new Perm(0, 'r')), tx.getPerms("/t/d"));
        assertEquals("0", xs.readString("/t/x"), "invisible before the commit");
        assertEquals(XsError.ENOENT, error(() -> xs.read("/t/d")));
        tx.end(true);
        assertEquals("1", xs.readString("/t/x"));
        assertEquals(List.of(new Perm(0, 'r')), xs.getPerms("/t/d"));
        assertThrows(IllegalStateException.class, () -> tx.end(true));
        assertThrows(IllegalStateException.class, () -> tx.read("/t/x"));

        XenStoreClient.Tx aborted = xs.begin();
        aborted.rm("/t/x");
        aborted.end(false);
        assertEquals("1", xs.readString("/t/x"));

        try (XenStoreClient.Tx dropped = xs.begin()) {
            dropped.write("/t/x", "never");
        }
        assertEquals("1", xs.readString("/t/x"), "try-with-resources aborts");
    }

    @Test
    void conflictingCommitFailsWithEagain() throws Exception {
        xs.write("/c", "0");
        try (XenStoreClient other = XenStoreClient.open(server.socket())) {
            XenStoreClient.Tx a = xs.begin();
            XenStoreClient.Tx b = other.begin();
            a.write("/c", a.readString("/c") + "a");
            b.write("/c", b.readString("/c") + "b");
            a.end(true);
            assertEquals(XsError.EAGAIN, error(() -> b.end(true)));
        }
        assertEquals("0a", xs.readString("/c"));
    }

    /** Increments /counter in a transaction; counts body runs. */
    private static int increment(XenStoreClient c, AtomicInteger runs, Runnable afterRead) throws XsException {
        return c.transaction(tx -> {
            runs.incrementAndGet();
            int v = Integer.parseInt(tx.readString("/counter"));
            afterRead.run();
            tx.write("/counter", Integer.toString(v + 1));
            return v + 1;
        });
    }

    @Test
    void transactionRetriesTheWholeBodyOnAForcedConflict() throws Exception {
        xs.write("/counter", "0");
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger runs = new AtomicInteger();
        try (XenStoreClient other = XenStoreClient.open(server.socket())) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (XenStoreClient c : List.of(xs, other)) {
                AtomicInteger mine = new AtomicInteger();
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        // Only the first runs wait for each other, so both read 0 and both write 1.
                        return increment(c, runs, () -> {
                            if (mine.incrementAndGet() == 1) await(bothRead);
                        });
                    } catch (XsException e) {
                        throw new CompletionException(e);
                    }
                }, r -> Thread.ofVirtual().start(r)));
            }
            List<Integer> values = results.stream().map(f -> f.orTimeout(WAIT_S, TimeUnit.SECONDS).join()).sorted().toList();
            assertEquals(List.of(1, 2), values, "each commit saw the other's");
            assertEquals(3, runs.get(), "two bodies committed, one ran again");
            assertEquals(1, xs.transactionRetries() + other.transactionRetries());
        }
        assertEquals("2", xs.readString("/counter"));
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(WAIT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void racingTransactionsCommitExactlyOncePerBody() throws Exception {
        xs.write("/counter", "0");
        int perClient = 100;
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        try (XenStoreClient other = XenStoreClient.open(server.socket())) {
            List<Thread> ts = new ArrayList<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            for (XenStoreClient c : List.of(xs, other)) {
                c.setTransactionAttempts(1000);
                ts.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < perClient; i++) {
                            increment(c, runs, () -> { });
                            commits.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failed.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread t : ts) assertTrue(t.join(Duration.ofSeconds(60)));
            assertNull(failed.get());
            assertEquals(2 * perClient, commits.get());
            assertEquals(runs.get(), commits.get() + xs.transactionRetries() + other.transactionRetries());
        }
        assertEquals(Integer.toString(2 * perClient), xs.readString("/counter"));
    }

    @Test
    void transactionGivesUpAfterItsAttempts() throws Exception {
        xs.write("/counter", "0");
        xs.setTransactionAttempts(3);
        AtomicInteger runs = new AtomicInteger();
        try (XenStoreClient other = XenStoreClient.open(server.socket())) {
            // Every run conflicts: another client changes the node between the read and the commit.
            XsException e = assertThrows(XsException.class, () -> increment(xs, runs, () -> {
                try {
                    other.write("/counter", "100");
                } catch (XsException ex) {
                    throw new IllegalStateException(ex);
                }
            }));
            assertEquals(XsError.EAGAIN, e.error());
        }
        assertEquals(3, runs.get());
        assertEquals(2, xs.transactionRetries());
        assertEquals("100", xs.readString("/counter"));
    }

    @Test
    void bodyExceptionsAbortTheTransaction() throws Exception {
        AtomicReference<XenStoreClient.Tx> seen = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> xs.transaction(tx -> {
            runs.incrementAndGet();
            seen.set(tx);
            tx.write("/aborted/x", "1");
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", boom.getMessage());
        assertEquals(XsError.ENOENT, error(() -> xs.read("/aborted/x")));
        assertThrows(IllegalStateException.class, () -> seen.get().read("/"), "the transaction has ended");

        assertEquals(XsError.ENOENT, error(() -> xs.transaction(tx -> {
            runs.incrementAndGet();
            tx.write("/aborted/y", "1");
            return tx.read("/missing");
        })));
        assertEquals(2, runs.get(), "only EAGAIN runs a body again");
        assertEquals(XsError.ENOENT, error(() -> xs.read("/aborted/y")));
        assertEquals("ok", xs.transaction(tx -> {
            tx.write("/committed", "ok");
            return tx.readString("/committed");
        }));
        assertEquals("ok", xs.readString("/committed"));
    }

    // ---- DIRECTORY_PART --------------------------------------------------------------------------------------

    @Test
    void largeDirectoriesAreListedInParts() throws Exception {
        // 400 names of 13 bytes each (with their NULs): 5200 bytes, more than one 4096-byte message holds.
        List<String> names = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String n = String.format("child-%06d", i);
            names.add(n);
            writes.add(xs.mkdirAsync("/big/" + n));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        assertEquals(names, xs.directory("/big"));
        assertEquals(names, xs.directoryAsync("/big").get(WAIT_S, TimeUnit.SECONDS));
        try (XenStoreClient.Tx tx = xs.begin()) {
            tx.mkdir("/big/zz-in-tx");
            List<String> inTx = new ArrayList<>(names);
            inTx.add("zz-in-tx");
            assertEquals(inTx, tx.directory("/big"));
        }
        assertEquals(names, xs.directory("/big"));
    }

    // ---- talking to a scripted daemon -------------------------------------------------------------------------

    /** A one-connection xenstored whose answers a test scripts; it records what it received. */
    static final class FakeDaemon implements AutoCloseable {
        interface Script {
            void on(XsMessage request, OutputStream out) throws IOException;
        }

        final ServerSocketChannel server;
        final BlockingQueue<XsMessage> received = new LinkedBlockingQueue<>();
        final AtomicReference<SocketChannel> conn = new AtomicReference<>();

        FakeDaemon(Path socket, Script script) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel ch = server.accept()) {
                    conn.set(ch);
                    InputStream in = Channels.newInputStream(ch);
                    OutputStream out = Channels.newOutputStream(ch);
                    for (XsMessage m; (m = XsWire.read(in)) != null; ) {
                        received.add(m);
                        script.on(m, out);
                    }
                } catch (IOException e) {
                    // the test closed it
                }
            });
        }

        /** Drops the connection, as a daemon that dies does. */
        void kill() throws IOException {
            SocketChannel ch = conn.get();
            if (ch != null) ch.close();
            server.close();
        }

        @Override
        public void close() throws IOException { kill(); }
    }

    static void reply(OutputStream out, XsMessage req, XsType type, byte[] payload) throws IOException {
        XsWire.write(out, new XsMessage(type.code, req.reqId(), req.txId(), payload));
    }

    @Test
    void repliesAreMatchedByRequestIdNotByOrder() throws Exception {
        List<XsMessage> held = new ArrayList<>();
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> {
                 held.add(m);
                 if (held.size() < 3) return;
                 // Answer the three reads last-first, each with its own path as value.
                 for (int i = held.size() - 1; i >= 0; i--) {
                     reply(out, held.get(i), XsType.READ, held.get(i).oneArg().getBytes(StandardCharsets.UTF_8));
                 }
                 held.clear();
             });
             XenStoreClient c = XenStoreClient.open(dir.resolve("fake"))) {
            List<CompletableFuture<byte[]>> fs = List.of(c.readAsync("/one"), c.readAsync("/two"), c.readAsync("/three"));
            assertEquals(List.of("/one", "/two", "/three"), fs.stream()
                    .map(f -> new String(f.orTimeout(WAIT_S, TimeUnit.SECONDS).join(), StandardCharsets.UTF_8)).toList());
            List<Integer> ids = new ArrayList<>();
            for (XsMessage m : d.received) ids.add(m.reqId());
            assertEquals(3, ids.stream().distinct().count(), "unique request ids: " + ids);
        }
    }

    @Test
    void directoryPartRestartsWhenTheNodeChangesMeanwhile() throws Exception {
        AtomicInteger parts = new AtomicInteger();
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> {
                 if (m.type() == XsType.DIRECTORY.code) {
                     reply(out, m, XsType.ERROR, XsMessage.strings("E2BIG"));
                     return;
                 }
                 List<String> a = m.nulStrings();
                 int n = parts.incrementAndGet();
                 // Part 1 from generation 7, then the node changed: generation 8 from offset 0 on.
                 String body = switch (n) {
                     case 1 -> "7\0a\0b\0";
                     case 2 -> "8\0c\0";
                     case 3 -> "8\0a\0b\0";
                     default -> "8\0c\0\0";
                 };
                 assertEquals(n == 1 || n == 3 ? "0" : "4", a.get(1), "offset of part " + n);
                 reply(out, m, XsType.DIRECTORY_PART, body.getBytes(StandardCharsets.US_ASCII));
             });
             XenStoreClient c = XenStoreClient.open(dir.resolve("fake"))) {
            assertEquals(List.of("a", "b", "c"), c.directory("/d"));
            assertEquals(4, parts.get());
        }
    }

    @Test
    void aDaemonWithoutDirectoryPartReportsE2big() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> reply(out, m, XsType.ERROR,
                XsMessage.strings(m.type() == XsType.DIRECTORY.code ? "E2BIG" : "ENOSYS")));
             XenStoreClient c = XenStoreClient.open(dir.resolve("fake"))) {
            assertEquals(XsError.E2BIG, error(() -> c.directory("/d")));
        }
    }

    @Test
    void aDaemonThatGoesAwayFailsPendingCallsAtOnce() throws Exception {
        CountDownLatch got = new CountDownLatch(2);
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> got.countDown());
             XenStoreClient c = XenStoreClient.open(dir.resolve("fake"))) {
            CompletableFuture<byte[]> a = c.readAsync("/a");
            AtomicReference<Throwable> syncFailure = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    c.read("/b");
                } catch (Throwable e) {
                    syncFailure.set(e);
                }
            });
            assertTrue(got.await(WAIT_S, TimeUnit.SECONDS), "the daemon has both requests");
            long start = System.nanoTime();
            d.kill();
            CompletionException e = assertThrows(CompletionException.class, a::join);
            assertInstanceOf(XsConnectionException.class, e.getCause());
            assertTrue(t.join(Duration.ofSeconds(WAIT_S)));
            XsConnectionException sync = assertInstanceOf(XsConnectionException.class, syncFailure.get());
            assertFalse(sync.isTimeout());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "failed promptly, not by deadline");
            assertFalse(c.isOpen());
            assertThrows(XsConnectionException.class, () -> c.read("/later"));
        }
    }

    @Test
    void theRealServerClosingEndsTheClient() throws Exception {
        xs.write("/x", "1");
        server.close();
        assertThrows(XsConnectionException.class, () -> {
            // The first call may still be in flight as the close lands; none after it can succeed.
            for (int i = 0; i < 1000; i++) xs.read("/x");
        });
        assertFalse(xs.isOpen());
    }

    @Test
    void closingTheClientFailsPendingCalls() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> got.countDown())) {
            XenStoreClient c = XenStoreClient.open(dir.resolve("fake"));
            CompletableFuture<byte[]> f = c.readAsync("/a");
            assertTrue(got.await(WAIT_S, TimeUnit.SECONDS));
            c.close();
            CompletionException e = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(XsConnectionException.class, e.getCause());
            assertThrows(XsConnectionException.class, () -> c.read("/a"));
        }
    }

    @Test
    void aCallWithoutReplyEndsAtItsDeadlineAndTheConnectionStays() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> {
                 // Answers everything but /silent.
                 if (!m.oneArg().equals("/silent")) reply(out, m, XsType.READ, "v".getBytes(StandardCharsets.UTF_8));
             });
             XenStoreClient c = XenStoreClient.open(dir.resolve("fake"))) {
            c.setTimeout(Duration.ofMillis(300));
            long start = System.nanoTime();
            XsConnectionException e = assertThrows(XsConnectionException.class, () -> c.read("/silent"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.isTimeout(), e.toString());
            assertTrue(tookMs >= 300 && tookMs < 5000, "took " + tookMs + " ms");
            assertTrue(e.getMessage().contains("READ"), e.getMessage());
            assertEquals("v", c.readString("/loud"));
        }
    }

    @Test
    void aReplyOfTheWrongTypeEndsTheConnection() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir.resolve("fake"), (m, out) -> reply(out, m, XsType.WRITE, XsMessage.strings("OK")));
             XenStoreClient c = XenStoreClient.open(dir.resolve("fake"))) {
            assertThrows(XsConnectionException.class, () -> c.read("/a"));
            assertFalse(c.isOpen());
        }
    }

    // ---- opening ---------------------------------------------------------------------------------------------

    @Test
    void socketLookupFollowsLibxenstore() {
        assertEquals(List.of(Path.of("/x/sock")),
                XenStoreClient.candidates(Map.of("XENSTORED_PATH", "/x/sock", "XENSTORED_RUNDIR", "/r"), p -> true));
        assertEquals(List.of(Path.of("/r/socket"), Path.of("/dev/xen/xenbus")),
                XenStoreClient.candidates(Map.of("XENSTORED_RUNDIR", "/r"), p -> true));
        assertEquals(List.of(Path.of("/run/xenstored/socket"), Path.of("/proc/xen/xenbus")),
                XenStoreClient.candidates(Map.of(), p -> false));
    }

    @Test
    void openingNothingFailsWithTheReason() {
        IOException e = assertThrows(IOException.class, () -> XenStoreClient.open(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("absent")));
    }
}
