package org.virtd.driver.xen.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * xenstored on a UNIX stream socket. One virtual thread reads each connection and one writes it; requests run
 * one at a time under a single lock, as in Xen's single-threaded daemon, so each is atomic for every watcher.
 * Socket clients are dom0 tools and therefore privileged.
 */
public final class XenStoreServer implements AutoCloseable {
    private static final String INTRODUCE_DOMAIN = "@introduceDomain";
    private static final String RELEASE_DOMAIN = "@releaseDomain";
    private static final byte[] OK = XsMessage.strings("OK");

    private final Store store;
    private final Journal journal;
    private final Path socket;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Set<Integer> domains = new LinkedHashSet<>(List.of(0));
    /** What the current request sends, released once its changes are durable; guarded by {@link #lock}. */
    private final List<Map.Entry<Conn, byte[]>> outbox = new ArrayList<>();
    private final ServerLog log;
    private ServerSocketChannel server;
    private volatile Runnable onFatal = () -> { };

    /** A frame queued for a client, to be written once the journal holds everything up to {@code lsn}. */
    private record Frame(byte[] bytes, long lsn) {}

    private record Watch(String path, String token, boolean relative) {}

    private final class Conn {
        final SocketChannel ch;
        final Store.Caller caller = Store.Caller.DOM0;
        final List<Watch> watches = new ArrayList<>();
        final Map<Integer, Store.Transaction> txs = new HashMap<>();
        int nextTx = 1;
        final ConcurrentLinkedQueue<Frame> out = new ConcurrentLinkedQueue<>();
        /** Held while writing to the socket: the reader thread and the writer thread take turns. */
        final ReentrantLock writing = new ReentrantLock();
        /** Wakes the writer thread for frames the reader thread will not write itself (events, other clients). */
        final Semaphore wake = new Semaphore(0);
        final OutputStream os;
        volatile boolean closed;

        Conn(SocketChannel ch) {
            this.ch = ch;
            this.os = Channels.newOutputStream(ch);
        }

        /**
         * Writes every queued frame, in order, once the journal holds what they depend on. Whoever holds
         * {@link #writing} drains the queue, so frames never overtake each other.
         */
        void flush() throws IOException {
            writing.lock();
            try {
                var buf = new java.io.ByteArrayOutputStream();
                long lsn = 0;
                Frame f;
                while ((f = out.poll()) != null) {
                    buf.writeBytes(f.bytes());
                    lsn = Math.max(lsn, f.lsn());
                }
                if (buf.size() == 0) return;
                if (journal != null && lsn > 0) journal.awaitDurable(lsn);
                buf.writeTo(os);
            } finally {
                writing.unlock();
            }
        }

        /** Queues a message; it leaves when the request that produced it has finished (see handle). */
        void send(XsMessage m) { if (!closed) outbox.add(Map.entry(this, XsWire.encode(m))); }

        void close() {
            closed = true;
            wake.release();
            try { ch.close(); } catch (IOException ignored) { }
        }
    }

    /** A server whose database lives only in memory. */
    public XenStoreServer(Store store, Path socket, boolean verbose) {
        this(store, null, Set.of(0), socket, new ServerLog(verbose, System.err));
    }

    private XenStoreServer(Store store, Journal journal, Set<Integer> domains, Path socket, ServerLog log) {
        this.store = store;
        this.journal = journal;
        this.socket = socket;
        this.domains.addAll(domains);
        this.log = log;
        if (journal != null) {
            store.listen(journal::change);
            journal.onFailure(this::fatal);
        }
    }

