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

    /**
     * The JAXB context and the StAX factory, made on first parse or format only: building the context costs
     * ~100 ms, which copies, post-parse work and programs that never read XML need not pay.
     */
    private static final class Jaxb {
        static final JAXBContext CONTEXT;
        static final XMLInputFactory INPUT;

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
            // The JDK's own reader limits (depth 100 and 1,000-byte names since JDK 24) are tighter than libxml2's,
            // which Libxml2Check already enforced: align them so documents libvirt accepts are accepted.
            XmlLimits.configure(INPUT);
        }

        private Jaxb() {
        }
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
        return parse(xml, false);
    }

    /**
     * {@link #parse(String)}, checking the document against libvirt's domain.rng when {@code validate}
     * (VIR_DOMAIN_DEFINE_VALIDATE, VIR_DOMAIN_START_VALIDATE) at the point libvirt does: after the syntax and
     * root-element checks, before any other.
     *
     * @throws DomainXmlException also XML_INVALID_SCHEMA (92, error domain XML) for a document the schema refuses
     */
    public static Domain parse(String xml, boolean validate) {
        Domain d = read(xml, false, validate);
        check(d);
        return d;
    }

    /**
     * Reads the document into the model with no semantic check, losslessly: the element order of the input is
     * remembered ({@link Domain#documentOrder}) and {@link #format} writes it back in that order, with the
     * attributes, text and namespaces it had. Comments and processing instructions are not kept (libvirt drops
     * them too).
     */
    public static Domain bind(String xml) {
        return read(xml, true, false);
    }

    private static Domain read(String xml, boolean keepOrder, boolean validate) {
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
            reader = Jaxb.INPUT.createXMLStreamReader(new StringReader(xml));
            OrderRecorder recorder = keepOrder ? new OrderRecorder(reader) : null;
            if (recorder != null) {
                reader = recorder;
            }
            while (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                reader.next();
            }
            String root = reader.getLocalName();
            if (!"domain".equals(root)) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_XML,
                        "expecting root element of 'domain', not '" + root + "'");
            }
            if (validate) {
                org.virtd.xml.schema.DomainSchema.get().validate(xml);
            }
            Unmarshaller u = Jaxb.CONTEXT.createUnmarshaller();
            if (recorder != null) {
                u.setListener(recorder.listener());
            }
            Domain d = u.unmarshal(reader, Domain.class).getValue();
            if (recorder != null) {
                d.documentOrder = recorder.orders();
            }
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

    /**
     * Formats as libvirt formats a definition with or without its live state: the inactive form leaves out the
     * domain id and the other run-time-only values.
     */
    public static String format(Domain domain, boolean live) {
        if (live) {
            return format(domain);
        }
        Integer id = domain.id;
        domain.id = null;
        try {
            return format(domain);
        } finally {
            domain.id = id;
        }
    }

    /** Formats {@code domain} in libvirt's layout, ending with a newline, including unknown content. */
    public static String format(Domain domain) {
        try {
            Marshaller m = Jaxb.CONTEXT.createMarshaller();
            TreeBuildingWriter w = new TreeBuildingWriter();
            if (domain.documentOrder != null) {
                m.setListener(w.orderListener(domain.documentOrder));
            }
            m.marshal(domain, w);
            XmlTree.Node root = w.root();
            if (domain.documentOrder == null) {
                hoistNamespaceDeclarations(root);
            }
            return XmlTree.write(root);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot format domain " + domain.name, e);
        }
    }

    /**
     * libvirt declares a driver namespace ({@code xmlns:qemu}, {@code xmlns:xen}, ...) on the root element, after
     * its own attributes, and writes the namespaced elements without a declaration of their own.
     */
    private static void hoistNamespaceDeclarations(XmlTree.Node root) {
        for (Object child : root.children) {
            if (child instanceof XmlTree.Node n && n.name.indexOf(':') > 0) {
                for (java.util.Iterator<String[]> it = n.attributes.iterator(); it.hasNext(); ) {
                    String[] a = it.next();
                    if (a[0].startsWith("xmlns:")) {
                        it.remove();
                        boolean declared = root.attributes.stream().anyMatch(r -> r[0].equals(a[0]));
                        if (!declared) {
                            root.attributes.add(a);
                        }
                    }
                }
            }
        }
    }

    /**
     * After a driver adds children to {@code node} of a losslessly read {@code domain}, formats that node's
     * children in libvirt's order again instead of the recorded input order (which does not know the new ones).
     */
    public static void forgetOrder(Domain domain, Object node) {
        if (domain.documentOrder != null) {
            domain.documentOrder.remove(node);
        }
    }

    /**
     * A deep copy, so a driver can keep a live and a persistent definition apart: formats exactly as the original
     * (document order included) and shares nothing mutable with it. Made field by field, not through XML.
     */
    public static Domain copy(Domain domain) {
        return ModelCopy.of(domain);
    }

    /**
     * Removes what libvirt's parser would not keep: elements and attributes whose names libvirt's domain grammar
     * does not define, and everything in a namespace (libvirt keeps a namespace only through a driver's namespace
     * handler, or inside {@code <metadata>}, which stays whole). The model itself never drops anything; a driver
     * that must answer exactly like libvirt calls this after parsing. Names are checked against the grammar as a
     * whole, not per parent, so a known name in an unusual place is kept.
     */
    public static void dropUnknown(Object node) {
        if (node == null || !node.getClass().getPackageName().equals(Domain.class.getPackageName())) {
            return;
        }
        for (Field f : node.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("documentOrder")
                    || f.getName().equals("metadata")) {
                continue;
            }
            try {
                Object v = f.get(node);
                if (v instanceof Map<?, ?> map && (f.getName().equals("otherAttributes")
                        || f.getName().equals("attributes"))) {
                    map.keySet().removeIf(k -> !KnownNames.attribute((javax.xml.namespace.QName) k));
                } else if (v instanceof List<?> c && (f.getName().equals("other") || f.getName().equals("content"))) {
                    c.removeIf(o -> o instanceof org.w3c.dom.Element e && !KnownNames.element(e));
                    for (Object o : c) {
                        if (o instanceof org.w3c.dom.Element e) {
                            KnownNames.prune(e);
                        }
                    }
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
