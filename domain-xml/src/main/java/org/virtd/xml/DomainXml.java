package org.virtd.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.virtd.xml.domain.Domain;
import org.xml.sax.SAXParseException;

/**
 * Parses and formats libvirt domain XML.
 *
 * <p>Parsing is XXE-safe: DTDs and external entities are refused before anything is resolved. It applies the
 * checks libvirt's parser makes while reading (root element, name, uuid, domain type, OS type) and reports them as
 * libvirt does; {@link DomainDefaults} applies the post-parse defaults and checks. Formatting writes libvirt's
 * layout. Thread-safe: the JAXB context is shared, marshallers are per call.
 */
public final class DomainXml {
    /** The file name libvirt's parser puts in front of syntax errors of a domain document. */
    public static final String SOURCE_NAME = "(domain_definition)";

    private static final Set<String> VIRT_TYPES = Set.of("none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml",
            "openvz", "test", "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "ch");
    private static final Set<String> OS_TYPES = Set.of("hvm", "xen", "linux", "exe", "uml", "xenpvh");

    private static final JAXBContext CONTEXT;
    private static final XMLInputFactory INPUT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(Domain.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
        INPUT = XMLInputFactory.newFactory();
        // libvirt accepts a DOCTYPE and expands internal entities, but never loads an external subset or an
        // external entity (no XML_PARSE_NOENT / DTDLOAD): the same here, with every external access refused.
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        INPUT.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        INPUT.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
        INPUT.setProperty(XMLInputFactory.RESOLVER,
                (javax.xml.stream.XMLResolver) (publicId, systemId, base, ns) -> new java.io.ByteArrayInputStream(
                        new byte[0]));
    }

    private DomainXml() {
    }

    /**
     * Parses a domain document as libvirt's parser reads it, without defaults.
     *
     * @throws DomainXmlException XML_DETAIL for a document that is not well formed ("(domain_definition):LINE: ..."),
     *         XML_ERROR (error domain XML) for another root element, NO_NAME, INTERNAL_ERROR for a missing type or
     *         malformed uuid, CONFIG_UNSUPPORTED for an unknown domain or OS type, XML_ERROR without an OS type
     */
    public static Domain parse(String xml) {
        Domain d = bind(xml);
        check(d);
        return d;
    }

    /** Reads the document into the model with no semantic check (lossless; used for copies and tests). */
    public static Domain bind(String xml) {
        // libvirt hands libxml2 a C string: whatever follows a NUL is not part of the document.
        int nul = xml.indexOf('\0');
        if (nul >= 0) {
            xml = xml.substring(0, nul);
        }
        Libxml2Check.Result wellFormed = Libxml2Check.check(SOURCE_NAME, xml);
        if (wellFormed.detail() != null) {
            throw new DomainXmlException(DomainXmlException.XML_DETAIL, DomainXmlException.FROM_DOMAIN,
                    wellFormed.detail());
        }
        if (xml.startsWith("\uFEFF")) {
            xml = xml.substring(1); // the JDK reader takes a byte order mark in a string for content
        }
        XMLStreamReader reader = null;
        try {
            reader = INPUT.createXMLStreamReader(new StringReader(xml));
            while (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                reader.next();
            }
            String root = reader.getLocalName();
            if (!"domain".equals(root)) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_XML,
                        "expecting root element of 'domain', not '" + root + "'");
            }
            Unmarshaller u = CONTEXT.createUnmarshaller();
            Domain d = u.unmarshal(reader, Domain.class).getValue();
            // JAXB stops at the root's end tag; the rest of the document must still be well formed.
            while (reader.hasNext()) {
                reader.next();
            }
            return d;
        } catch (XMLStreamException e) {
            throw syntax(xml, e.getLocation(), e.getMessage());
        } catch (JAXBException e) {
            Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e.getCause();
            if (cause instanceof XMLStreamException xse) {
                throw syntax(xml, xse.getLocation(), xse.getMessage());
            }
            if (cause instanceof SAXParseException spe) {
                throw syntax(xml, spe.getLineNumber(), spe.getColumnNumber(), spe.getMessage());
            }
            throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                    String.valueOf(cause != null ? cause.getMessage() : e.getMessage()));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing is held open: the source is a string
                }
            }
        }
    }

    private static void check(Domain d) {
        if (d.name == null || d.name.isEmpty()) {
            throw new DomainXmlException(DomainXmlException.NO_NAME, DomainXmlException.FROM_DOMAIN, null);
        }
        if (d.uuid != null && Uuids.parse(d.uuid) == null) {
            throw new DomainXmlException(DomainXmlException.INTERNAL_ERROR, DomainXmlException.FROM_DOMAIN,
                    "malformed uuid element");
        }
        if (d.type == null) {
            throw new DomainXmlException(DomainXmlException.INTERNAL_ERROR, DomainXmlException.FROM_DOMAIN,
                    "missing domain type attribute");
        }
        if (!VIRT_TYPES.contains(d.type)) {
            throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                    "invalid domain type " + d.type);
        }
        String osType = d.os == null || d.os.type == null ? null : d.os.type.value;
        if (osType == null) {
            if (d.bootloader == null) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                        "an os <type> must be specified");
            }
        } else if (!OS_TYPES.contains(osType.strip())) {
            throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                    "unknown OS type '" + osType + "'");
        }
    }

    private static DomainXmlException syntax(String xml, Location loc, String message) {
        int line = loc == null ? 1 : Math.max(1, loc.getLineNumber());
        int col = loc == null ? 1 : Math.max(1, loc.getColumnNumber());
        return syntax(xml, line, col, message);
    }

    /**
     * libvirt's syntax error text: "(domain_definition):LINE: MESSAGE", the offending line, and a caret under the
     * column. Used only when {@link Libxml2Check} could not decide (an unusual internal DTD subset), so the
     * message is the JDK parser's, not libxml2's.
     */
    private static DomainXmlException syntax(String xml, int line, int col, String message) {
        String msg = message == null ? "parse error" : message;
        int m = msg.indexOf("Message: ");
        if (m >= 0) {
            msg = msg.substring(m + "Message: ".length());
        }
        List<String> lines = xml.lines().toList();
        String context = line - 1 < lines.size() ? lines.get(line - 1) : "";
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < Math.min(col - 1, context.length()); i++) {
            pointer.append(context.charAt(i) == '\t' ? '\t' : '-');
        }
        pointer.append('^');
        return new DomainXmlException(DomainXmlException.XML_DETAIL, DomainXmlException.FROM_DOMAIN,
                SOURCE_NAME + ":" + line + ": " + msg + "\n" + context + "\n" + pointer);
    }

    /** Formats {@code domain} in libvirt's layout, ending with a newline, including unknown content. */
    public static String format(Domain domain) {
        try {
            Marshaller m = CONTEXT.createMarshaller();
            TreeBuildingWriter w = new TreeBuildingWriter();
            m.marshal(domain, w);
            return XmlTree.write(w.root());
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot format domain " + domain.name, e);
        }
    }

    /** A deep copy (format and re-read), so a driver can keep a live and a persistent definition apart. */
    public static Domain copy(Domain domain) {
        return bind(format(domain));
    }

    /**
     * Removes every element and attribute the model does not know ({@code other}, {@code otherAttributes}),
     * recursively. libvirt drops such content when it parses, so a driver that must answer exactly like libvirt
     * calls this after parsing; the model itself never drops anything.
     */
    public static void dropUnknown(Object node) {
        if (node == null || !node.getClass().getPackageName().equals(Domain.class.getPackageName())) {
            return;
        }
        for (Field f : node.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                Object v = f.get(node);
                if (f.getName().equals("other") && v instanceof Collection<?> c) {
                    c.clear();
                } else if (f.getName().equals("otherAttributes") && v instanceof Map<?, ?> map) {
                    map.clear();
                } else if (v instanceof Collection<?> c) {
                    for (Object o : c) {
                        dropUnknown(o);
                    }
                } else {
                    dropUnknown(v);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
