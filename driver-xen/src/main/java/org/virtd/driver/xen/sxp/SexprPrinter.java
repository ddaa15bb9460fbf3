package org.virtd.driver.xen.sxp;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes an {@link Sexpr} on one line the way libvirt writes xend documents: lists without spaces between
 * sublists, atoms bare when they are made only of safe characters, otherwise single-quoted with ' and \
 * escaped by a backslash. What it writes reads back to an equal value.
 */
final class SexprPrinter {
    private SexprPrinter() {
    }

    static String print(Sexpr e) {
        StringBuilder sb = new StringBuilder();
        write(sb, e);
        return sb.toString();
    }

    /** Iterative so that any value {@link SexprReader} accepted prints whatever its depth. */
    private static void write(StringBuilder sb, Sexpr root) {
        Deque<Object> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Object o = work.pop();
            if (o instanceof String s) {
                sb.append(s);
            } else if (o instanceof Sexpr.Atom a) {
                sb.append(quoteIfNeeded(a.value()));
            } else if (o instanceof Sexpr.SList l) {
                sb.append('(');
                work.push(")");
                for (int i = l.items().size() - 1; i >= 0; i--) {
                    work.push(l.items().get(i));
                    if (i > 0 && (l.items().get(i) instanceof Sexpr.Atom || l.items().get(i - 1) instanceof Sexpr.Atom)) {
                        work.push(" ");
                    }
                }
            }
        }
    }

    static String quoteIfNeeded(String v) {
        if (!v.isEmpty() && v.chars().allMatch(SexprPrinter::bareChar)) {
            return v;
        }
        return quote(v);
    }

    /** {@code 'v'} with ' and \ escaped, as libvirt's sexpr escaping does. */
    static String quote(String v) {
        return "'" + escape(v) + "'";
    }

    static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 2);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean bareChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == '/' || c == ':' || c == ',' || c == '@' || c == '+';
    }
}