    /**
     * A server whose database is durable in {@code dbDir}: recovered from there (see {@link Journal}), and every
     * change acknowledged only once it is on disk.
     *
     * @param logTo where its log goes: standard error for the standalone daemon, null for the embedding program's
     *     SLF4J log
     */
    public static XenStoreServer persistent(Path dbDir, Path socket, Store.Quotas quotas, boolean verbose,
                                            java.io.PrintStream logTo) throws IOException {
        Journal journal = Journal.open(dbDir);
        Journal.Recovered r = journal.recovered();
        Store store = r.nodes().isEmpty() ? new Store(quotas) : new Store(quotas, r.nodes());
        XenStoreServer s = new XenStoreServer(store, journal, r.domains(), socket, new ServerLog(verbose, logTo));
        if (r.nodes().isEmpty()) {
            // A new database starts with the daemon's initial nodes on disk.
            store.committedNodes().forEach((path, node) -> journal.change(path, null, node));
            journal.awaitDurable(journal.seal());
        }
        if (r.repairs() > 0) s.log.info("recovery dropped " + r.repairs() + " unreachable or dangling entries");
        s.log.info("database " + dbDir + ": " + store.committedNodes().size() + " nodes, " + r.records()
                + " log records replayed in " + r.millis() + " ms");
        return s;
    }

    public Path socket() { return socket; }

    public Store store() { return store; }

    /** Logs to {@code file} (-T) instead of standard error. */
    public void logTo(Path file) throws XsException { log.setFile(file); }

    /** Runs when the server had to stop because its database cannot be written. */
    public void onFatal(Runnable r) { onFatal = r; }

    /** Stops serving; runs on its own thread because the journal's writer, which reports the failure, is closed. */
    private void fatal() {
        Thread.ofPlatform().name("xenstored-stop").start(() -> {
            try {
                close();
            } catch (IOException ignored) {
                // Stopping anyway.
            }
            onFatal.run();
        });
    }

