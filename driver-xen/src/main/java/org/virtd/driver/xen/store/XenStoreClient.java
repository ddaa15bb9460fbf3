package org.virtd.driver.xen.store;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A XenStore client on one connection to xenstored, speaking the protocol of Xen's {@code xs_wire.h} as
 * libxenstore does, to our {@link XenStoreServer} or to Xen's own daemon alike.
 *
 * <p><b>Threads.</b> The client is thread-safe and multiplexed: any number of threads may call it at once. Each
 * request carries its own {@code req_id}; one reader (a virtual thread) matches every reply to its request by
 * that id and hands {@code WATCH_EVENT} messages to the watch callbacks. Callbacks run one at a time, in the
 * order the daemon sent the events, on a virtual thread of their own, never on the reader: a callback may call
 * this client. Stages chained with the non-{@code Async} methods to the futures of the {@code ...Async}
 * methods do run on the reader; they must not block, and a blocking call made from the reader fails at once
 * with {@link IllegalStateException} instead of deadlocking.
 *
 * <p><b>Errors.</b> An ERROR reply becomes a checked {@link XsException} naming the daemon's error
 * ({@code ENOENT}, {@code EACCES}, {@code EAGAIN}, ...). A call that cannot get an answer throws the unchecked
 * {@link XsConnectionException}: after the connection broke or {@link #close()} ran (every pending call
 * fails at once, every later one too), when the call's deadline ({@link #setTimeout}, 30 s by default)
 * passed, or when the waiting thread was interrupted. Futures of the async methods complete exceptionally
 * with the same two exceptions.
 *
 * <p>Paths and tokens are sent as given (absolute, relative to the caller's {@code /local/domain/ID}, or
 * {@code @}-names); the daemon checks them.
 */
public final class XenStoreClient implements AutoCloseable {
    /** Where xenstored listens when neither {@code XENSTORED_PATH} nor {@code XENSTORED_RUNDIR} is set. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/xenstored/socket");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How often {@link #transaction} runs its body before giving up on EAGAIN. */
    public static final int DEFAULT_TRANSACTION_ATTEMPTS = 16;

    private static final System.Logger LOG = System.getLogger(XenStoreClient.class.getName());
    /** Mode bits of a socket ({@code S_IFSOCK}) in the {@code unix:mode} attribute. */
    private static final int S_IFMT = 0170000, S_IFSOCK = 0140000;
    private static final long SWEEP_MILLIS = 100;
    private static final int MAX_DIRECTORY_PART_RESTARTS = 64;
    private static final Executor VIRTUAL = task -> Thread.ofVirtual().name("xenstore-client-task").start(task);

    /** One platform thread for every client's deadlines, so that no call waits forever. */
    private static final class Deadlines {
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xenstore-client-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    /** A watch event: the node that changed (relative if the watch was set with a relative path) and the token. */
    public record WatchEvent(String path, String token) {}

    /** A registered watch; {@link #close()} removes it (best effort: locally always, at the daemon if reachable). */
    public interface Watch extends AutoCloseable {
        String path();

        String token();

        @Override
        void close();
    }

    /** The body of {@link #transaction}: may run several times, so it must not have effects outside the store. */
    @FunctionalInterface
    public interface TxBody<T> {
        T run(Tx tx) throws XsException;
    }

    /** The byte paths the client reads from and writes to: a UNIX socket, or the xenbus device. */
    private record Link(ReadableByteChannel in, WritableByteChannel out, Closeable closer) {}

    /** A request waiting for its reply. */
    private static final class Call extends CompletableFuture<byte[]> {
        final XsType type;
        final long deadline;
        int reqId;

        Call(XsType type, long deadline) {
            this.type = type;
            this.deadline = deadline;
        }
    }

