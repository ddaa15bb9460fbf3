package org.virtd.virsh.xml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * An XML document a command reads with XPath, as virsh reads domain and capabilities XML with libxml2's
 * {@code virXPath*} helpers: a query is evaluated against the current context node, and a string result that is
 * empty counts as absent (null), as {@code virXPathString} returns NULL for it.
 */
public final class XmlDoc {
    private final XPath xpath = XPathFactory.newInstance().newXPath();
    private Node context;

    private XmlDoc(Node root) {
        this.context = root;
    }

    /** Parses {@code xml}; null when it is not well-formed (virsh then reports its own message). */
    public static XmlDoc parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new InputSource(new StringReader(xml)));
            return new XmlDoc(doc.getDocumentElement());
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * {@code virshDomainGetXMLFromDom}: the domain's XML description (with {@code flags}), failing the command
     * with virsh's messages when it cannot be fetched or parsed.
     */
    public static XmlDoc ofDomain(Virsh ctl, Domain dom, int flags) {
        String desc;
        try {
            desc = dom.getXmlDesc(flags);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to get domain description xml");
        }
        XmlDoc doc = parse(desc);
        if (doc == null) {
            throw ctl.fail("Failed to parse domain description xml");
        }
        return doc;
    }

    /** Makes {@code node} the context of the following queries ({@code ctxt->node = ...}). */
    public XmlDoc at(Node node) {
        this.context = node;
        return this;
    }

    /** The string value of {@code expr}, or null when it is empty. */
    public String string(String expr) {
        try {
            String s = (String) xpath.evaluate(expr, context, XPathConstants.STRING);
            return s == null || s.isEmpty() ? null : s;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath " + expr, e);
        }
    }

    /** The nodes {@code expr} selects, in document order. */
    public List<Node> nodes(String expr) {
        try {
            NodeList list = (NodeList) xpath.evaluate(expr, context, XPathConstants.NODESET);
            List<Node> out = new ArrayList<>(list.getLength());
            for (int i = 0; i < list.getLength(); i++) {
                out.add(list.item(i));
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath " + expr, e);
        }
    }
}