    public void start() throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().name("xenstored-accept").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                Conn c = new Conn(server.accept());
                conns.add(c);
                Thread.ofVirtual().start(() -> readLoop(c));
                Thread.ofVirtual().start(() -> writeLoop(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readLoop(Conn c) {
        // Buffered: one read(2) usually brings a whole frame (or several), not a header and then a payload.
        try (InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(c.ch), 8192)) {
            XsMessage m;
            while ((m = XsWire.read(in)) != null) {
                lock.lock();
                try {
                    handle(c, m);
                    release(c);
                } finally {
                    outbox.clear();
                    lock.unlock();
                }
                // The reply goes out from here, without a hand-off to the writer thread.
                c.flush();
            }
        } catch (IOException | RuntimeException e) {
            // An oversized or truncated frame ends the client, as the daemon ignores a bad client.
            log.trace("dropping client: " + e.getMessage());
        } finally {
            lock.lock();
            try {
                conns.remove(c);
            } finally {
                lock.unlock();
            }
            c.close();
        }
    }

    /**
     * Ends a request: its changes become one journal record, and what it sends is queued behind that record,
     * so no client sees a reply or an event about a change that a crash could still undo.
     */
    private void release(Conn requester) {
        long lsn = 0;
        if (journal != null) {
            lsn = journal.seal();
            journal.maybeSnapshot(store.committedNodes(), domains);
        }
        for (var e : outbox) {
            Conn to = e.getKey();
            to.out.add(new Frame(e.getValue(), lsn));
            if (to != requester) to.wake.release();
        }
    }

    /** Writes what other clients' requests queued for {@code c}: watch events, mostly. */
    private void writeLoop(Conn c) {
        try {
            while (!c.closed) {
                c.wake.acquire();
                c.wake.drainPermits();
                c.flush();
            }
        } catch (IOException | InterruptedException e) {
            c.close();
        }
    }

    private void handle(Conn c, XsMessage m) {
        XsType type = XsType.fromCode(m.type());
        log.trace((type == null ? "type " + m.type() : type) + " tx " + m.txId());
        try {
            if (type == null || type == XsType.WATCH_EVENT || type == XsType.ERROR) throw new XsException(XsError.ENOSYS);
            Store.Transaction tx = null;
            boolean noTxId = type == XsType.WATCH || type == XsType.UNWATCH || type == XsType.INTRODUCE
                    || type == XsType.RELEASE || type == XsType.GET_DOMAIN_PATH || type == XsType.IS_DOMAIN_INTRODUCED
                    || type == XsType.RESUME || type == XsType.SET_TARGET || type == XsType.RESET_WATCHES
                    || type == XsType.CONTROL;
            if (!noTxId && m.txId() != 0) {
                tx = c.txs.get(m.txId());
                if (tx == null) throw new XsException(XsError.ENOENT);
            }
            byte[] reply = dispatch(c, type, tx, m);
            if (reply.length > XsWire.PAYLOAD_MAX) throw new XsException(XsError.E2BIG);
            c.send(new XsMessage(type.code, m.reqId(), m.txId(), reply));
            if (type == XsType.WATCH) {
                // The first event follows the acknowledgement, so clients need not read the node themselves.
                Watch w = c.watches.get(c.watches.size() - 1);
                c.send(event(w, w.path()));
            }
        } catch (XsException e) {
            c.send(new XsMessage(XsType.ERROR.code, m.reqId(), m.txId(), XsMessage.strings(e.error().name())));
        }
    }

    private byte[] dispatch(Conn c, XsType type, Store.Transaction tx, XsMessage m) throws XsException {
        Store.Caller who = c.caller;
        return switch (type) {
            case READ -> store.read(who, tx, m.oneArg());
            case DIRECTORY -> XsMessage.strings(store.directory(who, tx, m.oneArg()).toArray(String[]::new));
            case DIRECTORY_PART -> {
                List<String> a = m.nulStrings();
                if (a.size() != 2) throw new XsException(XsError.EINVAL);
                yield store.directoryPart(who, tx, a.get(0), leadingInt(a.get(1)));
            }
            case GET_PERMS -> XsMessage.strings(store.getPerms(who, tx, m.oneArg()).stream().map(Perm::toString).toArray(String[]::new));
            case WRITE -> {
                byte[] p = m.payload();
                int nul = indexOfNul(p);
                if (nul < 0) throw new XsException(XsError.EINVAL);
                byte[] value = java.util.Arrays.copyOfRange(p, nul + 1, p.length);
                fire(c, store.write(who, tx, Store.text(java.util.Arrays.copyOf(p, nul)), value));
                yield OK;
            }
            case MKDIR -> { fire(c, store.mkdir(who, tx, m.oneArg())); yield OK; }
            case RM -> { fire(c, store.rm(who, tx, m.oneArg())); yield OK; }
            case SET_PERMS -> {
                List<String> a = m.nulStrings();
                if (a.size() < 2) throw new XsException(XsError.EINVAL);
                List<Perm> perms = new ArrayList<>();
                for (String s : a.subList(1, a.size())) {
                    Perm p = Perm.parse(s);
                    if (p == null) throw new XsException(XsError.EINVAL);
                    perms.add(p);
                }
                if (a.get(0).startsWith("@")) yield OK;
                fire(c, store.setPerms(who, tx, a.get(0), perms));
                yield OK;
            }
            case WATCH -> {
                List<String> a = m.nulStrings();
                if (a.size() != 2) throw new XsException(XsError.EINVAL);
                String raw = a.get(0);
                boolean relative = !raw.startsWith("/") && !raw.startsWith("@");
                String path = Store.canonicalize(who, raw);
                if (path.startsWith("@") ? path.length() > XsWire.REL_PATH_MAX : !store.isValidPath(path))
                    throw new XsException(XsError.EINVAL);
                for (Watch w : c.watches)
                    if (w.path().equals(path) && w.token().equals(a.get(1))) throw new XsException(XsError.EEXIST);
                if (!who.privileged() && c.watches.size() >= store.quotas().watchesPerDomain())
                    throw new XsException(XsError.E2BIG);
                c.watches.add(new Watch(path, a.get(1), relative));
                yield OK;
            }
            case UNWATCH -> {
                List<String> a = m.nulStrings();
                if (a.size() != 2) throw new XsException(XsError.EINVAL);
                String path = Store.canonicalize(who, a.get(0));
                boolean removed = c.watches.removeIf(w -> w.path().equals(path) && w.token().equals(a.get(1)));
                if (!removed) throw new XsException(XsError.ENOENT);
                yield OK;
            }
            case TRANSACTION_START -> {
                if (tx != null) throw new XsException(XsError.EBUSY);
                if (!who.privileged() && c.txs.size() >= store.quotas().maxTransactions())
                    throw new XsException(XsError.ENOSPC);
                int id;
                do { id = c.nextTx++; } while (id == 0 || c.txs.containsKey(id));
                c.txs.put(id, store.begin());
                yield XsMessage.strings(Integer.toUnsignedString(id));
            }
            case TRANSACTION_END -> {
                String arg = m.oneArg();
                if (arg == null || !(arg.equals("T") || arg.equals("F"))) throw new XsException(XsError.EINVAL);
                if (tx == null) throw new XsException(XsError.ENOENT);
                c.txs.remove(m.txId());
                fire(c, store.commit(tx, arg.equals("T")));
                yield OK;
            }
            case GET_DOMAIN_PATH -> {
                String arg = m.oneArg();
                if (arg == null) throw new XsException(XsError.EINVAL);
                yield XsMessage.strings("/local/domain/" + leadingInt(arg));
            }
            case INTRODUCE -> {
                List<String> a = m.nulStrings();
                if (a.size() < 3) throw new XsException(XsError.EINVAL);
                int domid = leadingInt(a.get(0));
                // Without a hypervisor there is no ring to map: the domain is recorded and announced.
                if (domains.add(domid)) {
                    if (journal != null) journal.domain(domid, true);
                    fireSpecial(INTRODUCE_DOMAIN);
                }
                yield OK;
            }
            case RELEASE -> {
                String arg = m.oneArg();
                if (arg == null) throw new XsException(XsError.EINVAL);
                int domid = leadingInt(arg);
                if (domid == 0) throw new XsException(XsError.EINVAL);
                if (!domains.remove(domid)) throw new XsException(XsError.ENOENT);
                if (journal != null) journal.domain(domid, false);
                fireSpecial(RELEASE_DOMAIN);
                yield OK;
            }
            case IS_DOMAIN_INTRODUCED -> {
                String arg = m.oneArg();
                if (arg == null) throw new XsException(XsError.EINVAL);
                yield XsMessage.strings(domains.contains(leadingInt(arg)) ? "T" : "F");
            }
            case RESUME -> {
                String arg = m.oneArg();
                if (arg == null) throw new XsException(XsError.EINVAL);
                if (!domains.contains(leadingInt(arg))) throw new XsException(XsError.ENOENT);
                yield OK;
            }
            case SET_TARGET -> {
                List<String> a = m.nulStrings();
                if (a.size() != 2) throw new XsException(XsError.EINVAL);
                if (!domains.contains(leadingInt(a.get(0))) || !domains.contains(leadingInt(a.get(1))))
                    throw new XsException(XsError.ENOENT);
                yield OK;
            }
            case RESET_WATCHES -> {
                c.watches.clear();
                c.txs.clear();
                yield OK;
            }
            case CONTROL -> control(m.nulStrings());
            default -> throw new XsException(XsError.ENOSYS);
        };
    }

    /** atoi: the leading decimal digits, 0 when there are none. */
    private static int leadingInt(String s) {
        int i = 0;
        long v = 0;
        boolean neg = s.startsWith("-");
        if (neg || s.startsWith("+")) i++;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) v = v * 10 + (s.charAt(i++) - '0');
        return (int) (neg ? -v : v);
    }

