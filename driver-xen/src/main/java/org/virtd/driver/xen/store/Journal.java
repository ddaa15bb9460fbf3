package org.virtd.driver.xen.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * Durability for the store: a write-ahead log of committed changes, fsync'd before any reply that depends on
 * them leaves the daemon, plus snapshots that bound the log and therefore the recovery time.
 *
 * <p>Files in the database directory: {@code tdb} is the newest complete snapshot (the name Xen's xenstored
 * uses for its database; the format is ours), {@code journal-N.log} are log segments, {@code lock} keeps a
 * second daemon off the same directory. A record is {@code u32 length, u32 CRC32C, payload} (big-endian);
 * one record holds everything one request committed, so a transaction survives whole or not at all. A
 * snapshot is the same record format: a header naming the first log segment it does not cover, the tree in
 * pre-order, and an end record. Recovery loads the snapshot, replays the later segments, and cuts the last
 * segment at its first torn or corrupt record — a write that was never acknowledged.
 *
 * <p>Group commit: requests append records to a buffer under the server's lock and return at once. Whoever
 * then needs a record on disk ({@link #awaitDurable}) writes and fsyncs everything that has accumulated, unless
 * another thread is doing so, in which case it waits for that flush and perhaps does the next. With many clients
 * one fsync covers many requests; with one, the request's own thread does it, with no hand-off to wait for.
 */
public final class Journal implements AutoCloseable {
    public static final String SNAPSHOT = "tdb";
    private static final int MAGIC = 0x58534a31; // "XSJ1"
    private static final byte SNAPSHOT_HEADER = 100, SNAPSHOT_END = 101;
    /** A log this large (bytes) beyond the snapshot triggers a new snapshot, bounding recovery. */
    public static final long DEFAULT_SNAPSHOT_BYTES = 64L << 20;

    private final Path dir;
    private final long snapshotBytes;
    private final FileChannel lockChannel;
    private final FileLock dirLock;
    private final JournalOps.Writer ops = new JournalOps.Writer();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition durableMoved = lock.newCondition();
    /** A thread is writing and syncing a batch; guarded by {@link #lock}. */
    private boolean flushing;
    private ByteBuffer spare = ByteBuffer.allocate(1 << 16);
    private ByteBuffer pending = ByteBuffer.allocate(1 << 16);
    private int rotateAt = -1;
    private long appendedLsn, durableLsn;
    private IOException failure;
    private boolean closing;
    private long segment;
    private long segmentBytes;
    private FileChannel log;
    private volatile Thread snapshotter;
    private Runnable onFailure = () -> { };

    /** What recovery found: the database and the introduced domains, plus counters for the log. */
    public record Recovered(Map<String, Node> nodes, Set<Integer> domains, int records, int repairs,
                            long millis, boolean fresh) {}

    private Recovered recovered;

    private Journal(Path dir, long snapshotBytes) throws IOException {
        this.dir = dir;
        this.snapshotBytes = snapshotBytes;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null; // held by this very process
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("database " + dir + " is in use by another xenstored");
        }
        dirLock = l;
    }

    /** Opens (and recovers) the database in {@code dir}, creating it when absent. */
    public static Journal open(Path dir) throws IOException { return open(dir, DEFAULT_SNAPSHOT_BYTES); }

    public static Journal open(Path dir, long snapshotBytes) throws IOException {
        Journal j = new Journal(dir, snapshotBytes);
        try {
            j.recovered = j.recover();
        } catch (IOException | RuntimeException e) {
            j.dirLock.release();
            j.lockChannel.close();
            throw e;
        }
        return j;
    }

    public Recovered recovered() { return recovered; }

    /** Called (from the thread whose flush failed) when the disk fails: nothing more can be acknowledged. */
    public void onFailure(Runnable r) { onFailure = r; }

    // ---- recording (under the server's lock) --------------------------------------------------------------

    void change(String path, Node before, Node after) { ops.change(path, before, after); }

    void domain(int domid, boolean added) { ops.domain(domid, added); }

    /**
     * Ends the current request: its operations become one record. Returns the sequence number a reply must
     * wait for — the newest appended record, whether or not this request wrote anything, so that no reply
     * shows state that might still be lost.
     */
    long seal() {
        lock.lock();
        try {
            if (!ops.isEmpty()) {
                byte[] payload = ops.take();
                append(frame(payload));
                appendedLsn++;
            }
            return appendedLsn;
        } finally {
            lock.unlock();
        }
    }

    private void append(ByteBuffer rec) {
        if (pending.remaining() < rec.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + rec.remaining()));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(rec);
    }

    private static ByteBuffer frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        return b;
    }

    /** Blocks until the record with sequence number {@code lsn} is on disk, flushing it if nobody else is. */
    public void awaitDurable(long lsn) throws IOException {
        if (durableLsn >= lsn) return;
        lock.lock();
        try {
            while (durableLsn < lsn) {
                if (failure != null) throw failure;
                if (closing && !flushing && pending.position() == 0 && rotateAt < 0) throw new IOException("journal closed");
                if (flushing) {
                    durableMoved.awaitUninterruptibly();
                } else {
                    flushLocked();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a snapshot when the log has grown past its bound and none is running. Must be called under the
     * server's lock, with the state as of the last {@link #seal}: the copy of the map is taken here, the file
     * is written by a background thread.
     */
    void maybeSnapshot(Map<String, Node> nodes, Set<Integer> domains) {
        long covered;
        lock.lock();
        try {
            // One rotation at a time: the writer must have switched segments before the next one starts.
            if (segmentBytes + pending.position() < snapshotBytes || snapshotter != null || rotateAt >= 0) return;
            rotateAt = pending.position();
            covered = segment + 1;
            segmentBytes = 0;
        } finally {
            lock.unlock();
        }
        Map<String, Node> copy = Map.copyOf(nodes);
        List<Integer> doms = List.copyOf(domains);
        Thread t = Thread.ofPlatform().daemon().name("xenstored-snapshot").unstarted(() -> {
            try {
                writeSnapshot(copy, doms, covered);
            } catch (IOException e) {
                System.err.println("xenstored: snapshot failed, keeping the log: " + e.getMessage());
            } finally {
                snapshotter = null;
            }
        });
        snapshotter = t;
        t.start();
    }

    /** Waits for a running snapshot; for tests and orderly shutdown. */
    public void awaitSnapshot() throws InterruptedException {
        Thread t = snapshotter;
        if (t != null) t.join();
    }

    // ---- flushing ---------------------------------------------------------------------------------------------

    /**
     * Writes and syncs what has accumulated, as the one flushing thread: called with {@link #lock} held, releases
     * it during the I/O and holds it again on return.
     */
    private void flushLocked() {
        flushing = true;
        ByteBuffer batch = pending;
        pending = spare.capacity() >= batch.capacity() ? spare.clear() : ByteBuffer.allocate(batch.capacity());
        int rotate = rotateAt;
        rotateAt = -1;
        // The segment the rest goes to is decided now, so a snapshot started during the I/O numbers past it.
        long target = rotate >= 0 ? ++segment : segment;
        long lsn = appendedLsn;
        lock.unlock();
        IOException error = null;
        int written = 0;
        try {
            batch.flip();
            if (rotate >= 0) {
                writeFully(batch.duplicate().limit(rotate));
                log.force(false);
                log.close();
                log = openSegment(target);
                batch.position(rotate);
            }
            written = batch.remaining();
            writeFully(batch);
            log.force(false);
        } catch (IOException e) {
            error = e;
        } finally {
            lock.lock();
        }
        flushing = false;
        spare = batch;
        if (error != null) {
            fail(error);
        } else {
            segmentBytes += written;
            durableLsn = lsn;
        }
        durableMoved.signalAll();
    }

    /** Records a disk failure (under {@link #lock}); the server is told on another thread. */
    private void fail(IOException e) {
        failure = new IOException("xenstored database " + dir + ": " + e.getMessage(), e);
        System.err.println("xenstored: cannot write the database, no further change can be acknowledged: " + e.getMessage());
        Thread.ofPlatform().name("xenstored-journal-failure").start(onFailure);
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) log.write(b);
    }

    private FileChannel openSegment(long n) throws IOException {
        FileChannel c = FileChannel.open(segmentPath(n), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        fsyncDir();
        return c;
    }

    private Path segmentPath(long n) { return dir.resolve(String.format("journal-%016d.log", n)); }

    private void fsyncDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    // ---- snapshots and recovery -----------------------------------------------------------------------------

    private void writeSnapshot(Map<String, Node> nodes, List<Integer> domains, long firstUncovered) throws IOException {
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(13);
            header.put(SNAPSHOT_HEADER).putInt(MAGIC).putLong(firstUncovered).flip();
            write(out, frame(header.array()));
            JournalOps.Writer w = new JournalOps.Writer();
            long count = 0;
            List<String> todo = new ArrayList<>(List.of("/"));
            while (!todo.isEmpty()) {
                String path = todo.remove(todo.size() - 1);
                Node n = nodes.get(path);
                if (n == null) continue;
                w.node(path, n);
                if (!n.children().isEmpty()) w.children(path, n.children());
                for (String c : n.children()) todo.add(path.equals("/") ? "/" + c : path + "/" + c);
                if (++count % 256 == 0) write(out, frame(w.take()));
            }
            for (int d : domains) w.domain(d, true);
            if (!w.isEmpty()) write(out, frame(w.take()));
            ByteBuffer end = ByteBuffer.allocate(9);
            end.put(SNAPSHOT_END).putLong(count).flip();
            write(out, frame(end.array()));
            out.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace the snapshot atomically in " + dir, e);
        }
        fsyncDir();
        for (long n : segments().keySet()) if (n < firstUncovered) Files.deleteIfExists(segmentPath(n));
    }

    private static void write(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }

    private TreeMap<Long, Path> segments() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.matches("journal-\\d{16}\\.log")) out.put(Long.parseLong(name.substring(8, 24)), p);
            }
        }
        return out;
    }

    private Recovered recover() throws IOException {
        long start = System.nanoTime();
        JournalOps.State state = new JournalOps.State();
        long firstSegment = 0;
        Path snap = dir.resolve(SNAPSHOT);
        boolean fresh = true;
        if (Files.exists(snap)) {
            fresh = false;
            firstSegment = readSnapshot(snap, state);
        }
        Files.deleteIfExists(dir.resolve(SNAPSHOT + ".tmp"));
        int records = 0;
        TreeMap<Long, Path> segs = segments();
        long last = segs.isEmpty() ? firstSegment : Math.max(segs.lastKey(), firstSegment);
        for (var e : segs.entrySet()) {
            if (e.getKey() < firstSegment) {
                Files.deleteIfExists(e.getValue());
                continue;
            }
            fresh = false;
            records += replaySegment(e.getValue(), state, e.getKey() == last);
        }
        int[] repairs = {0};
        Map<String, Node> nodes = state.tree(repairs);
        segment = last;
        log = openSegment(last);
        segmentBytes = log.size();
        return new Recovered(nodes, Set.copyOf(state.domains), records, repairs[0],
                (System.nanoTime() - start) / 1_000_000, fresh);
    }

    /** Replays a segment; a bad record ends the last segment there (it was never acknowledged). */
    private int replaySegment(Path p, JournalOps.State state, boolean isLast) throws IOException {
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(all);
        int records = 0;
        while (b.remaining() > 0) {
            int at = b.position();
            byte[] payload = nextRecord(b);
            if (payload != null) {
                try {
                    state.apply(payload);
                    records++;
                    continue;
                } catch (IOException e) {
                    payload = null;
                }
            }
            if (!isLast) throw new IOException("corrupt record at offset " + at + " of " + p + ", a segment the snapshot does not cover");
            System.err.println("xenstored: " + p.getFileName() + ": discarding an incomplete record at offset " + at
                    + " (" + (all.length - at) + " bytes, never acknowledged)");
            try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
                c.truncate(at);
                c.force(true);
            }
            break;
        }
        return records;
    }

    /** The next record's payload, or null (position unchanged) if it is torn or fails its checksum. */
    private static byte[] nextRecord(ByteBuffer b) {
        int at = b.position();
        if (b.remaining() < 8) return null;
        int len = b.getInt();
        int crc = b.getInt();
        if (len < 0 || len > b.remaining()) {
            b.position(at);
            return null;
        }
        byte[] payload = new byte[len];
        b.get(payload);
        CRC32C c = new CRC32C();
        c.update(payload);
        if ((int) c.getValue() != crc) {
            b.position(at);
            return null;
        }
        return payload;
    }

    private long readSnapshot(Path snap, JournalOps.State state) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(snap));
        byte[] header = nextRecord(b);
        if (header == null || header.length != 13 || header[0] != SNAPSHOT_HEADER
                || ByteBuffer.wrap(header, 1, 4).getInt() != MAGIC) {
            throw new IOException(snap + " is not a virtd xenstored snapshot");
        }
        long firstSegment = ByteBuffer.wrap(header, 5, 8).getLong();
        while (true) {
            byte[] rec = nextRecord(b);
            if (rec == null) throw new IOException(snap + " is truncated or corrupt");
            if (rec.length == 9 && rec[0] == SNAPSHOT_END) break;
            state.apply(rec);
        }
        return firstSegment;
    }

    @Override
    public void close() throws IOException {
        try {
            awaitSnapshot();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            closing = true;
            // What was acknowledged is on disk already; this keeps what was sealed but not yet asked for.
            while (flushing) durableMoved.awaitUninterruptibly();
            if ((pending.position() > 0 || rotateAt >= 0) && failure == null) flushLocked();
        } finally {
            lock.unlock();
        }
        try {
            if (log != null) log.close();
        } finally {
            dirLock.release();
            lockChannel.close();
        }
    }
}
