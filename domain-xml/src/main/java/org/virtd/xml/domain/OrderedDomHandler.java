package org.virtd.xml.domain;

import jakarta.xml.bind.ValidationEventHandler;
import jakarta.xml.bind.annotation.DomHandler;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.sax.SAXResult;
import javax.xml.transform.sax.SAXSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.DTDHandler;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Keeps unknown elements as W3C DOM elements, like JAXB's default handler, but remembers the order their
 * attributes had in the document and writes them back in that order. A DOM sorts attributes by name, which would
 * reorder what libvirt (and the user) wrote.
 */
public final class OrderedDomHandler implements DomHandler<Element, SAXResult> {
    /** User-data key on each element: its attribute names (qualified) in document order. */
    public static final String ATTRIBUTE_ORDER = "virtd.attributeOrder";

    private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance();

    static {
        FACTORY.setNamespaceAware(true);
    }

    private static Document newDocument() {
        try {
            return FACTORY.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SAXResult createUnmarshaller(ValidationEventHandler errorHandler) {
        return new SAXResult(new Builder());
    }

    @Override
    public Element getElement(SAXResult rt) {
        return ((Builder) rt.getHandler()).root;
    }

    @Override
    public Source marshal(Element n, ValidationEventHandler errorHandler) {
        return new SAXSource(new Emitter(n), new InputSource());
    }

    /** Builds the DOM from JAXB's SAX events, which carry attributes in document order. */
    private static final class Builder extends DefaultHandler {
        private final Document doc = newDocument();
        private final List<String[]> pendingPrefixes = new ArrayList<>();
        private Node current = doc;
        private Element root;
        private final StringBuilder text = new StringBuilder();

        @Override
        public void startPrefixMapping(String prefix, String uri) {
            pendingPrefixes.add(new String[] {prefix, uri});
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) {
            flushText();
            Element e = doc.createElementNS(uri == null || uri.isEmpty() ? null : uri,
                    qName == null || qName.isEmpty() ? local : qName);
            List<String> order = new ArrayList<>();
            for (String[] p : pendingPrefixes) {
                String name = p[0].isEmpty() ? "xmlns" : "xmlns:" + p[0];
                e.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, name, p[1]);
                order.add(name);
            }
            pendingPrefixes.clear();
            for (int i = 0; i < atts.getLength(); i++) {
                String an = atts.getQName(i).isEmpty() ? atts.getLocalName(i) : atts.getQName(i);
                if (an.equals("xmlns") || an.startsWith("xmlns:")) {
                    continue;
                }
                String au = atts.getURI(i);
                if (au == null || au.isEmpty()) {
                    // No namespace: a plain attribute. Names like ":type" are legal XML (libvirt keeps them)
                    // but not legal namespace-qualified names, which setAttributeNS would refuse.
                    e.setAttribute(an, atts.getValue(i));
                } else {
                    e.setAttributeNS(au, an, atts.getValue(i));
                }
                order.add(an);
            }
            e.setUserData(ATTRIBUTE_ORDER, order, null);
            if (root == null) {
                root = e;
            }
            current.appendChild(e);
            current = e;
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            flushText();
            current = current.getParentNode();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        private void flushText() {
            if (!text.isEmpty() && current != doc) {
                current.appendChild(doc.createTextNode(text.toString()));
            }
            text.setLength(0);
        }
    }

    /** Replays a DOM element as SAX events, attributes in remembered order (DOM order for elements built in code). */
    private static final class Emitter implements XMLReader {
        private final Element element;
        private ContentHandler handler;

        Emitter(Element element) {
            this.element = element;
        }

        @Override
        public void parse(InputSource input) throws SAXException {
            handler.startDocument();
            emit(element);
            handler.endDocument();
        }

        private void emit(Element e) throws SAXException {
            NamedNodeMap attrs = e.getAttributes();
            List<Attr> ordered = new ArrayList<>();
            Object order = e.getUserData(ATTRIBUTE_ORDER);
            if (order instanceof List<?> names) {
                for (Object name : names) {
                    Attr a = e.getAttributeNode((String) name);
                    if (a != null) {
                        ordered.add(a);
                    }
                }
            }
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                if (!ordered.contains(a)) {
                    ordered.add(a);
                }
            }
            List<String> prefixes = new ArrayList<>();
            AttributesImpl out = new AttributesImpl();
            for (Attr a : ordered) {
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                    String p = a.getName().equals("xmlns") ? "" : a.getLocalName();
                    handler.startPrefixMapping(p, a.getValue());
                    prefixes.add(p);
                } else {
                    String uri = a.getNamespaceURI() == null ? "" : a.getNamespaceURI();
                    String local = a.getLocalName() == null ? a.getName() : a.getLocalName();
                    out.addAttribute(uri, local, a.getName(), "CDATA", a.getValue());
                }
            }
            String uri = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
            String local = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
            handler.startElement(uri, local, e.getTagName(), out);
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element ce) {
                    emit(ce);
                } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                    char[] chars = c.getNodeValue().toCharArray();
                    handler.characters(chars, 0, chars.length);
                }
            }
            handler.endElement(uri, local, e.getTagName());
            for (String p : prefixes) {
                handler.endPrefixMapping(p);
            }
        }

        @Override
        public void parse(String systemId) throws SAXException {
            parse(new InputSource(systemId));
        }

        @Override
        public boolean getFeature(String name) {
            return "http://xml.org/sax/features/namespaces".equals(name);
        }

        @Override
        public void setFeature(String name, boolean value) {
        }

        @Override
        public Object getProperty(String name) {
            return null;
        }

        @Override
        public void setProperty(String name, Object value) {
        }

        @Override
        public void setEntityResolver(EntityResolver resolver) {
        }

        @Override
        public EntityResolver getEntityResolver() {
            return null;
        }

        @Override
        public void setDTDHandler(DTDHandler dtdHandler) {
        }

        @Override
        public DTDHandler getDTDHandler() {
            return null;
        }

        @Override
        public void setContentHandler(ContentHandler contentHandler) {
            this.handler = contentHandler;
        }

        @Override
        public ContentHandler getContentHandler() {
            return handler;
        }

        @Override
        public void setErrorHandler(ErrorHandler errorHandler) {
        }

        @Override
        public ErrorHandler getErrorHandler() {
            return null;
        }
    }
}