    private static int indexOfNul(byte[] p) {
        for (int i = 0; i < p.length; i++) if (p[i] == 0) return i;
        return -1;
    }

    private XsMessage event(Watch w, String path) {
        String shown = path;
        if (w.relative()) {
            String home = Store.canonicalize(Store.Caller.DOM0, "x");
            home = home.substring(0, home.length() - 1);
            if (shown.startsWith(home)) shown = shown.substring(home.length());
        }
        return XsMessage.of(XsType.WATCH_EVENT, 0, 0, XsMessage.strings(shown, w.token()));
    }

    private static boolean isChild(String child, String parent) {
        if (parent.equals("/")) return child.startsWith("/");
        return child.equals(parent) || child.startsWith(parent + "/");
    }

    private void fire(Conn from, List<Store.Event> events) {
        for (Store.Event e : events) {
            for (Conn c : conns) {
                if (!Store.mayWatch(c.caller, e)) continue;
                for (Watch w : c.watches) {
                    if (e.exact() ? w.path().equals(e.path()) : isChild(e.path(), w.path())) c.send(event(w, e.path()));
                }
            }
        }
    }

    private void fireSpecial(String name) {
        for (Conn c : conns) for (Watch w : c.watches) if (w.path().equals(name)) c.send(event(w, name));
    }

