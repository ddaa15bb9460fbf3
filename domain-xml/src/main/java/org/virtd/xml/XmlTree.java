package org.virtd.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tiny element tree built while JAXB marshals, then written the way libvirt's formatter writes XML: two-space
 * indentation, single-quoted attributes, empty elements self-closed, text-only elements on one line, and a final
 * newline. Attributes keep the order JAXB emitted them in (the model's declaration order), which a DOM would not.
 */
final class XmlTree {
    /** Containers libvirt always writes as an open and a close tag, even when empty. */
    private static final Set<String> ALWAYS_OPEN = Set.of("devices");

    static final class Node {
        final String name;
        /** Namespace and local name, as {@link OrderRecorder#key} writes them. */
        String key;
        /** Child element keys in the order of the document this node was read from, or null for libvirt's order. */
        List<String> order;
        final List<String[]> attributes = new ArrayList<>();
        final List<Object> children = new ArrayList<>();

        Node(String name) {
            this.name = name;
        }
    }

    private XmlTree() {
    }

    static String write(Node root) {
        StringBuilder sb = new StringBuilder(1024);
        write(sb, root, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Node n, int indent) {
        if (n.order != null) {
            restoreOrder(n);
        }
        sb.repeat(' ', indent).append('<').append(n.name);
        for (String[] a : n.attributes) {
            sb.append(' ').append(a[0]).append("='");
            escape(sb, a[1]);
            sb.append('\'');
        }
        boolean hasElements = false;
        StringBuilder text = new StringBuilder();
        for (Object c : n.children) {
            if (c instanceof Node) {
                hasElements = true;
            } else {
                text.append((String) c);
            }
        }
        if (!hasElements) {
            if (text.isEmpty()) {
                if (ALWAYS_OPEN.contains(n.name)) {
                    sb.append(">\n").repeat(' ', indent).append("</").append(n.name).append(">\n");
                } else {
                    sb.append("/>\n");
                }
            } else {
                sb.append('>');
                escape(sb, text.toString());
                sb.append("</").append(n.name).append(">\n");
            }
            return;
        }
        sb.append(">\n");
        for (Object c : n.children) {
            if (c instanceof Node child) {
                write(sb, child, indent + 2);
            } else if (!((String) c).isBlank()) {
                // Mixed content is rare in domain XML (descriptions use text-only elements); keep it, trimmed.
                sb.repeat(' ', indent + 2);
                escape(sb, ((String) c).strip());
                sb.append('\n');
            }
        }
        sb.repeat(' ', indent).append("</").append(n.name).append(">\n");
    }

    /**
     * Puts the element children back in the remembered document order. Children the document did not have (added
     * in code) follow the last child of the same name, or come last; text stays where it was.
     */
    private static void restoreOrder(Node n) {
        List<Node> elements = new ArrayList<>();
        for (Object c : n.children) {
            if (c instanceof Node child) {
                elements.add(child);
            }
        }
        List<Node> sorted = new ArrayList<>(elements.size());
        boolean[] used = new boolean[elements.size()];
        for (String key : n.order) {
            for (int i = 0; i < elements.size(); i++) {
                if (!used[i] && key.equals(elements.get(i).key)) {
                    used[i] = true;
                    sorted.add(elements.get(i));
                    break;
                }
            }
        }
        for (int i = 0; i < elements.size(); i++) {
            if (used[i]) {
                continue;
            }
            Node extra = elements.get(i);
            int at = sorted.size();
            for (int j = sorted.size() - 1; j >= 0; j--) {
                if (extra.key != null && extra.key.equals(sorted.get(j).key)) {
                    at = j + 1;
                    break;
                }
            }
            sorted.add(at, extra);
        }
        int next = 0;
        for (int i = 0; i < n.children.size(); i++) {
            if (n.children.get(i) instanceof Node) {
                n.children.set(i, sorted.get(next++));
            }
        }
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&apos;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
    }
}
