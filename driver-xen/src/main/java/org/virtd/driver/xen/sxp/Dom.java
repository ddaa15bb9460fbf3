package org.virtd.driver.xen.sxp;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Lookups in the DOM elements the domain model keeps for children it has no typed field for. */
final class Dom {
    private Dom() {
    }

    static Element child(List<Element> elements, String name) {
        for (Element e : elements) {
            if (name.equals(e.getLocalName()) || name.equals(e.getNodeName())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(List<Element> elements, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : elements) {
            if (name.equals(e.getLocalName()) || name.equals(e.getNodeName())) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name.equals(e.getLocalName()) || name.equals(e.getNodeName()))) {
                return e;
            }
        }
        return null;
    }
}