    /** CONTROL, xenstore-control's commands, with the replies Xen's daemon gives (live-update excepted). */
    private byte[] control(List<String> a) throws XsException {
        if (a.isEmpty()) throw new XsException(XsError.EINVAL);
        List<String> args = a.subList(1, a.size());
        switch (a.get(0)) {
            case "check" -> {
                if (!args.isEmpty()) throw new XsException(XsError.EINVAL);
                List<String> problems = store.check();
                problems.forEach(p -> log.info("check: " + p));
                return OK;
            }
            case "log" -> {
                if (args.size() != 1 || !(args.get(0).equals("on") || args.get(0).equals("off")))
                    throw new XsException(XsError.EINVAL);
                log.setTracing(args.get(0).equals("on"));
                return OK;
            }
            case "logfile" -> {
                if (args.size() != 1) throw new XsException(XsError.EINVAL);
                log.setFile(Path.of(args.get(0)));
                return OK;
            }
            case "print" -> {
                if (args.size() != 1) throw new XsException(XsError.EINVAL);
                log.print(args.get(0));
                return OK;
            }
            case "quota", "quota-soft" -> {
                boolean soft = a.get(0).equals("quota-soft");
                if (args.isEmpty()) {
                    StringBuilder sb = new StringBuilder("Quota settings:\n");
                    for (var i : Store.Quotas.ITEMS) {
                        if (i.soft() == soft)
                            sb.append(String.format("%-17s: %8d %s\n", i.name(), store.quotas().get(i), i.description()));
                    }
                    return XsMessage.strings(sb.toString());
                }
                if (args.get(0).equals("set")) {
                    if (args.size() != 3) throw new XsException(XsError.EINVAL);
                    int v = leadingInt(args.get(2));
                    var item = Store.Quotas.item(args.get(1), soft);
                    if (v < 1 || item == null) throw new XsException(XsError.EINVAL);
                    store.setQuotas(store.quotas().with(item, v));
                    return OK;
                }
                if (soft || args.size() != 1) throw new XsException(XsError.EINVAL);
                int domid = leadingInt(args.get(0));
                if (!domains.contains(domid)) throw new XsException(XsError.ENOENT);
                long watches = domid == 0 ? 0 : conns.stream().filter(c -> c.caller.domid() == domid)
                        .mapToLong(c -> c.watches.size()).sum();
                long txs = domid == 0 ? 0 : conns.stream().filter(c -> c.caller.domid() == domid)
                        .mapToLong(c -> c.txs.size()).sum();
                StringBuilder sb = new StringBuilder("Domain " + Integer.toUnsignedString(domid) + ":\n");
                // Requests are answered one at a time, so none is ever outstanding between two of them.
                long[] values = {store.entriesOf(domid), watches, txs, 0, store.memoryOf(domid)};
                String[] names = {"nodes", "watches", "transactions", "outstanding", "memory"};
                for (int i = 0; i < names.length; i++) sb.append(String.format("%-16s: %8d\n", names[i], values[i]));
                return XsMessage.strings(sb.toString());
            }
            case "help" -> {
                if (!args.isEmpty()) throw new XsException(XsError.EINVAL);
                return XsMessage.strings(CONTROL_HELP);
            }
            default -> throw new XsException(XsError.EINVAL);
        }
    }

    /** The commands we answer, listed as Xen's help lists its own. */
    private static final String CONTROL_HELP = "check\t\nlog\ton|off\nlogfile\t<file>\nprint\t<string>\n"
            + "quota\t[set <name> <val>|<domid>]\nquota-soft\t[set <name> <val>]\nhelp\t\n";

    @Override
    public void close() throws IOException {
        if (server != null) server.close();
        lock.lock();
        try {
            for (Conn c : conns) c.close();
        } finally {
            lock.unlock();
        }
        Files.deleteIfExists(socket);
        if (journal != null) journal.close();
        log.close();
    }
}
