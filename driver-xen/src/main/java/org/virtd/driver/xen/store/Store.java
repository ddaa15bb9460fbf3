package org.virtd.driver.xen.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node database and the semantics of every data operation: path rules, implicit parents, permissions,
 * quotas and transactions. Not thread-safe: like Xen's single-threaded daemon, the server runs one request at
 * a time against it, which also makes each operation atomic for watchers.
 *
 * <p>Transactions do not copy the database. Each one keeps an overlay of the nodes it changed and the
 * generation of every node it looked at; it commits only if none of those generations moved, so transactions
 * that touch disjoint nodes never conflict.
 */
public final class Store {
    private static final long ABSENT = -1;

    /** Who asks: the domain and whether it is privileged (dom0 and the tools on the socket are). */
    public record Caller(int domid, boolean privileged) {
        public static final Caller DOM0 = new Caller(0, true);
    }

    /**
     * Per-domain limits; the defaults are xenstored's. Privileged callers are exempt, as in Xen. The last four
     * are kept and reported (CONTROL quota) as Xen's daemon reports them; socket clients are dom0, so no request
     * can reach them yet.
     */
    public record Quotas(int entriesPerDomain, int watchesPerDomain, int maxEntrySize, int maxTransactions,
                         int permsPerNode, int maxPathLen, int outstanding, int transactionNodes, int memoryHard,
                         int memorySoft) {
        public static final Quotas XEN_DEFAULTS = new Quotas(1000, 128, 2048, 10, 5, XsWire.REL_PATH_MAX, 20, 1024,
                2 * 1024 * 1024 + 512 * 1024, 2 * 1024 * 1024);

        /** One quota as CONTROL and the -Q/-q options name it, in the order Xen lists them. */
        public record Item(String name, String description, boolean soft) {}

        public static final List<Item> ITEMS = List.of(
                new Item("nodes", "Nodes per domain", false),
                new Item("watches", "Watches per domain", false),
                new Item("transactions", "Transactions per domain", false),
                new Item("outstanding", "Outstanding requests per domain", false),
                new Item("transaction-nodes", "Max. number of accessed nodes per transaction", false),
                new Item("memory", "Total Xenstore memory per domain (error level)", false),
                new Item("node-size", "Max. size of a node", false),
                new Item("path-max", "Max. length of a node path", false),
                new Item("permissions", "Max. number of permissions per node", false),
                new Item("memory", "Total Xenstore memory per domain (warning level)", true));

        public int get(Item i) { return values()[slot(i)]; }

        /** These quotas with {@code i} set to {@code v}. */
        public Quotas with(Item i, int v) {
            int[] a = values();
            a[slot(i)] = v;
            return new Quotas(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
        }

        private int[] values() {
            return new int[] {entriesPerDomain, watchesPerDomain, maxEntrySize, maxTransactions, permsPerNode,
                maxPathLen, outstanding, transactionNodes, memoryHard, memorySoft};
        }

        /** Where {@code i} sits among the record's components. */
        private static int slot(Item i) {
            return switch (i.name()) {
                case "nodes" -> 0;
                case "watches" -> 1;
                case "node-size" -> 2;
                case "transactions" -> 3;
                case "permissions" -> 4;
                case "path-max" -> 5;
                case "outstanding" -> 6;
                case "transaction-nodes" -> 7;
                case "memory" -> i.soft() ? 9 : 8;
                default -> throw new IllegalArgumentException(i.name());
            };
        }

        /** The quota called {@code name} among the hard or the soft ones, or null. */
        public static Item item(String name, boolean soft) {
            for (Item i : ITEMS) if (i.name().equals(name) && i.soft() == soft) return i;
            return null;
        }
    }

    /** A change that watches may see: exact events match only a watch on that very node. */
    public record Event(String path, boolean exact, List<Perm> perms) {}

    /** Where operations read and write: the committed database or a transaction's overlay on it. */
    private interface View {
        Node get(String path);
        void put(String path, Node node);
        void delete(String path);
        void countEntry(int domid, int delta);
        int entries(int domid);
    }

    /** Hears every change to the committed database, in the order it is made; the journal is one. */
    public interface ChangeListener {
        /** {@code after} is null when the node was removed, {@code before} when it was created. */
        void changed(String path, Node before, Node after);
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<Integer, Integer> entries = new HashMap<>();
    private volatile Quotas quotas;
    private long generation;
    private ChangeListener listener = (path, before, after) -> { };
    private final View committed = new View() {
        public Node get(String path) { return nodes.get(path); }
        public void put(String path, Node node) {
            Node now = new Node(node.value(), node.perms(), node.children(), ++generation);
            listener.changed(path, nodes.put(path, now), now);
        }
        public void delete(String path) {
            Node before = nodes.remove(path);
            if (before != null) listener.changed(path, before, null);
        }
        public void countEntry(int domid, int delta) { entries.merge(domid, delta, Integer::sum); }
        public int entries(int domid) { return entries.getOrDefault(domid, 0); }
    };

    public Store(Quotas quotas) {
        this.quotas = quotas;
        List<Perm> dom0Only = List.of(new Perm(0, 'n'));
        // The daemon starts with these three nodes.
        nodes.put("/", new Node(new byte[0], dom0Only, List.of("tool"), ++generation));
        nodes.put("/tool", new Node(new byte[0], dom0Only, List.of("xenstored"), ++generation));
        nodes.put("/tool/xenstored", new Node(new byte[0], dom0Only, List.of(), ++generation));
        entries.put(0, 3);
    }

    /** A store holding a recovered database (which must contain the root). */
    public Store(Quotas quotas, Map<String, Node> recovered) {
        if (!recovered.containsKey("/")) throw new IllegalArgumentException("a database without a root node");
        this.quotas = quotas;
        for (var e : recovered.entrySet()) {
            nodes.put(e.getKey(), e.getValue());
            entries.merge(e.getValue().owner(), 1, Integer::sum);
            generation = Math.max(generation, e.getValue().generation());
        }
    }

    public Quotas quotas() { return quotas; }

    /** Quotas can change while the daemon runs (CONTROL quota set); they apply to later requests. */
    public void setQuotas(Quotas q) { quotas = q; }

    /** Starts reporting changes to {@code l}; replaces the previous listener. */
    public void listen(ChangeListener l) { listener = l; }

    /** The committed database, read-only, for snapshots taken under the server's lock. */
    Map<String, Node> committedNodes() { return java.util.Collections.unmodifiableMap(nodes); }

    /** Roughly how many bytes the nodes a domain owns take (CONTROL quota DOMID). */
    public long memoryOf(int domid) {
        long sum = 0;
        for (Node n : nodes.values()) if (n.owner() == domid) sum += n.storedSize();
        return sum;
    }

    /**
     * CONTROL check: whether every listed child exists and every node is listed by its parent, and the per-domain
     * counts agree with the nodes. Returns what is wrong (nothing, unless there is a bug).
     */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> counted = new HashMap<>();
        for (var e : nodes.entrySet()) {
            String path = e.getKey();
            counted.merge(e.getValue().owner(), 1, Integer::sum);
            for (String c : e.getValue().children()) {
                String child = path.equals("/") ? "/" + c : path + "/" + c;
                if (!nodes.containsKey(child)) problems.add(path + " lists missing child " + c);
            }
            if (!path.equals("/")) {
                Node parent = nodes.get(parentOf(path));
                if (parent == null || !parent.children().contains(baseName(path)))
                    problems.add(path + " is not listed by its parent");
            }
        }
        counted.forEach((d, n) -> {
            if (!n.equals(entries.get(d))) problems.add("domain " + d + " owns " + n + " nodes, counted " + entries.get(d));
        });
        return problems;
    }

    /** How many nodes each domain owns (CONTROL quota DOMID). */
    public int entriesOf(int domid) { return entries.getOrDefault(domid, 0); }

    // ---- transactions ------------------------------------------------------------------------------------

    /** A transaction's private view; obtained from {@link #begin}, finished by {@link #commit}. */
    public final class Transaction implements View {
        private final Map<String, Node> overlay = new HashMap<>();
        private final Map<String, Long> seen = new HashMap<>();
        private final Map<Integer, Integer> entryDelta = new HashMap<>();
        private final List<Event> events = new ArrayList<>();
        private static final Node DELETED = new Node(new byte[0], List.of(new Perm(0, 'n')), List.of(), ABSENT);

        private Transaction() {}

        private void note(String path) {
            if (!overlay.containsKey(path)) {
                seen.computeIfAbsent(path, p -> {
                    Node n = nodes.get(p);
                    return n == null ? ABSENT : n.generation();
                });
            }
        }

        public Node get(String path) {
            note(path);
            Node n = overlay.get(path);
            if (n != null) return n == DELETED ? null : n;
            return nodes.get(path);
        }

        public void put(String path, Node node) { note(path); overlay.put(path, node); }

        public void delete(String path) { note(path); overlay.put(path, DELETED); }

        public void countEntry(int domid, int delta) { entryDelta.merge(domid, delta, Integer::sum); }

        public int entries(int domid) {
            return Store.this.entries.getOrDefault(domid, 0) + entryDelta.getOrDefault(domid, 0);
        }

        /** How many nodes this transaction has touched, for tests of its footprint. */
        public int footprint() { return seen.size() + overlay.size(); }
    }

    public Transaction begin() { return new Transaction(); }

    /**
     * Ends a transaction. With {@code apply}, commits it if nothing it looked at changed since and returns
     * the events to fire; throws EAGAIN otherwise.
     */
    public List<Event> commit(Transaction tx, boolean apply) throws XsException {
        if (!apply) return List.of();
        for (var e : tx.seen.entrySet()) {
            Node now = nodes.get(e.getKey());
            long gen = now == null ? ABSENT : now.generation();
            if (gen != e.getValue()) throw new XsException(XsError.EAGAIN);
        }
        for (var e : tx.overlay.entrySet()) {
            if (e.getValue() == Transaction.DELETED) committed.delete(e.getKey());
            else committed.put(e.getKey(), e.getValue());
        }
        tx.entryDelta.forEach((d, n) -> entries.merge(d, n, Integer::sum));
        return List.copyOf(tx.events);
    }

    private View view(Transaction tx) { return tx == null ? committed : tx; }

    /** Events of a transactional operation wait for the commit; others go out at once. */
    private List<Event> emit(Transaction tx, List<Event> events) {
        if (tx == null) return events;
        tx.events.addAll(events);
        return List.of();
    }

    // ---- paths and permissions ---------------------------------------------------------------------------

    /** Relative paths are relative to the caller's home, /local/domain/ID; @-names stay as they are. */
    public static String canonicalize(Caller c, String path) {
        if (path.startsWith("/") || path.startsWith("@")) return path;
        return "/local/domain/" + Integer.toUnsignedString(c.domid()) + "/" + path;
    }

    public boolean isValidPath(String path) {
        if (!path.startsWith("/")) return false;
        if (path.endsWith("/") && !path.equals("/")) return false;
        if (path.contains("//")) return false;
        int localOff = 0;
        var m = java.util.regex.Pattern.compile("^/local/domain/(\\d{1,5})/").matcher(path);
        if (m.find()) localOff = m.end();
        if (path.length() > localOff + quotas.maxPathLen()) return false;
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '/' || ch == '_' || ch == '@';
            if (!ok) return false;
        }
        return true;
    }

