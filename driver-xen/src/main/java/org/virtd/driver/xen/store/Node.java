package org.virtd.driver.xen.store;

import java.util.List;

/**
 * An immutable snapshot of one node. Changes replace the whole record, so a transaction can hold the version it
 * saw while others commit, and the generation says whether the node changed since.
 */
public record Node(byte[] value, List<Perm> perms, List<String> children, long generation) {
    public Node {
        perms = List.copyOf(perms);
        children = List.copyOf(children);
    }

    Node withValue(byte[] v) { return new Node(v, perms, children, generation); }

    Node withPerms(List<Perm> p) { return new Node(value, p, children, generation); }

    Node withChildren(List<String> c) { return new Node(value, perms, c, generation); }

    int owner() { return perms.get(0).domid(); }

    /** Roughly what the daemon stores for the node, for the per-entry size quota. */
    int storedSize() {
        int size = 16 + perms.size() * 5 + value.length;
        for (String c : children) size += c.length() + 1;
        return size;
    }
}