    private final String name;
    private final Link link;
    private final ConcurrentHashMap<Integer, Call> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextReqId = new AtomicInteger();
    private final ConcurrentLinkedQueue<ByteBuffer> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    /** The frames of one gathering write; used only by the holder of {@link #writing}. */
    private final ByteBuffer[] writeBatch = new ByteBuffer[64];
    private final ConcurrentHashMap<String, Registration> watches = new ConcurrentHashMap<>();
    private final AtomicInteger nextToken = new AtomicInteger();
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final AtomicReference<@Nullable XsConnectionException> failure = new AtomicReference<>();
    private final AtomicLong transactionRetries = new AtomicLong();
    private final Thread reader;
    private final Thread dispatcher;
    private final ScheduledFuture<?> sweeper;
    private volatile long timeoutNanos = DEFAULT_TIMEOUT.toNanos();
    private volatile int transactionAttempts = DEFAULT_TRANSACTION_ATTEMPTS;

    private XenStoreClient(String name, Link link) {
        this.name = name;
        this.link = link;
        this.reader = Thread.ofVirtual().name("xenstore-reader " + name).unstarted(this::readLoop);
        this.dispatcher = Thread.ofVirtual().name("xenstore-watches " + name).unstarted(this::dispatchLoop);
        reader.start();
        dispatcher.start();
        this.sweeper = Deadlines.TIMER.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    // ---- opening ---------------------------------------------------------------------------------------------

    /**
     * Connects as libxenstore's {@code xs_open} does: first to the daemon's socket ({@code $XENSTORED_PATH},
     * else {@code $XENSTORED_RUNDIR/socket}, else {@link #DEFAULT_SOCKET}), then, if that fails, to the xenbus
     * device ({@code $XENSTORED_PATH}, else {@code /dev/xen/xenbus} when it exists, else
     * {@code /proc/xen/xenbus}), for a dom0 whose xenstored runs in another domain.
     *
     * @throws IOException when neither can be opened; the message names what was tried
     */
    public static XenStoreClient open() throws IOException {
        List<Path> tried = candidates(System.getenv(), Files::exists);
        @Nullable IOException first = null;
        for (Path p : tried) {
            try {
                return open(p);
            } catch (IOException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        throw first != null ? first : new IOException("no xenstore path to try");
    }

    /** The paths {@link #open()} tries, in order, for the given environment. */
    static List<Path> candidates(Map<String, String> env, java.util.function.Predicate<Path> exists) {
        String explicit = env.get("XENSTORED_PATH");
        if (explicit != null) return List.of(Path.of(explicit));
        String rundir = env.get("XENSTORED_RUNDIR");
        Path socket = rundir != null ? Path.of(rundir, "socket") : DEFAULT_SOCKET;
        Path xenbus = Path.of("/dev/xen/xenbus");
        return List.of(socket, exists.test(xenbus) ? xenbus : Path.of("/proc/xen/xenbus"));
    }

    /**
     * Connects to {@code path}: a UNIX socket is connected to, anything else (the xenbus character device)
     * is opened for reading and writing, as libxenstore decides by the file's type.
     */
    public static XenStoreClient open(Path path) throws IOException {
        if (isSocket(path)) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                ch.close();
                throw new IOException("cannot connect to xenstored at " + path + ": " + e.getMessage(), e);
            }
            return new XenStoreClient(path.toString(), new Link(ch, ch, ch));
        }
        RandomAccessFile dev;
        try {
            dev = new RandomAccessFile(path.toFile(), "rw");
        } catch (IOException e) {
            throw new IOException("cannot open xenstore device " + path + ": " + e.getMessage(), e);
        }
        // One descriptor for both directions, as libxenstore's: two opens would be two connections.
        var fd = dev.getFD();
        return new XenStoreClient(path.toString(), new Link(Channels.newChannel(new java.io.FileInputStream(fd)),
                Channels.newChannel(new java.io.FileOutputStream(fd)), dev));
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException e) {
            // No POSIX attribute view (not Linux): the socket, the normal case, is assumed; a device would fail
            // to connect with a clear error.
            return true;
        } catch (IOException e) {
            throw new IOException("cannot open xenstore at " + path + ": " + e.getMessage(), e);
        }
    }

    // ---- settings --------------------------------------------------------------------------------------------

