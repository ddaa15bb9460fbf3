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
import java.util.concurrent.LinkedBlockingQueue;
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
    private final Path socket;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Set<Integer> domains = new LinkedHashSet<>(List.of(0));
    private final boolean verbose;
    private ServerSocketChannel server;

    private record Watch(String path, String token, boolean relative) {}

    private final class Conn {
        final SocketChannel ch;
        final Store.Caller caller = Store.Caller.DOM0;
        final List<Watch> watches = new ArrayList<>();
        final Map<Integer, Store.Transaction> txs = new HashMap<>();
        int nextTx = 1;
        final LinkedBlockingQueue<byte[]> out = new LinkedBlockingQueue<>();
        volatile boolean closed;

        Conn(SocketChannel ch) { this.ch = ch; }

        void send(XsMessage m) { if (!closed) out.add(XsWire.encode(m)); }

        void close() {
            closed = true;
            out.add(new byte[0]);
            try { ch.close(); } catch (IOException ignored) { }
        }
    }

    public XenStoreServer(Store store, Path socket, boolean verbose) {
        this.store = store;
        this.socket = socket;
        this.verbose = verbose;
    }

    public Path socket() { return socket; }

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
        try (InputStream in = Channels.newInputStream(c.ch)) {
            XsMessage m;
            while ((m = XsWire.read(in)) != null) {
                lock.lock();
                try {
                    handle(c, m);
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            // An oversized or truncated frame ends the client, as the daemon ignores a bad client.
            if (verbose) System.err.println("xenstored: dropping client: " + e.getMessage());
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

    private void writeLoop(Conn c) {
        try (OutputStream os = Channels.newOutputStream(c.ch)) {
            while (true) {
                byte[] b = c.out.take();
                if (b.length == 0) return;
                os.write(b);
            }
        } catch (IOException | InterruptedException e) {
            c.close();
        }
    }

    private void handle(Conn c, XsMessage m) {
        XsType type = XsType.fromCode(m.type());
        if (verbose) System.err.println("xenstored: " + (type == null ? "type " + m.type() : type) + " tx " + m.txId());
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
                if (domains.add(domid)) fireSpecial(INTRODUCE_DOMAIN);
                yield OK;
            }
            case RELEASE -> {
                String arg = m.oneArg();
                if (arg == null) throw new XsException(XsError.EINVAL);
                int domid = leadingInt(arg);
                if (domid == 0) throw new XsException(XsError.EINVAL);
                if (!domains.remove(domid)) throw new XsException(XsError.ENOENT);
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
            case CONTROL -> {
                List<String> a = m.nulStrings();
                if (a.isEmpty()) throw new XsException(XsError.EINVAL);
                if (a.get(0).equals("help")) yield XsMessage.strings("Supported commands:\nhelp\n");
                throw new XsException(XsError.EINVAL);
            }
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

    @Override
    public void close() throws IOException {
        if (server != null) server.close();
        for (Conn c : conns) c.close();
        Files.deleteIfExists(socket);
    }
}
