package org.virtd.xml;

import jakarta.xml.bind.Unmarshaller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Remembers, for every model object JAXB creates, the names of its child elements in document order. JAXB binds
 * children to fields declared in libvirt's order, which loses the input order; {@link XmlTree} puts it back when
 * formatting a document that was read losslessly.
 *
 * <p>The reader is the one JAXB pulls from, so when JAXB announces a new object ({@code beforeUnmarshal}) the
 * reader stands on that object's start tag: the innermost open element is the object's element.
 */
final class OrderRecorder extends StreamReaderDelegate {
    private final Deque<List<String>> open = new ArrayDeque<>();
    private final Map<Object, List<String>> orders = new IdentityHashMap<>();

    OrderRecorder(XMLStreamReader reader) {
        super(reader);
        if (reader.getEventType() == XMLStreamConstants.START_ELEMENT) {
            open.push(new ArrayList<>());
        }
    }

    @Override
    public int next() throws XMLStreamException {
        int event = super.next();
        track(event);
        return event;
    }

    @Override
    public int nextTag() throws XMLStreamException {
        int event = super.nextTag();
        track(event);
        return event;
    }

    private void track(int event) {
        if (event == XMLStreamConstants.START_ELEMENT) {
            List<String> parent = open.peek();
            if (parent != null) {
                parent.add(key(getNamespaceURI(), getLocalName()));
            }
            open.push(new ArrayList<>());
        } else if (event == XMLStreamConstants.END_ELEMENT && !open.isEmpty()) {
            open.pop();
        }
    }

    /** The name a child is matched by: namespace and local name, prefixes may change. */
    static String key(String namespace, String local) {
        return namespace == null || namespace.isEmpty() ? local : "{" + namespace + "}" + local;
    }

    Unmarshaller.Listener listener() {
        return new Unmarshaller.Listener() {
            @Override
            public void beforeUnmarshal(Object target, Object parent) {
                List<String> current = open.peek();
                if (current != null) {
                    orders.put(target, current);
                }
            }
        };
    }

    Map<Object, List<String>> orders() {
        return orders;
    }
}
