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
