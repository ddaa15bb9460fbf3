package org.virtd.driver.xen.sxp;

import java.util.ArrayList;
import java.util.List;

/**
 * An xend S-expression: an atom or a list. Reading follows what xend and libvirt's reader accept: lists in
 * parentheses, bare atoms ending at whitespace or a parenthesis, atoms quoted with ' or " in which a backslash
 * takes the next character literally. A backslash-newline pair anywhere is a line continuation and vanishes
 * (libvirt's test data is wrapped that way). Nesting is bounded by {@link #MAX_DEPTH} and input size by
 * {@link #MAX_CHARS}, so hostile text ends in an {@link SxprException}, never in a stack overflow.
 */
public sealed interface Sexpr permits Sexpr.Atom, Sexpr.SList {
    /** Deepest list nesting accepted; xend's own documents use fewer than ten levels. */
    int MAX_DEPTH = 256;
    /** Largest input accepted, in chars; a domain definition is a few kilobytes. */
    int MAX_CHARS = 4 * 1024 * 1024;

    /** A string value; xend does not distinguish numbers from strings. */
    record Atom(String value) implements Sexpr {
        @Override
        public String toString() {
            return SexprPrinter.print(this);
        }
    }

    /** A list; in xend's documents the first item is usually the atom naming the node. */
    record SList(List<Sexpr> items) implements Sexpr {
        public SList {
            items = List.copyOf(items);
        }

        /** The name of this node: its first item when that is an atom, else null. */
        public String head() {
            return !items.isEmpty() && items.get(0) instanceof Atom a ? a.value() : null;
        }

        /** The first child list named {@code name}, or null. */
        public SList child(String name) {
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i) instanceof SList l && name.equals(l.head())) {
                    return l;
                }
            }
            return null;
        }

        /** All child lists named {@code name}, in order. */
        public List<SList> children(String name) {
            List<SList> out = new ArrayList<>();
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i) instanceof SList l && name.equals(l.head())) {
                    out.add(l);
                }
            }
            return out;
        }

        /** The node reached by following slash-separated child names, or null. */
        public SList lookup(String path) {
            SList cur = this;
            for (String part : path.split("/")) {
                cur = cur.child(part);
                if (cur == null) {
                    return null;
                }
            }
            return cur;
        }

        /**
         * The value of the node at {@code path}: its second item when that is an atom (xend's
         * {@code (name value)}), null when the node is absent, has no value or holds a list.
         */
        public String value(String path) {
            SList n = lookup(path);
            if (n == null || n.items.size() < 2) {
                return null;
            }
            return n.items.get(1) instanceof Atom a ? a.value() : null;
        }

        @Override
        public String toString() {
            return SexprPrinter.print(this);
        }
    }

    /** Reads exactly one expression from {@code text} (surrounding whitespace allowed). */
    static Sexpr parse(String text) throws SxprException {
        return new SexprReader(text, false).readDocument();
    }

    /**
     * Reads the first expression of {@code text} with the tolerance of libvirt's xend reader: lists still open
     * at the end of the input are closed, and whatever follows the first expression is ignored. Some xend
     * output (and libvirt's test data) depends on it. Size and depth limits and unterminated strings still fail.
     */
    static Sexpr parseLenient(String text) throws SxprException {
        return new SexprReader(text, true).readDocument();
    }

    /** Shorthand for an atom. */
    static Atom atom(String value) {
        return new Atom(value);
    }

    /** Shorthand for a list. */
    static SList list(Sexpr... items) {
        return new SList(List.of(items));
    }
}
