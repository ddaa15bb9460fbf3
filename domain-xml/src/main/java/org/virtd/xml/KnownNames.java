package org.virtd.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** The element and attribute names libvirt 9.0's domain grammar defines (resource libvirt-domain-names.txt). */
final class KnownNames {
    private static final Set<String> ELEMENTS = new HashSet<>();
    private static final Set<String> ATTRIBUTES = new HashSet<>();

    static {
        try (InputStream in = KnownNames.class.getResourceAsStream("libvirt-domain-names.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("E ")) {
                    ELEMENTS.add(line.substring(2).strip());
                } else if (line.startsWith("A ")) {
                    ATTRIBUTES.add(line.substring(2).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KnownNames() {
    }

    static boolean element(Element e) {
        String ns = e.getNamespaceURI();
        return (ns == null || ns.isEmpty()) && ELEMENTS.contains(e.getLocalName());
    }

    static boolean attribute(QName q) {
        return q.getNamespaceURI().isEmpty() && ATTRIBUTES.contains(q.getLocalPart());
    }

    /** Removes unknown attributes and child elements below a kept element. */
    static void prune(Element e) {
        NamedNodeMap attrs = e.getAttributes();
        List<Attr> drop = new ArrayList<>();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String ns = a.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(ns)) {
                continue;
            }
            if ((ns != null && !ns.isEmpty()) || !ATTRIBUTES.contains(a.getLocalName() == null ? a.getName()
                    : a.getLocalName())) {
                drop.add(a);
            }
        }
        for (Attr a : drop) {
            e.removeAttributeNode(a);
        }
        for (Node c = e.getFirstChild(); c != null;) {
            Node next = c.getNextSibling();
            if (c instanceof Element ce) {
                if (element(ce)) {
                    prune(ce);
                } else {
                    e.removeChild(ce);
                }
            }
            c = next;
        }
    }
}
