package org.virtd.xml.schema;

import com.thaiopensource.resolver.AbstractResolver;
import com.thaiopensource.resolver.Identifier;
import com.thaiopensource.resolver.Input;
import com.thaiopensource.resolver.ResolverException;
import com.thaiopensource.util.PropertyMap;
import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.IncorrectSchemaException;
import com.thaiopensource.validate.Schema;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.Validator;
import com.thaiopensource.validate.rng.SAXSchemaReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * A Relax NG schema (XML syntax) compiled once by Jing and then checked against any number of documents.
 *
 * <p>Instances are immutable and thread-safe: Jing's compiled {@link Schema} is shared, and every check gets its own
 * validator and parser.
 *
 * <p>Nothing is ever fetched from the network. The schema's own {@code include}/{@code externalRef} references are
 * followed only to regular files inside the schema's directory. Documents under check are untrusted: their DOCTYPE
 * may declare internal entities (libvirt's parser accepts those) but no external entity, external DTD subset or
 * XInclude is ever loaded, entity expansion is bounded by the JDK's secure-processing limits and element nesting by
 * {@link #MAX_DEPTH}.
 */
public final class RelaxNgSchema {
    /**
     * Nesting depth past which a document counts as not well formed. libxml2 (and so libvirt) refuses documents
     * deeper than 256 levels unless told otherwise; this bound only has to keep the check cheap.
     */
    public static final int MAX_DEPTH = 1024;

    private static final SAXParserFactory PARSERS = secureParserFactory();

    private final Path file;
    private final Schema schema;

    private RelaxNgSchema(Path file, Schema schema) {
        this.file = file;
        this.schema = schema;
    }

    /**
     * Reads and compiles {@code rngFile} and everything it includes from its directory.
     *
     * @throws SchemaUnavailableException when the file is missing, unreadable or not a correct Relax NG schema
     */
    public static RelaxNgSchema compile(Path rngFile) {
        Path file = rngFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new SchemaUnavailableException(file, "no such file");
        }
        Path dir = file.getParent();
        List<String> errors = new ArrayList<>();
        PropertyMapBuilder props = new PropertyMapBuilder();
        props.put(ValidateProperty.ERROR_HANDLER, new CollectingHandler(errors));
        props.put(ValidateProperty.XML_READER_CREATOR, RelaxNgSchema::newReader);
        props.put(ValidateProperty.RESOLVER, new LocalFilesOnly(dir));
        try {
            InputSource in = new InputSource(file.toUri().toString());
            Schema schema = SAXSchemaReader.getInstance().createSchema(in, props.toPropertyMap());
            return new RelaxNgSchema(file, schema);
        } catch (IncorrectSchemaException | SAXException | IOException e) {
            String why = errors.isEmpty() ? String.valueOf(e.getMessage()) : String.join("\n", errors);
            throw new SchemaUnavailableException(file, why);
        }
    }

    /** The schema file this was compiled from (absolute, normalised). */
    public Path file() {
        return file;
    }

    /** Checks one document given as text. Never throws for bad input: everything wrong is in the report. */
    public SchemaReport check(String xml) {
        return check(new InputSource(new StringReader(xml)));
    }

    /**
     * Checks one document. The source's system id, if any, is used only in positions, never opened relative to.
     */
    public SchemaReport check(InputSource source) {
        List<SchemaProblem> problems = new ArrayList<>();
        Tracker tracker = new Tracker();
        PropertyMapBuilder props = new PropertyMapBuilder();
        props.put(ValidateProperty.ERROR_HANDLER, new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // Relax NG validation has no warnings worth reporting; libvirt ignores libxml2's too.
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(tracker.problem(e));
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        });
        PropertyMap map = props.toPropertyMap();
        Validator validator = schema.createValidator(map);
        try {
            XMLReader reader = newReader();
            tracker.setParent(reader);
            tracker.setContentHandler(validator.getContentHandler());
            tracker.setDTDHandler(validator.getDTDHandler());
            tracker.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) {
                    // non-fatal parser errors concern DTD validity, which is not asked for
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            tracker.parse(source);
            return new SchemaReport(tracker.root, null, problems);
        } catch (SAXParseException e) {
            // the parser's own position: a syntax error is about a place in the text, not an element
            return new SchemaReport(tracker.root, new SchemaProblem(e.getLineNumber(), tracker.current(),
                    tracker.parent(), e.getMessage()), problems);
        } catch (SAXException | IOException e) {
            return new SchemaReport(tracker.root, new SchemaProblem(-1, tracker.current(), tracker.parent(),
                    String.valueOf(e.getMessage())), problems);
        }
    }

    /** A namespace-aware SAX reader that never loads anything but the input it is given. */
    static XMLReader newReader() throws SAXException {
        XMLReader reader;
        try {
            synchronized (PARSERS) { // a factory is not promised to be thread-safe
                reader = PARSERS.newSAXParser().getXMLReader();
            }
        } catch (ParserConfigurationException e) {
            throw new SAXException(e);
        }
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // Belt and braces for the features above: any external identifier resolves to nothing.
        reader.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        try {
            reader.setProperty("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
        } catch (SAXException notTheJdkParser) {
            // newDefaultInstance() is the JDK's parser, which knows the property; nothing else is ever used
        }
        return reader;
    }

    private static SAXParserFactory secureParserFactory() {
        // newDefaultInstance: the JDK's own parser, whatever else a class path brings along.
        SAXParserFactory f = SAXParserFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
        return f;
    }

    /**
     * Passes events on unchanged while remembering the open elements and the lines of their start tags, so that a
     * finding can name its element, its parent and its line as libxml2 does; and the root element's name.
     */
    private static final class Tracker extends XMLFilterImpl {
        private record Open(String name, int line) {
        }

        private final Deque<Open> stack = new ArrayDeque<>();
        private Locator locator;
        String root;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
            super.setDocumentLocator(locator);
        }

        String current() {
            Open top = stack.peek();
            return top == null ? null : top.name;
        }

        String parent() {
            if (stack.size() < 2) {
                return null;
            }
            var it = stack.iterator();
            it.next();
            return it.next().name;
        }

        SchemaProblem problem(SAXParseException e) {
            Open top = stack.peek();
            return new SchemaProblem(top == null ? e.getLineNumber() : top.line, current(), parent(), e.getMessage());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (root == null) {
                root = localName;
            }
            // pushed before Jing sees the tag: its findings about this tag (unexpected element, bad attribute)
            // then name this element
            stack.push(new Open(localName, locator == null ? -1 : locator.getLineNumber()));
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            // popped after: "incomplete content" findings at the end tag are about this element
            super.endElement(uri, localName, qName);
            stack.pop();
        }
    }

    private record CollectingHandler(List<String> errors) implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) {
            errors.add(e.getSystemId() + ":" + e.getLineNumber() + ": " + e.getMessage());
        }

        @Override
        public void fatalError(SAXParseException e) {
            error(e);
        }
    }

    /** Lets the schema reach only regular files in its own directory: never the network, never elsewhere. */
    private static final class LocalFilesOnly extends AbstractResolver {
        private final Path dir;

        LocalFilesOnly(Path dir) {
            this.dir = dir;
        }

        @Override
        public void resolve(Identifier id, Input input) throws ResolverException {
            if (input.isResolved()) {
                return;
            }
            URI uri;
            try {
                String base = id.getBase();
                uri = base == null ? new URI(id.getUriReference()) : new URI(base).resolve(id.getUriReference());
            } catch (java.net.URISyntaxException e) {
                throw new ResolverException(e);
            }
            input.setUri(allowed(uri).toUri().toString());
        }

        @Override
        public void open(Input input) throws IOException, ResolverException {
            if (input.isOpen()) {
                return;
            }
            URI uri;
            try {
                uri = new URI(input.getUri());
            } catch (java.net.URISyntaxException e) {
                throw new ResolverException(e);
            }
            input.setByteStream(Files.newInputStream(allowed(uri)));
        }

        private Path allowed(URI uri) throws ResolverException {
            if (!"file".equals(uri.getScheme())) {
                throw new ResolverException("schema reference '" + uri + "' is not a local file");
            }
            Path p = Path.of(uri).normalize();
            if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
                throw new ResolverException("schema reference '" + uri + "' is not a file in '" + dir + "'");
            }
            return p;
        }
    }
}
