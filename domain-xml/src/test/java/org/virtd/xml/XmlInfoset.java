package org.virtd.xml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Compares two documents as XML infosets: element names (prefix, namespace, local name) and order, attributes as a
 * set (namespace declarations excluded: what matters is that every name resolves to the same namespace), and the
 * text of each element. Comments and processing instructions are not compared (libvirt drops them); text that is
 * only whitespace is ignored (libvirt's parser drops it: no domain element has meaningful blank text), any
 * other text is compared exactly.
 */
final class XmlInfoset {
    private XmlInfoset() {
    }

    /** Null when equal, else a description of the first difference with its element path. */
    static String difference(String expected, String actual) {
        try {
            Element a = parse(expected);
            Element b = parse(actual);
            return compare("/" + a.getTagName(), a, b);
        } catch (Exception e) {
            return "cannot parse: " + e;
        }
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(true);
        f.setCoalescing(true);
        f.setIgnoringComments(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }

    private static String compare(String path, Element a, Element b) {
        if (!a.getTagName().equals(b.getTagName()) || !eq(a.getNamespaceURI(), b.getNamespaceURI())) {
            return path + ": element " + a.getTagName() + " {" + a.getNamespaceURI() + "} became " + b.getTagName()
                    + " {" + b.getNamespaceURI() + "}";
        }
        Map<String, String> aa = attributes(a);
        Map<String, String> ba = attributes(b);
        if (!aa.equals(ba)) {
            return path + ": attributes " + aa + " became " + ba;
        }
        List<Object> ac = children(a);
        List<Object> bc = children(b);
        for (int i = 0; i < Math.max(ac.size(), bc.size()); i++) {
            Object x = i < ac.size() ? ac.get(i) : null;
            Object y = i < bc.size() ? bc.get(i) : null;
            if (x instanceof Element xe && y instanceof Element ye) {
                String d = compare(path + "/" + xe.getTagName() + "[" + i + "]", xe, ye);
                if (d != null) {
                    return d;
                }
            } else if (!(x instanceof String xs && y instanceof String ys && xs.equals(ys))) {
                return path + ": child " + i + " " + show(x) + " became " + show(y);
            }
        }
        return null;
    }

    private static String show(Object o) {
        return o instanceof Element e ? "<" + e.getTagName() + ">" : o == null ? "(nothing)" : "text '" + o + "'";
    }

    private static boolean eq(String x, String y) {
        return x == null ? y == null || y.isEmpty() : x.equals(y) || (x.isEmpty() && y == null);
    }

    private static Map<String, String> attributes(Element e) {
        Map<String, String> m = new TreeMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                continue;
            }
            String ns = a.getNamespaceURI() == null ? "" : "{" + a.getNamespaceURI() + "}";
            m.put(ns + a.getLocalName(), a.getValue());
        }
        return m;
    }

    /** Elements and non-blank text runs (adjacent text merged), in document order. */
    private static List<Object> children(Element e) {
        List<Object> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            } else if (n.getNodeType() == Node.ELEMENT_NODE) {
                flush(out, text);
                out.add(n);
            }
        }
        flush(out, text);
        return out;
    }

    private static void flush(List<Object> out, StringBuilder text) {
        if (!text.toString().isBlank()) {
            out.add(text.toString());
        }
        text.setLength(0);
    }
}