    /** The deadline of each call made from now on; one that passes ends the call with a timeout. */
    public void setTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        timeoutNanos = timeout.toNanos();
    }

    public Duration timeout() { return Duration.ofNanos(timeoutNanos); }

    /** How many times {@link #transaction} runs a body whose commit keeps failing with EAGAIN. */
    public void setTransactionAttempts(int attempts) {
        if (attempts < 1) throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        transactionAttempts = attempts;
    }

    /** How many bodies {@link #transaction} has run again after EAGAIN, since the client was opened. */
    public long transactionRetries() { return transactionRetries.get(); }

    public boolean isOpen() { return failure.get() == null; }

    @Override
    public String toString() { return "XenStoreClient[" + name + (isOpen() ? "" : ", closed") + "]"; }

    // ---- data operations -------------------------------------------------------------------------------------

    public byte[] read(String path) throws XsException { return await(call(XsType.READ, 0, path)); }

    /** {@link #read} decoded as UTF-8. */
    public String readString(String path) throws XsException { return utf8(read(path)); }

    /** Creates the node and missing parents, or replaces its value. */
    public void write(String path, byte[] value) throws XsException { await(write(0, path, value)); }

    public void write(String path, String value) throws XsException {
        write(path, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the node (empty) and missing parents; nothing happens if it exists. */
    public void mkdir(String path) throws XsException { await(call(XsType.MKDIR, 0, path)); }

    /** Removes the node and everything under it; a missing node whose parent exists is not an error. */
    public void rm(String path) throws XsException { await(call(XsType.RM, 0, path)); }

    /**
     * The names of the node's children. A listing longer than one message (E2BIG) is fetched in parts with
     * DIRECTORY_PART, restarting when the node changes in between, as libxenstore does.
     */
    public List<String> directory(String path) throws XsException { return directory(0, path); }

    public List<Perm> getPerms(String path) throws XsException { return perms(await(call(XsType.GET_PERMS, 0, path))); }

    /** Sets the permissions; the first entry names the owner and what unlisted domains may do. */
    public void setPerms(String path, List<Perm> perms) throws XsException {
        await(setPerms(0, path, perms));
    }

    public CompletableFuture<byte[]> readAsync(String path) { return call(XsType.READ, 0, path); }

    public CompletableFuture<Void> writeAsync(String path, byte[] value) { return write(0, path, value).thenApply(r -> null); }

    public CompletableFuture<Void> writeAsync(String path, String value) {
        return writeAsync(path, value.getBytes(StandardCharsets.UTF_8));
    }

    public CompletableFuture<Void> mkdirAsync(String path) { return call(XsType.MKDIR, 0, path).thenApply(r -> null); }

    public CompletableFuture<Void> rmAsync(String path) { return call(XsType.RM, 0, path).thenApply(r -> null); }

    /** As {@link #directory}; a DIRECTORY_PART fallback runs on a virtual thread, never on the reader. */
    public CompletableFuture<List<String>> directoryAsync(String path) {
        return call(XsType.DIRECTORY, 0, path).handle((reply, err) -> {
            if (err == null) return CompletableFuture.completedFuture(strings(reply));
            if (unwrap(err) instanceof XsException x && x.error() == XsError.E2BIG) {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return directoryParts(0, path);
                    } catch (XsException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, VIRTUAL);
            }
            return CompletableFuture.<List<String>>failedFuture(unwrap(err));
        }).thenCompose(f -> f);
    }

    public CompletableFuture<List<Perm>> getPermsAsync(String path) {
        return call(XsType.GET_PERMS, 0, path).thenApply(reply -> {
            try {
                return perms(reply);
            } catch (XsException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    // ---- watches ---------------------------------------------------------------------------------------------

    private final class Registration implements Watch {
        final String path;
        final String token;
        final Consumer<WatchEvent> callback;
        final AtomicBoolean active = new AtomicBoolean(true);

        Registration(String path, String token, Consumer<WatchEvent> callback) {
            this.path = path;
            this.token = token;
            this.callback = callback;
        }

        public String path() { return path; }

        public String token() { return token; }

        @Override
        public void close() {
            if (!active.get()) return;
            try {
                unwatch(path, token);
            } catch (XsException | XsConnectionException e) {
                // Gone at the daemon already (reset, or the connection ended): nothing is left to remove.
                watches.remove(token, this);
                active.set(false);
            }
        }

        @Override
        public String toString() { return "Watch[" + path + ", " + token + "]"; }
    }

    /**
     * Watches {@code path} and everything under it (or an {@code @}-name such as {@code @introduceDomain}).
     * The daemon sends a first event for the path itself right after accepting the watch; that one arrives at
     * the callback too. Tokens are unique per connection here, since each names the callback of its events.
     *
     * @throws IllegalArgumentException when this connection already has a watch with {@code token}
     */
    public Watch watch(String path, String token, Consumer<WatchEvent> callback) throws XsException {
        Registration r = new Registration(path, token, callback);
        // Registered before asking: the first event may arrive right behind the acknowledgement.
        if (watches.putIfAbsent(token, r) != null) {
            throw new IllegalArgumentException("token: '" + token + "' (expected: one not in use on this connection)");
        }
        try {
            await(call(XsType.WATCH, 0, path, token));
            return r;
        } catch (XsException | RuntimeException e) {
            watches.remove(token, r);
            r.active.set(false);
            throw e;
        }
    }

    /** {@link #watch(String, String, Consumer)} with a token made up by the client. */
    public Watch watch(String path, Consumer<WatchEvent> callback) throws XsException {
        return watch(path, "virtd-" + nextToken.incrementAndGet(), callback);
    }

    /** Removes a watch; no event for it reaches the callback after this returns. */
    public void unwatch(String path, String token) throws XsException {
        Registration r = watches.get(token);
        if (r != null && r.path.equals(path) && watches.remove(token, r)) r.active.set(false);
        await(call(XsType.UNWATCH, 0, path, token));
    }

    /** Drops every watch and transaction of this connection at the daemon (and the callbacks here). */
    public void resetWatches() throws XsException {
        await(call(XsType.RESET_WATCHES, 0));
        for (Registration r : watches.values()) {
            if (watches.remove(r.token, r)) r.active.set(false);
        }
    }

    // ---- transactions ----------------------------------------------------------------------------------------

    /**
     * An open transaction: reads see the store as of its start plus its own writes, and nothing it writes is
     * visible to others before a commit. {@link #close()} aborts it unless it has ended.
     */
    public final class Tx implements AutoCloseable {
        private final int id;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Tx(int id) { this.id = id; }

        /** The transaction id on the wire. */
        public int id() { return id; }

        public byte[] read(String path) throws XsException { return await(call(XsType.READ, open(), path)); }

        public String readString(String path) throws XsException { return utf8(read(path)); }

        public void write(String path, byte[] value) throws XsException { await(XenStoreClient.this.write(open(), path, value)); }

        public void write(String path, String value) throws XsException { write(path, value.getBytes(StandardCharsets.UTF_8)); }

        public void mkdir(String path) throws XsException { await(call(XsType.MKDIR, open(), path)); }

        public void rm(String path) throws XsException { await(call(XsType.RM, open(), path)); }

        public List<String> directory(String path) throws XsException { return XenStoreClient.this.directory(open(), path); }

        public List<Perm> getPerms(String path) throws XsException { return perms(await(call(XsType.GET_PERMS, open(), path))); }

        public void setPerms(String path, List<Perm> perms) throws XsException {
            await(XenStoreClient.this.setPerms(open(), path, perms));
        }

        /**
         * Commits ({@code commit}) or aborts the transaction.
         *
         * @throws XsException EAGAIN when a commit conflicts with a change made since the transaction began
         */
        public void end(boolean commit) throws XsException {
            if (!ended.compareAndSet(false, true)) throw new IllegalStateException("transaction " + idText() + " has ended");
            await(call(XsType.TRANSACTION_END, id, commit ? "T" : "F"));
        }

        /** Aborts the transaction if it is still open; errors are ignored (the daemon drops it either way). */
        @Override
        public void close() {
            if (ended.get()) return;
            try {
                end(false);
            } catch (XsException | XsConnectionException | IllegalStateException e) {
                // Already gone at the daemon, or the connection is: the transaction cannot commit.
            }
        }

        private int open() {
            if (ended.get()) throw new IllegalStateException("transaction " + idText() + " has ended");
            return id;
        }

        private String idText() { return Integer.toUnsignedString(id); }

        @Override
        public String toString() { return "Tx[" + idText() + "]"; }
    }

    /** Starts a transaction; end it with {@link Tx#end} (try-with-resources aborts it if the code does not). */
    public Tx begin() throws XsException {
        String id = utf8z(await(call(XsType.TRANSACTION_START, 0, "")));
        try {
            return new Tx(Integer.parseUnsignedInt(id));
        } catch (NumberFormatException e) {
            throw protocolError("TRANSACTION_START answered '" + id + "', not a transaction id");
        }
    }

    /**
     * Runs {@code body} in a transaction and commits it. When the commit (or an operation) fails with EAGAIN
     * because another change conflicted, the whole body runs again in a new transaction after a short random
     * pause, up to {@link #setTransactionAttempts} times; then the EAGAIN is thrown. Any exception the body
     * throws aborts the transaction and is rethrown.
     *
     * @return what the body returned in the run that committed
     */
    public <T> T transaction(TxBody<T> body) throws XsException {
        int attempts = transactionAttempts;
        for (int attempt = 1; ; attempt++) {
            T result;
            try (Tx tx = begin()) {
                result = body.run(tx);
                tx.end(true);
                return result;
            } catch (XsException e) {
                // Tx.close has aborted the transaction unless the failure was its commit.
                if (e.error() != XsError.EAGAIN || attempt >= attempts) throw e;
            }
            transactionRetries.incrementAndGet();
            pause(attempt);
        }
    }

    /** A random pause growing with the attempt (up to 0.2 ms per attempt), so racing bodies spread out. */
    private static void pause(int attempt) {
        try {
            long nanos = ThreadLocalRandom.current().nextLong(1, 200_000L * attempt);
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XsConnectionException("interrupted between transaction attempts",
                    new InterruptedIOException("interrupted"));
        }
    }

    // ---- domains and control ---------------------------------------------------------------------------------

    /** Tells the daemon about a domain's store page ({@code mfn}) and event channel. */
    public void introduce(int domid, long mfn, int evtchn) throws XsException {
        await(call(XsType.INTRODUCE, 0, Integer.toUnsignedString(domid), Long.toUnsignedString(mfn),
                Integer.toUnsignedString(evtchn)));
    }

    public void release(int domid) throws XsException { await(call(XsType.RELEASE, 0, Integer.toUnsignedString(domid))); }

    /** The domain's home, {@code /local/domain/ID}. */
    public String getDomainPath(int domid) throws XsException {
        return utf8z(await(call(XsType.GET_DOMAIN_PATH, 0, Integer.toUnsignedString(domid))));
    }

    public boolean isDomainIntroduced(int domid) throws XsException {
        // libxenstore reads anything but "F" as yes.
        return !utf8z(await(call(XsType.IS_DOMAIN_INTRODUCED, 0, Integer.toUnsignedString(domid)))).equals("F");
    }

    /** Clears the domain's shutdown state after a suspend that did not happen. */
    public void resume(int domid) throws XsException { await(call(XsType.RESUME, 0, Integer.toUnsignedString(domid))); }

    /** Lets {@code domid} (a device model) act on {@code target}'s nodes as if it were that domain. */
    public void setTarget(int domid, int target) throws XsException {
        await(call(XsType.SET_TARGET, 0, Integer.toUnsignedString(domid), Integer.toUnsignedString(target)));
    }

    /** A daemon control command ({@code xenstore-control}), e.g. {@code control("help")}; returns its text. */
    public String control(String... command) throws XsException {
        if (command.length == 0) throw new IllegalArgumentException("command: none (expected: at least its name)");
        return utf8z(await(call(XsType.CONTROL, 0, command)));
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    /** Closes the connection; pending calls fail at once with {@link XsConnectionException}. Idempotent. */
    @Override
    public void close() {
        shutdown(new XsConnectionException("xenstore connection to " + name + " was closed",
                new ClosedChannelException()));
    }

    private void shutdown(XsConnectionException why) {
        if (!failure.compareAndSet(null, why)) return;
        try {
            link.closer().close();
        } catch (IOException e) {
            // Closing is what we wanted; nothing more to do.
        }
        sweeper.cancel(false);
        for (Call c : pending.values()) {
            if (pending.remove(c.reqId, c)) c.completeExceptionally(why);
        }
        for (Registration r : watches.values()) r.active.set(false);
        watches.clear();
        events.add(STOP);
    }

    private static final Runnable STOP = () -> { };

    // ---- requests --------------------------------------------------------------------------------------------

    private CompletableFuture<byte[]> write(int tx, String path, byte[] value) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        checkNoNul(p, "path");
        byte[] frame = new byte[XsWire.HEADER_SIZE + p.length + 1 + value.length];
        System.arraycopy(p, 0, frame, XsWire.HEADER_SIZE, p.length);
        System.arraycopy(value, 0, frame, XsWire.HEADER_SIZE + p.length + 1, value.length);
        return send(XsType.WRITE, tx, frame);
    }

    private CompletableFuture<byte[]> setPerms(int tx, String path, List<Perm> perms) {
        if (perms.isEmpty()) throw new IllegalArgumentException("perms: none (expected: at least the owner)");
        String[] args = new String[perms.size() + 1];
        args[0] = path;
        for (int i = 0; i < perms.size(); i++) args[i + 1] = perms.get(i).toString();
        return call(XsType.SET_PERMS, tx, args);
    }

    private List<String> directory(int tx, String path) throws XsException {
        try {
            return strings(await(call(XsType.DIRECTORY, tx, path)));
        } catch (XsException e) {
            if (e.error() != XsError.E2BIG) throw e;
            return directoryParts(tx, path);
        }
    }

    /**
     * The listing in parts: each reply is the node's generation and a run of names from the byte offset asked
     * for; the last part ends with an empty name. A changed generation means the node changed meanwhile.
     */
    private List<String> directoryParts(int tx, String path) throws XsException {
        var listing = new java.io.ByteArrayOutputStream();
        @Nullable String generation = null;
        for (int restarts = 0; restarts < MAX_DIRECTORY_PART_RESTARTS; ) {
            byte[] reply;
            try {
                reply = await(call(XsType.DIRECTORY_PART, tx, path, Integer.toString(listing.size())));
            } catch (XsException e) {
                // A daemon without DIRECTORY_PART cannot list the node at all.
                throw e.error() == XsError.ENOSYS ? new XsException(XsError.E2BIG) : e;
            }
            int nul = indexOf(reply, 0, 0);
            if (nul < 0) throw protocolError("DIRECTORY_PART reply without a generation");
            String gen = new String(reply, 0, nul, StandardCharsets.US_ASCII);
            if (generation != null && !generation.equals(gen)) {
                listing.reset();
                generation = null;
                restarts++;
                continue;
            }
            generation = gen;
            listing.write(reply, nul + 1, reply.length - nul - 1);
            byte[] all = listing.toByteArray();
            if (all.length <= 1 || all[all.length - 2] == 0) {
                return strings(all);
            }
        }
        throw new XsException(XsError.EAGAIN);
    }

    private CompletableFuture<byte[]> call(XsType type, int tx, String... args) {
        int size = 0;
        byte[][] parts = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            parts[i] = args[i].getBytes(StandardCharsets.UTF_8);
            checkNoNul(parts[i], "argument");
            size += parts[i].length + 1;
        }
        byte[] frame = new byte[XsWire.HEADER_SIZE + size];
        int at = XsWire.HEADER_SIZE;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, frame, at, p.length);
            at += p.length + 1;
        }
        return send(type, tx, frame);
    }

    /** Sends a frame whose first 16 bytes are left for the header, filled in here with a fresh req_id. */
    private CompletableFuture<byte[]> send(XsType type, int tx, byte[] frame) {
        int len = frame.length - XsWire.HEADER_SIZE;
        // libxenstore refuses such a request itself: the daemon would drop the connection.
        if (len > XsWire.PAYLOAD_MAX) return CompletableFuture.failedFuture(new XsException(XsError.E2BIG));
        Call c = new Call(type, System.nanoTime() + timeoutNanos);
        XsConnectionException dead = failure.get();
        if (dead != null) {
            c.completeExceptionally(dead);
            return c;
        }
        int id;
        do {
            id = nextReqId.incrementAndGet();
        } while (id == 0 || pending.putIfAbsent(id, c) != null);
        c.reqId = id;
        // shutdown() may have swept the map just before this call was added to it.
        dead = failure.get();
        if (dead != null) {
            if (pending.remove(id, c)) c.completeExceptionally(dead);
            return c;
        }
        ByteBuffer.wrap(frame, 0, XsWire.HEADER_SIZE).order(XsWire.HOST_ORDER)
                .putInt(type.code).putInt(id).putInt(tx).putInt(len);
        outbox.add(ByteBuffer.wrap(frame));
        flush();
        return c;
    }

    /**
     * Writes queued frames. Whoever gets the lock writes everything queued, several frames per system call;
     * the others leave theirs behind, which the holder picks up in its re-check after unlocking.
     */
    private void flush() {
        while (!outbox.isEmpty() && writing.tryLock()) {
            ByteBuffer[] batch = writeBatch;
            try {
                int n;
                while ((n = drain(batch)) > 0) {
                    writeFully(batch, n);
                }
            } catch (IOException e) {
                shutdown(new XsConnectionException("xenstore connection to " + name + " failed: " + e.getMessage(), e));
                outbox.clear();
                return;
            } finally {
                writing.unlock();
            }
        }
    }

    private int drain(ByteBuffer[] batch) {
        int n = 0;
        ByteBuffer b;
        while (n < batch.length && (b = outbox.poll()) != null) batch[n++] = b;
        return n;
    }

    private void writeFully(ByteBuffer[] batch, int n) throws IOException {
        if (link.out() instanceof GatheringByteChannel g) {
            int from = 0;
            while (from < n) {
                g.write(batch, from, n - from);
                while (from < n && !batch[from].hasRemaining()) from++;
            }
        } else {
            for (int i = 0; i < n; i++) {
                while (batch[i].hasRemaining()) link.out().write(batch[i]);
            }
        }
        java.util.Arrays.fill(batch, 0, n, null);
    }

    private byte[] await(CompletableFuture<byte[]> f) throws XsException {
        if (Thread.currentThread() == reader) {
            throw new IllegalStateException("blocking xenstore call on the client's reader thread");
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof XsException x) throw x;
            // A fresh exception so that the stack trace shows this caller, not the reader.
            if (cause instanceof XsConnectionException x) throw new XsConnectionException(x.getMessage(), x.getCause());
            if (cause instanceof RuntimeException r) throw r;
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (f instanceof Call c) pending.remove(c.reqId, c);
            throw new XsConnectionException("interrupted while waiting for xenstored",
                    new InterruptedIOException("interrupted"));
        }
    }

    /** Ends the calls whose deadline passed; runs on the shared timer. */
    private void sweep() {
        long now = System.nanoTime();
        for (Call c : pending.values()) {
            if (now - c.deadline >= 0 && pending.remove(c.reqId, c)) {
                c.completeExceptionally(new XsConnectionException(c.type + " got no reply from xenstored at " + name
                        + " within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms",
                        new SocketTimeoutException("xenstore call timed out")));
            }
        }
    }

    // ---- the reader and the watch dispatcher -----------------------------------------------------------------

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(16 * (XsWire.HEADER_SIZE + XsWire.PAYLOAD_MAX)).order(XsWire.HOST_ORDER);
        try {
            while (true) {
                if (link.in().read(buf) < 0) throw new EOFException("xenstored closed the connection");
                buf.flip();
                while (buf.remaining() >= XsWire.HEADER_SIZE) {
                    int at = buf.position();
                    long len = Integer.toUnsignedLong(buf.getInt(at + 12));
                    if (len > XsWire.PAYLOAD_MAX) throw new XsWire.OversizedException(len);
                    if (buf.remaining() < XsWire.HEADER_SIZE + len) break;
                    int type = buf.getInt(at), reqId = buf.getInt(at + 4);
                    byte[] payload = new byte[(int) len];
                    buf.position(at + XsWire.HEADER_SIZE);
                    buf.get(payload);
                    deliver(type, reqId, payload);
                }
                buf.compact();
            }
        } catch (IOException | RuntimeException e) {
            String why = failure.get() != null ? "closed" : e.getMessage();
            shutdown(new XsConnectionException("xenstore connection to " + name + " failed: " + why,
                    e instanceof IOException io ? io : new IOException(e)));
        }
    }

