package org.virtd.driver.xen.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations a journal record is made of, and the state they rebuild. Node content and tree structure are
 * separate operations so that creating the k-th child of a large directory logs the new name, not the whole
 * child list: {@code NODE} sets a node's value and permissions, {@code LINK}/{@code UNLINK} add or remove one
 * child name, {@code CHILDREN} replaces a list (snapshots, and the rare reorderings a transaction can make),
 * {@code DELETE} drops a node. Within one record the order of operations on different nodes does not matter,
 * which lets a transaction's overlay be committed in any order.
 */
final class JournalOps {
    private JournalOps() {}

    static final byte NODE = 1, LINK = 2, UNLINK = 3, CHILDREN = 4, DELETE = 5, DOMAIN_ADD = 6, DOMAIN_REMOVE = 7;

    /** Builds the payload of one record. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private int ops;

        boolean isEmpty() { return ops == 0; }

        byte[] take() {
            byte[] b = bytes.toByteArray();
            bytes.reset();
            ops = 0;
            return b;
        }

        /** The operations that turn {@code before} into {@code after} at {@code path} (either may be null). */
        void change(String path, Node before, Node after) {
            if (after == null) {
                if (before != null) op(DELETE, path);
                return;
            }
            if (before == null || !java.util.Arrays.equals(before.value(), after.value())
                    || !before.perms().equals(after.perms())) {
                node(path, after);
            }
            List<String> was = before == null ? List.of() : before.children();
            List<String> now = after.children();
            if (was.equals(now)) return;
            int w = was.size(), n = now.size();
            if (n == w + 1 && now.subList(0, w).equals(was)) {
                op(LINK, path, now.get(w));
            } else if (n == w - 1 && removedOne(was, now) >= 0) {
                op(UNLINK, path, was.get(removedOne(was, now)));
            } else {
                children(path, now);
            }
        }

        /** The index of the one name {@code was} lost to become {@code now}, or -1 if it is not that. */
        private static int removedOne(List<String> was, List<String> now) {
            int i = 0;
            while (i < now.size() && was.get(i).equals(now.get(i))) i++;
            return was.subList(i + 1, was.size()).equals(now.subList(i, now.size())) ? i : -1;
        }

        void node(String path, Node n) {
            try {
                out.writeByte(NODE);
                str(path);
                out.writeInt(n.value().length);
                out.write(n.value());
                out.writeShort(n.perms().size());
                for (Perm p : n.perms()) {
                    out.writeInt(p.domid());
                    out.writeByte(p.kind());
                }
                ops++;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void children(String path, List<String> names) {
            try {
                out.writeByte(CHILDREN);
                str(path);
                out.writeInt(names.size());
                for (String c : names) str(c);
                ops++;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void domain(int domid, boolean added) {
            try {
                out.writeByte(added ? DOMAIN_ADD : DOMAIN_REMOVE);
                out.writeInt(domid);
                ops++;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void op(byte code, String... strings) {
            try {
                out.writeByte(code);
                for (String s : strings) str(s);
                ops++;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void str(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** The database as recovery rebuilds it, mutable while records are replayed. */
    static final class State {
        private static final class Mutable {
            byte[] value = new byte[0];
            List<Perm> perms = List.of(new Perm(0, 'n'));
            List<String> children = new ArrayList<>();
        }

        private final Map<String, Mutable> nodes = new HashMap<>();
        final Set<Integer> domains = new LinkedHashSet<>(List.of(0));

        /** Applies one record's payload; throws on a payload that does not parse. */
        void apply(byte[] payload) throws IOException {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
            while (in.available() > 0) {
                byte code = in.readByte();
                switch (code) {
                    case NODE -> {
                        Mutable m = nodes.computeIfAbsent(str(in), p -> new Mutable());
                        m.value = in.readNBytes(length(in, XsWire.PAYLOAD_MAX));
                        int count = in.readUnsignedShort();
                        List<Perm> perms = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) perms.add(new Perm(in.readInt(), (char) in.readUnsignedByte()));
                        m.perms = List.copyOf(perms);
                    }
                    case LINK -> node(str(in)).children.add(str(in));
                    case UNLINK -> node(str(in)).children.remove(str(in));
                    case CHILDREN -> {
                        Mutable m = node(str(in));
                        int count = length(in, Integer.MAX_VALUE);
                        m.children = new ArrayList<>(Math.min(count, 1 << 16));
                        for (int i = 0; i < count; i++) m.children.add(str(in));
                    }
                    case DELETE -> nodes.remove(str(in));
                    case DOMAIN_ADD -> domains.add(in.readInt());
                    case DOMAIN_REMOVE -> domains.remove(in.readInt());
                    default -> throw new IOException("unknown journal operation " + code);
                }
            }
        }

        private Mutable node(String path) { return nodes.computeIfAbsent(path, p -> new Mutable()); }

        private static int length(DataInputStream in, int max) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > max) throw new IOException("bad length " + n);
            return n;
        }

        private static String str(DataInputStream in) throws IOException {
            return new String(in.readNBytes(length(in, 1 << 20)), StandardCharsets.UTF_8);
        }

        boolean isEmpty() { return nodes.isEmpty(); }

        /**
         * The tree reachable from the root, as immutable nodes with fresh generations. Child names whose node is
         * missing are dropped, and nodes no parent lists are not reachable; both are counted in {@code repairs}.
         */
        Map<String, Node> tree(int[] repairs) {
            Map<String, Node> out = new HashMap<>();
            if (!nodes.containsKey("/")) return out;
            long gen = 0;
            List<String> todo = new ArrayList<>(List.of("/"));
            while (!todo.isEmpty()) {
                String path = todo.remove(todo.size() - 1);
                Mutable m = nodes.get(path);
                List<String> kids = new ArrayList<>(m.children.size());
                for (String c : new LinkedHashSet<>(m.children)) {
                    String child = path.equals("/") ? "/" + c : path + "/" + c;
                    if (nodes.containsKey(child)) {
                        kids.add(c);
                        todo.add(child);
                    } else {
                        repairs[0]++;
                    }
                }
                out.put(path, new Node(m.value, m.perms, kids, ++gen));
            }
            repairs[0] += nodes.size() - out.size();
            return out;
        }
    }
}
