package org.virtd.driver.kvm.command;

import java.util.ArrayList;
import java.util.List;
import org.virtd.xml.domain.Address;
import org.virtd.xml.domain.Controller;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small reads over the domain model's untyped parts (Generic children, DOM catch-alls) used by both halves. */
final class Dom {
    private Dom() {
    }

    static String attr(Generic g, String name) {
        return g == null ? null : g.attribute(name);
    }

    /** The first child element {@code name} of a Generic's content, or null. */
    static Element child(Generic g, String name) {
        if (g == null) {
            return null;
        }
        for (Object o : g.content) {
            if (o instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    /** The first element {@code name} of a catch-all list, or null. */
    static Element first(List<Element> list, String name) {
        for (Element e : list) {
            if (name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    static String attr(Element e, String name) {
        if (e == null || !e.hasAttribute(name)) {
            return null;
        }
        return e.getAttribute(name);
    }

    /** libvirt's number parsing for address fields: decimal or 0x-prefixed hex. */
    static int num(String s, int dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        s = s.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return Integer.parseInt(s.substring(2), 16);
        }
        return Integer.parseInt(s);
    }

    static boolean isPci(Address a) {
        return a != null && "pci".equals(a.type);
    }

    static Controller controller(Domain d, String type, int index) {
        for (Controller c : d.devices.controller) {
            if (type.equals(c.type) && num(c.index, 0) == index) {
                return c;
            }
        }
        return null;
    }

    static boolean isQ35(Domain d) {
        String m = d.os.type.machine;
        return m != null && (m.equals("q35") || m.startsWith("pc-q35"));
    }

    static boolean isI440fx(Domain d) {
        String m = d.os.type.machine;
        return m != null && (m.equals("pc") || m.startsWith("pc-i440fx") || m.startsWith("pc-0")
                || m.startsWith("pc-1"));
    }

    static boolean isX86(Domain d) {
        String a = d.os.type.arch;
        return a == null || a.equals("x86_64") || a.equals("i686");
    }

    static String alias(Generic alias) {
        return alias == null ? null : alias.attribute("name");
    }

    static Generic aliasOf(String name) {
        return new Generic().attribute("name", name);
    }
}