    private void deliver(int type, int reqId, byte[] payload) throws IOException {
        if (type == XsType.WATCH_EVENT.code) {
            int nul = indexOf(payload, 0, 0);
            int end = nul < 0 ? -1 : indexOf(payload, nul + 1, 0);
            if (end < 0) throw new IOException("malformed watch event");
            String token = new String(payload, nul + 1, end - nul - 1, StandardCharsets.UTF_8);
            Registration r = watches.get(token);
            if (r == null) return;
            var event = new WatchEvent(new String(payload, 0, nul, StandardCharsets.UTF_8), token);
            events.add(() -> {
                if (r.active.get()) r.callback.accept(event);
            });
            return;
        }
        Call c = pending.remove(reqId);
        if (c == null) return; // its caller gave up (deadline or interrupt)
        if (type == XsType.ERROR.code) {
            c.completeExceptionally(new XsException(XsError.fromWire(payload)));
        } else if (type == c.type.code) {
            c.complete(payload);
        } else {
            // libxenstore drops the connection on a reply of the wrong type: the stream cannot be trusted.
            var e = new IOException("reply of type " + type + " to a " + c.type + " request");
            var dead = new XsConnectionException("xenstore connection to " + name + " failed: " + e.getMessage(), e);
            shutdown(dead);
            c.completeExceptionally(dead);
            throw e;
        }
    }

