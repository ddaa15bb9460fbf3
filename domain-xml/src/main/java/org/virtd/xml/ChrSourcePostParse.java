package org.virtd.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.OrderedDomHandler;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * libvirt 9.0's reading, checking and writing of a character device's host side ({@code <source>} and
 * {@code <protocol>}), shared by serial/parallel/console/channel, smartcard passthrough, redirdev and the rng egd
 * backend: what each type keeps (udp's bind and connect halves, tcp's and unix's mode and reconnect), what it
 * requires, and the order libvirt writes it in. Sources of types libvirt does not read are left as they are.
 */
final class ChrSourcePostParse {
    private ChrSourcePostParse() {
    }

    /** One {@code <source>} as read: attributes by local name, child elements. */
    record Source(Map<String, String> attrs, List<Element> children) {
        String get(String name) {
            return attrs.get(name);
        }

        Element child(String name) {
            for (Element e : children) {
                if (name.equals(e.getLocalName() == null ? e.getNodeName() : e.getLocalName())) {
                    return e;
                }
            }
            return null;
        }

        List<Element> all(String name) {
            List<Element> out = new ArrayList<>();
            for (Element e : children) {
                if (name.equals(e.getLocalName() == null ? e.getNodeName() : e.getLocalName())) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    /** What libvirt writes for the device: its sources and whether a tcp protocol element follows, and which. */
    record Result(List<Source> sources, String protocol) {
    }

    static Source of(Generic g) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (Map.Entry<QName, String> e : g.attributes.entrySet()) {
            if (e.getKey().getNamespaceURI().isEmpty()) {
                attrs.put(e.getKey().getLocalPart(), e.getValue());
            }
        }
        List<Element> children = new ArrayList<>();
        for (Object o : g.content) {
            if (o instanceof Element e) {
                children.add(e);
            }
        }
        return new Source(attrs, children);
    }

    static Source of(Element el) {
        Map<String, String> attrs = new LinkedHashMap<>();
        NamedNodeMap m = el.getAttributes();
        for (int i = 0; i < m.getLength(); i++) {
            Node a = m.item(i);
            if (a.getNamespaceURI() == null) {
                attrs.put(a.getLocalName() == null ? a.getNodeName() : a.getLocalName(), a.getNodeValue());
            }
        }
        List<Element> children = new ArrayList<>();
        for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return new Source(attrs, children);
    }

    static Generic toGeneric(Source s) {
        Generic g = new Generic();
        s.attrs.forEach(g::attribute);
        g.content.addAll(s.children);
        return g;
    }

    static Element toElement(Source s, Document doc) {
        Element e = doc.createElementNS(null, "source");
        List<String> order = new ArrayList<>();
        s.attrs.forEach((k, v) -> {
            e.setAttribute(k, v);
            order.add(k);
        });
        e.setUserData(OrderedDomHandler.ATTRIBUTE_ORDER, order, null);
        for (Element c : s.children) {
            e.appendChild(c.getOwnerDocument() == doc ? c : doc.importNode(c, true));
        }
        return e;
    }

    /**
     * Reads, checks and rewrites a device's sources.
     *
     * @param type the device's character device type ({@code type} attribute)
     * @param protocol the protocol element's type attribute, or null
     * @param pathOptional whether a unix source may lack a path (virtio and xen channels: the driver makes one)
     * @param parseLive whether the definition is read as a running domain's (a pty's path is read only then)
     * @param formatInactive whether the output is an inactive definition (a pty's path is not written then)
     * @return null when {@code type} is not one libvirt reads (sources left as they are)
     */
    static Result apply(String type, List<Source> sources, String protocol, boolean pathOptional, boolean parseLive,
            boolean formatInactive) {
        if (type == null || !TYPES.contains(type)) {
            return null;
        }
        if (sources.size() > 1 && !"udp".equals(type)) {
            throw error(DomainXmlException.XML_ERROR, "only one source element is allowed for character device");
        }
        if (sources.size() > 2) {
            throw error(DomainXmlException.XML_ERROR, "only two source elements are allowed for character device");
        }
        Source src = sources.isEmpty() ? null : sources.get(0);
        List<Source> out = new ArrayList<>();
        String outProtocol = null;
        switch (type) {
            case "file", "dev", "pipe", "pty" -> {
                String path = src == null || ("pty".equals(type) && !parseLive) ? null : src.get("path");
                String append = null;
                if ("file".equals(type) && src != null) {
                    append = tristate(src.get("append"), "append", "source", "on", "off");
                }
                if (path == null && !"pty".equals(type)) {
                    throw internal("Missing source path attribute for char device");
                }
                if (!"pty".equals(type) || (path != null && !formatInactive)) {
                    Map<String, String> a = new LinkedHashMap<>();
                    put(a, "path", path);
                    put(a, "append", append);
                    out.add(new Source(a, src == null ? List.of() : src.all("seclabel")));
                }
            }
            case "unix" -> {
                String mode = src == null ? "connect" : mode(src.get("mode"));
                String path = src == null ? null : src.get("path");
                Element reconnect = src == null ? null : reconnect(src);
                if (path == null && !pathOptional) {
                    throw internal("Missing source path attribute for char device");
                }
                if ("bind".equals(mode) && reconnect != null && "yes".equals(reconnect.getAttribute("enabled"))) {
                    throw internal("chardev reconnect is possible only for connect mode");
                }
                if (path != null) {
                    Map<String, String> a = new LinkedHashMap<>();
                    a.put("mode", mode);
                    a.put("path", path);
                    List<Element> children = new ArrayList<>(src.all("seclabel"));
                    if (reconnect != null) {
                        children.add(reconnect);
                    }
                    out.add(new Source(a, children));
                }
            }
            case "udp" -> {
                String[] connect = null;
                String[] bind = null;
                for (Source s : sources) {
                    String mode = mode(s.get("mode"));
                    if (mode.equals("connect") && connect == null) {
                        connect = new String[] {s.get("host"), s.get("service")};
                    } else if (mode.equals("bind") && bind == null) {
                        bind = new String[] {s.get("host"), s.get("service")};
                    }
                }
                if (connect == null || connect[1] == null) {
                    throw internal("Missing source service attribute for char device");
                }
                for (String[] half : new String[][] {bind, connect}) {
                    if (half != null && (half[0] != null || half[1] != null)) {
                        Map<String, String> a = new LinkedHashMap<>();
                        a.put("mode", half == bind ? "bind" : "connect");
                        put(a, "host", half[0]);
                        put(a, "service", half[1]);
                        out.add(new Source(a, List.of()));
                    }
                }
            }
            case "tcp" -> {
                String mode = src == null ? "connect" : mode(src.get("mode"));
                String host = src == null ? null : src.get("host");
                String service = src == null ? null : src.get("service");
                String tls = src == null ? null : tristate(src.get("tls"), "tls", "source", "yes", "no");
                Element reconnect = src == null ? null : reconnect(src);
                outProtocol = protocol == null ? "raw" : protocol;
                if (!List.of("raw", "telnet", "telnets", "tls").contains(outProtocol)) {
                    throw error(DomainXmlException.CONFIG_UNSUPPORTED, "Unknown protocol '" + protocol + "'");
                }
                if (host == null) {
                    throw internal("Missing source host attribute for char device");
                }
                if (service == null) {
                    throw internal("Missing source service attribute for char device");
                }
                if ("bind".equals(mode) && reconnect != null && "yes".equals(reconnect.getAttribute("enabled"))) {
                    throw internal("chardev reconnect is possible only for connect mode");
                }
                Map<String, String> a = new LinkedHashMap<>();
                a.put("mode", mode);
                a.put("host", host);
                a.put("service", service);
                put(a, "tls", tls);
                out.add(new Source(a, reconnect == null ? List.of() : List.of(reconnect)));
            }
            case "spiceport", "dbus" -> {
                String channel = src == null ? null : src.get("channel");
                if (channel == null) {
                    throw error(DomainXmlException.CONFIG_UNSUPPORTED,
                            "Missing source channel attribute for char device");
                }
                if (!channel.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "_-.".indexOf(c) >= 0)) {
                    throw error(DomainXmlException.INVALID_ARG,
                            "Invalid character in source channel for char device");
                }
                out.add(new Source(new LinkedHashMap<>(Map.of("channel", channel)), List.of()));
            }
            case "nmdm" -> {
                String master = src == null ? null : src.get("master");
                String slave = src == null ? null : src.get("slave");
                if ((master == null) != (slave == null)) {
                    throw internal("Should define both master and slave path attributes for nmdm device");
                }
                if (master != null) {
                    Map<String, String> a = new LinkedHashMap<>();
                    a.put("master", master);
                    a.put("slave", slave);
                    out.add(new Source(a, List.of()));
                }
            }
            default -> {
                // null, vc, stdio, spicevmc: libvirt reads no source for these.
            }
        }
        return new Result(out, outProtocol);
    }

    private static final List<String> TYPES = List.of("null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp",
            "tcp", "unix", "spicevmc", "spiceport", "nmdm", "dbus");

    /** The {@code <reconnect>} child as libvirt keeps it (enabled, and the timeout when enabled), or null. */
    private static Element reconnect(Source src) {
        Element r = src.child("reconnect");
        if (r == null) {
            return null;
        }
        String enabled = tristate(r.hasAttribute("enabled") ? r.getAttribute("enabled") : null, "enabled",
                "reconnect", "yes", "no");
        if (enabled == null) {
            return null;
        }
        Element out = r.getOwnerDocument().createElementNS(null, "reconnect");
        out.setAttribute("enabled", enabled);
        List<String> order = new ArrayList<>(List.of("enabled"));
        if (enabled.equals("yes")) {
            if (!r.hasAttribute("timeout")) {
                throw error(DomainXmlException.XML_ERROR,
                        "Missing required attribute 'timeout' in element 'reconnect'");
            }
            String t = r.getAttribute("timeout");
            try {
                long v = Long.parseLong(t.strip());
                if (v < 0 || v > 0xFFFFFFFFL || t.strip().startsWith("+")) {
                    throw new NumberFormatException();
                }
                out.setAttribute("timeout", Long.toString(v));
                order.add("timeout");
            } catch (NumberFormatException e) {
                throw invalid("timeout", "reconnect", t);
            }
        }
        out.setUserData(OrderedDomHandler.ATTRIBUTE_ORDER, order, null);
        return out;
    }

    private static String mode(String mode) {
        if (mode == null) {
            return "connect";
        }
        if (!mode.equals("connect") && !mode.equals("bind")) {
            throw invalid("mode", "source", mode);
        }
        return mode;
    }

    /** A yes/no (or on/off) attribute: null when absent, refused when it is anything else. */
    private static String tristate(String v, String attribute, String element, String yes, String no) {
        if (v == null) {
            return null;
        }
        if (!v.equals(yes) && !v.equals(no)) {
            throw invalid(attribute, element, v);
        }
        return v;
    }

    private static void put(Map<String, String> a, String k, String v) {
        if (v != null) {
            a.put(k, v);
        }
    }

    private static DomainXmlException invalid(String attribute, String element, String value) {
        return error(DomainXmlException.XML_ERROR,
                "Invalid value for attribute '" + attribute + "' in element '" + element + "': '" + value + "'.");
    }

    private static DomainXmlException internal(String message) {
        return error(DomainXmlException.INTERNAL_ERROR, message);
    }

    private static DomainXmlException error(int code, String message) {
        return new DomainXmlException(code, DomainXmlException.FROM_DOMAIN, message);
    }
}