    static int permFor(Caller c, List<Perm> perms) {
        int all = Perm.READ | Perm.WRITE | Perm.OWNER;
        if (c.privileged()) return all;
        for (int i = 1; i < perms.size(); i++) if (perms.get(i).domid() == c.domid()) return perms.get(i).bits();
        if (perms.get(0).domid() == c.domid()) return all;
        return perms.get(0).bits();
    }

    static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i == 0 ? "/" : path.substring(0, i);
    }

    private static String baseName(String path) { return path.substring(path.lastIndexOf('/') + 1); }

    /**
     * Finds a node the caller may use with {@code perm}. A missing node reports ENOENT only when its nearest
     * existing ancestor grants that permission, so callers cannot probe what they cannot see.
     */
    private Node getNode(Caller c, View v, String path, int perm) throws XsException {
        if (path == null || !isValidPath(path)) throw new XsException(XsError.EINVAL);
        Node n = v.get(path);
        if (n != null && (permFor(c, n.perms()) & perm) == perm) return n;
        XsError err = n == null ? XsError.ENOENT : XsError.EACCES;
        String p = path;
        Node ancestor = null;
        while (!p.equals("/") && ancestor == null) {
            p = parentOf(p);
            ancestor = v.get(p);
        }
        if (ancestor != null && (permFor(c, ancestor.perms()) & perm) != 0) throw new XsException(err);
        throw new XsException(XsError.EACCES);
    }

    private static String arg(String s) throws XsException {
        if (s == null) throw new XsException(XsError.EINVAL);
        return s;
    }

    // ---- operations --------------------------------------------------------------------------------------

    public byte[] read(Caller c, Transaction tx, String path) throws XsException {
        return getNode(c, view(tx), canonicalize(c, arg(path)), Perm.READ).value();
    }

    public List<String> directory(Caller c, Transaction tx, String path) throws XsException {
        return getNode(c, view(tx), canonicalize(c, arg(path)), Perm.READ).children();
    }

    /** The generation and the children from byte offset {@code off} of the child list, as DIRECTORY_PART. */
    public byte[] directoryPart(Caller c, Transaction tx, String path, int off) throws XsException {
        Node n = getNode(c, view(tx), canonicalize(c, arg(path)), Perm.READ);
        byte[] all = XsMessage.strings(n.children().toArray(String[]::new));
        byte[] gen = XsMessage.strings(Long.toUnsignedString(n.generation()));
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(gen);
        if (off < 0 || off >= all.length) {
            out.write(0);
            return out.toByteArray();
        }
        int maxLen = XsWire.PAYLOAD_MAX - gen.length - 1;
        int len = 0;
        int pos = off;
        while (true) {
            int end = pos;
            while (all[end] != 0) end++;
            if (len + (end - pos) >= maxLen) break;
            len += end - pos + 1;
            pos = end + 1;
            if (off + len == all.length) break;
        }
        out.write(all, off, len);
        if (off + len == all.length) out.write(0);
        return out.toByteArray();
    }

    public List<Perm> getPerms(Caller c, Transaction tx, String path) throws XsException {
        return getNode(c, view(tx), canonicalize(c, arg(path)), Perm.READ).perms();
    }

    public List<Event> write(Caller c, Transaction tx, String path, byte[] value) throws XsException {
        String name = canonicalize(c, arg(path));
        View v = view(tx);
        Node n;
        try {
            n = getNode(c, v, name, Perm.WRITE);
        } catch (XsException e) {
            if (e.error() != XsError.ENOENT) throw e;
            n = null;
        }
        if (n == null) {
            create(c, v, name, value);
        } else {
            Node updated = n.withValue(value.clone());
            checkSize(c, updated);
            v.put(name, updated);
        }
        return emit(tx, List.of(new Event(name, false, v.get(name).perms())));
    }

    public List<Event> mkdir(Caller c, Transaction tx, String path) throws XsException {
        String name = canonicalize(c, arg(path));
        View v = view(tx);
        try {
            getNode(c, v, name, Perm.WRITE);
            return List.of();
        } catch (XsException e) {
            if (e.error() != XsError.ENOENT) throw e;
        }
        create(c, v, name, new byte[0]);
        return emit(tx, List.of(new Event(name, false, v.get(name).perms())));
    }

    private void checkSize(Caller c, Node n) throws XsException {
        if (!c.privileged() && n.storedSize() >= quotas.maxEntrySize()) throw new XsException(XsError.ENOSPC);
    }

    /** Creates the node and every missing ancestor; each inherits its parent's permissions. */
    private void create(Caller c, View v, String name, byte[] value) throws XsException {
        List<String> missing = new ArrayList<>();
        String p = name;
        Node parent;
        while ((parent = v.get(p)) == null) {
            missing.add(p);
            p = parentOf(p);
        }
        String parentName = p;
        if (!c.privileged()) {
            int owner = c.domid();
            if (v.entries(owner) + missing.size() > quotas.entriesPerDomain()) throw new XsException(XsError.ENOSPC);
        }
        for (int i = missing.size() - 1; i >= 0; i--) {
            String child = missing.get(i);
            List<String> kids = new ArrayList<>(parent.children());
            kids.add(baseName(child));
            Node newParent = parent.withChildren(kids);
            checkSize(c, newParent);
            v.put(parentName, newParent);
            List<Perm> perms = new ArrayList<>(parent.perms());
            // Unprivileged domains own what they create.
            if (!c.privileged()) perms.set(0, new Perm(c.domid(), perms.get(0).kind()));
            Node node = new Node(i == 0 ? value.clone() : new byte[0], perms, List.of(), 0);
            checkSize(c, node);
            v.put(child, node);
            v.countEntry(node.owner(), 1);
            parent = v.get(child);
            parentName = child;
        }
    }

    public List<Event> rm(Caller c, Transaction tx, String path) throws XsException {
        String name = canonicalize(c, arg(path));
        View v = view(tx);
        try {
            getNode(c, v, name, Perm.WRITE);
        } catch (XsException e) {
            // Removing what is already gone is fine while its parent exists.
            if (e.error() == XsError.ENOENT && v.get(parentOf(name)) != null) return List.of();
            throw e;
        }
        if (name.equals("/")) throw new XsException(XsError.EINVAL);
        List<Event> events = new ArrayList<>();
        removeTree(v, name, name, events);
        Node parent = v.get(parentOf(name));
        List<String> kids = new ArrayList<>(parent.children());
        kids.remove(baseName(name));
        v.put(parentOf(name), parent.withChildren(kids));
        return emit(tx, events);
    }

    /** Children first, as the daemon walks the tree; only the root of the removal matches parent watches. */
    private void removeTree(View v, String root, String path, List<Event> events) {
        Node n = v.get(path);
        if (n == null) return;
        for (String child : n.children()) removeTree(v, root, path.equals("/") ? "/" + child : path + "/" + child, events);
        v.delete(path);
        v.countEntry(n.owner(), -1);
        events.add(new Event(path, !path.equals(root), n.perms()));
    }

    public List<Event> setPerms(Caller c, Transaction tx, String path, List<Perm> perms) throws XsException {
        if (!c.privileged() && perms.size() > quotas.permsPerNode()) throw new XsException(XsError.ENOSPC);
        String name = canonicalize(c, arg(path));
        View v = view(tx);
        Node n = getNode(c, v, name, Perm.WRITE | Perm.OWNER);
        if (!c.privileged() && perms.get(0).domid() != n.owner()) throw new XsException(XsError.EPERM);
        v.countEntry(n.owner(), -1);
        v.countEntry(perms.get(0).domid(), 1);
        v.put(name, n.withPerms(perms));
        return emit(tx, List.of(new Event(name, false, n.perms())));
    }

    /** Whether a watcher may see an event: it must be able to read the node (before or after the change). */
    public static boolean mayWatch(Caller watcher, Event e) {
        return (permFor(watcher, e.perms()) & Perm.READ) != 0;
    }

    public static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