    private void dispatchLoop() {
        while (true) {
            Runnable r;
            try {
                r = events.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == STOP) return;
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "xenstore watch callback failed", e);
            }
        }
    }

    // ---- encoding --------------------------------------------------------------------------------------------

    private static void checkNoNul(byte[] b, String what) {
        if (indexOf(b, 0, 0) >= 0) throw new IllegalArgumentException(what + ": contains NUL");
    }

    private static int indexOf(byte[] b, int from, int value) {
        for (int i = from; i < b.length; i++) if (b[i] == value) return i;
        return -1;
    }

    /** NUL-terminated strings; bytes after the last NUL do not form one. */
    private static List<String> strings(byte[] b) {
        List<String> out = new XsMessage(XsType.DIRECTORY.code, 0, 0, b).nulStrings();
        // The last DIRECTORY_PART ends with an empty name; a node has no child named "".
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    private static List<Perm> perms(byte[] reply) throws XsException {
        List<Perm> out = new ArrayList<>();
        for (String s : strings(reply)) {
            Perm p = Perm.parse(s);
            if (p == null) throw new XsException(XsError.EINVAL);
            out.add(p);
        }
        return out;
    }

    private static String utf8(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    /** A one-string reply, without its NUL terminator(s). */
    private static String utf8z(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) n--;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private XsConnectionException protocolError(String what) {
        var e = new XsConnectionException("xenstore connection to " + name + ": " + what, new IOException(what));
        shutdown(e);
        return e;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
