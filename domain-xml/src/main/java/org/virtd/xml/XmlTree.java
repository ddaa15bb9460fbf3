package org.virtd.xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny element tree built while JAXB marshals, then written the way libvirt's formatter writes XML: two-space
 * indentation, single-quoted attributes, empty elements self-closed, text-only elements on one line, and a final
 * newline. Attributes keep the order JAXB emitted them in (the model's declaration order), which a DOM would not.
 */
final class XmlTree {
    /** Containers libvirt always writes as an open and a close tag, even when empty. */
    // libvirt writes these open and closed even when empty (hyperv, kvm and xen occur only under <features>).
    private static final Set<String> ALWAYS_OPEN = Set.of("devices", "hyperv", "kvm", "xen");

    private static final List<String> CHARDEV_ORDER = List.of("source", "protocol", "log", "target", "boot", "alias",
            "address");

    /**
     * libvirt's child order inside the devices whose model keeps some children as unknown elements (formatted
     * last by JAXB): where libvirt's formatter writes each one. Names not listed keep their place after the listed
     * ones. Applied only to documents in libvirt's order (not to {@code bind}'s lossless round trip).
     */
    private static final Map<String, List<String>> DEVICE_CHILD_ORDER = Map.of(
            "disk", List.of("driver", "auth", "source", "backingStore", "backenddomain", "geometry", "blockio",
                    "mirror", "target", "iotune", "readonly", "shareable", "transient", "serial", "wwn", "vendor",
                    "product", "encryption", "boot", "alias", "address"),
            "interface", List.of("mac", "source", "vlan", "virtualport", "bandwidth", "port", "ip", "route",
                    "portForward", "script", "downscript", "backenddomain", "target", "guest", "model", "driver",
                    "backend", "filterref", "tune", "teaming", "link", "mtu", "coalesce", "boot", "alias", "master",
                    "rom", "acpi", "address"),
            "controller", List.of("model", "target", "driver", "boot", "alias", "master", "rom", "acpi", "address",
                    "pcihole64"),
            "serial", CHARDEV_ORDER, "parallel", CHARDEV_ORDER, "console", CHARDEV_ORDER, "channel", CHARDEV_ORDER);

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
        write(sb, root, 0, null, false);
        return sb.toString();
    }

    /**
     * @param parent the parent element's name, or null for the root
     * @param libxml whether the element is written as libxml2 writes a node tree: libvirt hands {@code <metadata>}
     *        to libxml2's serialiser as a whole, which quotes attributes with double quotes
     */
    private static void write(StringBuilder sb, Node n, int indent, String parent, boolean libxml) {
        if (n.order != null) {
            restoreOrder(n);
        } else if ("devices".equals(parent) && DEVICE_CHILD_ORDER.containsKey(n.name)) {
            canonicalOrder(n, DEVICE_CHILD_ORDER.get(n.name));
        }
        if (indent == 2 && "metadata".equals(n.name)) {
            libxml = true;
        }
        sb.repeat(' ', indent).append('<').append(n.name);
        for (String[] a : n.attributes) {
            if (libxml) {
                sb.append(' ').append(a[0]).append("=\"");
                escapeLibxmlAttribute(sb, a[1]);
                sb.append('"');
            } else {
                sb.append(' ').append(a[0]).append("='");
                escape(sb, a[1]);
                sb.append('\'');
            }
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
                if (libxml) {
                    escapeLibxmlText(sb, text.toString());
                } else {
                    escape(sb, text.toString());
                }
                sb.append("</").append(n.name).append(">\n");
            }
            return;
        }
        sb.append(">\n");
        for (Object c : n.children) {
            if (c instanceof Node child) {
                write(sb, child, indent + 2, n.name, libxml);
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

    /** Sorts the element children by their rank in {@code order}; unlisted names go after, in their order. */
    private static void canonicalOrder(Node n, List<String> order) {
        List<Node> elements = new ArrayList<>();
        for (Object c : n.children) {
            if (c instanceof Node child) {
                elements.add(child);
            }
        }
        Comparator<Node> byRank = Comparator.comparingInt(e -> {
            int r = order.indexOf(e.name);
            return r < 0 ? order.size() : r;
        });
        elements.sort(byRank); // stable: repeated elements keep their order
        int next = 0;
        for (int i = 0; i < n.children.size(); i++) {
            if (n.children.get(i) instanceof Node) {
                n.children.set(i, elements.get(next++));
            }
        }
    }

    /** libxml2's attribute value escaping (xmlNodeDump): double quotes, and line breaks and tabs as references. */
    private static void escapeLibxmlAttribute(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
    }

    /** libxml2's text escaping: only markup characters and carriage returns; quotes stay as they are. */
    private static void escapeLibxmlText(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
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
