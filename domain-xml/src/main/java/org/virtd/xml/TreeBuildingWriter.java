package org.virtd.xml;

import jakarta.xml.bind.Marshaller;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The {@link XMLStreamWriter} JAXB marshals into; it only records an {@link XmlTree} for the libvirt-style writer. */
final class TreeBuildingWriter implements XMLStreamWriter {
    private final Deque<XmlTree.Node> open = new ArrayDeque<>();
    private final Map<String, String> prefixes = new HashMap<>();
    private XmlTree.Node root;
    private XmlTree.Node pendingEmpty;
    private List<String> pendingOrder;

    XmlTree.Node root() {
        return root;
    }

    private void closePendingEmpty() {
        if (pendingEmpty != null) {
            open.pop();
            pendingEmpty = null;
        }
    }

    /**
     * A listener that hands each object's remembered child order to the element written for it: JAXB announces
     * an object before it writes the object's start tag.
     */
    Marshaller.Listener orderListener(Map<Object, List<String>> orders) {
        return new Marshaller.Listener() {
            @Override
            public void beforeMarshal(Object source) {
                pendingOrder = orders.get(source);
            }
        };
    }

    private void start(String prefix, String local, String namespace) {
        closePendingEmpty();
        XmlTree.Node n = new XmlTree.Node(prefix == null || prefix.isEmpty() ? local : prefix + ":" + local);
        n.key = OrderRecorder.key(namespace, local);
        n.order = pendingOrder;
        pendingOrder = null;
        if (open.isEmpty()) {
            root = n;
        } else {
            open.peek().children.add(n);
        }
        open.push(n);
    }

    @Override
    public void writeStartElement(String localName) {
        start(null, localName, null);
    }

    @Override
    public void writeStartElement(String namespaceURI, String localName) {
        start(prefixes.get(namespaceURI), localName, namespaceURI);
    }

    @Override
    public void writeStartElement(String prefix, String localName, String namespaceURI) {
        start(prefix, localName, namespaceURI);
    }

    @Override
    public void writeEmptyElement(String namespaceURI, String localName) {
        writeStartElement(namespaceURI, localName);
        pendingEmpty = open.peek();
    }

    @Override
    public void writeEmptyElement(String prefix, String localName, String namespaceURI) {
        writeStartElement(prefix, localName, namespaceURI);
        pendingEmpty = open.peek();
    }

    @Override
    public void writeEmptyElement(String localName) {
        writeStartElement(localName);
        pendingEmpty = open.peek();
    }

    @Override
    public void writeEndElement() {
        closePendingEmpty();
        open.pop();
    }

    @Override
    public void writeEndDocument() {
        closePendingEmpty();
        open.clear();
    }

    @Override
    public void close() {
    }

    @Override
    public void flush() {
    }

    private void attribute(String name, String value) {
        XmlTree.Node n = open.peek();
        if (n != null) {
            n.attributes.add(new String[] {name, value});
        }
    }

    @Override
    public void writeAttribute(String localName, String value) {
        attribute(localName, value);
    }

    @Override
    public void writeAttribute(String prefix, String namespaceURI, String localName, String value) {
        attribute(prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName, value);
    }

    @Override
    public void writeAttribute(String namespaceURI, String localName, String value) {
        String p = namespaceURI == null ? null : prefixes.get(namespaceURI);
        attribute(p == null || p.isEmpty() ? localName : p + ":" + localName, value);
    }

    @Override
    public void writeNamespace(String prefix, String namespaceURI) {
        if (namespaceURI == null || namespaceURI.isEmpty()) {
            return;
        }
        prefixes.put(namespaceURI, prefix);
        attribute(prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, namespaceURI);
    }

    @Override
    public void writeDefaultNamespace(String namespaceURI) {
        writeNamespace("", namespaceURI);
    }

    @Override
    public void writeComment(String data) {
    }

    @Override
    public void writeProcessingInstruction(String target) {
    }

    @Override
    public void writeProcessingInstruction(String target, String data) {
    }

    @Override
    public void writeCData(String data) {
        writeCharacters(data);
    }

    @Override
    public void writeDTD(String dtd) {
    }

    @Override
    public void writeEntityRef(String name) {
    }

    @Override
    public void writeStartDocument() {
    }

    @Override
    public void writeStartDocument(String version) {
    }

    @Override
    public void writeStartDocument(String encoding, String version) {
    }

    @Override
    public void writeCharacters(String text) {
        closePendingEmpty();
        if (!open.isEmpty() && text != null && !text.isEmpty()) {
            open.peek().children.add(text);
        }
    }

    @Override
    public void writeCharacters(char[] text, int start, int len) {
        writeCharacters(new String(text, start, len));
    }

    @Override
    public String getPrefix(String uri) {
        return prefixes.get(uri);
    }

    @Override
    public void setPrefix(String prefix, String uri) {
        prefixes.put(uri, prefix);
    }

    @Override
    public void setDefaultNamespace(String uri) {
        prefixes.put(uri, "");
    }

    @Override
    public void setNamespaceContext(NamespaceContext context) throws XMLStreamException {
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                for (Map.Entry<String, String> e : prefixes.entrySet()) {
                    if (e.getValue().equals(prefix)) {
                        return e.getKey();
                    }
                }
                return null;
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return prefixes.get(namespaceURI);
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                String p = prefixes.get(namespaceURI);
                return p == null ? java.util.Collections.emptyIterator() : java.util.List.of(p).iterator();
            }
        };
    }

    @Override
    public Object getProperty(String name) {
        throw new IllegalArgumentException(name);
    }
}
