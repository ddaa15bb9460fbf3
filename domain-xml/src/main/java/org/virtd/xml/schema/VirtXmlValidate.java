package org.virtd.xml.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * {@code bin/virt-xml-validate XML-FILE [SCHEMA-NAME]}: libvirt's virt-xml-validate with Jing in place of xmllint.
 *
 * <p>Same arguments, messages and exit codes as libvirt 9.0's script: 0 valid, 1 usage or a document that is not
 * well formed, 2 no such document, 3 invalid or no schema type for the root element, 4 no such schema, 5 a schema
 * that does not compile. Findings are printed as xmllint prints them ({@code FILE:LINE: element NAME: Relax-NG
 * validity error : MESSAGE}) followed by "FILE validates" or "FILE fails to validate", all on standard error. The
 * schema directory is {@link DomainSchema#directory()}. {@code -} reads the document from standard input.
 */
public final class VirtXmlValidate {
    /** Exit codes of the script and of xmllint, which the script passes on. */
    static final int OK = 0;
    static final int USAGE = 1;
    static final int NOT_WELL_FORMED = 1;
    static final int NO_DOCUMENT = 2;
    static final int INVALID = 3;
    static final int NO_SCHEMA = 4;
    static final int SCHEMA_BROKEN = 5;

    /** The script's root-name patterns, in its order: the first whose word the root's name contains wins. */
    private static final List<Map.Entry<String, String>> TYPES = List.of(
            Map.entry("cpu", "cpu"),
            Map.entry("domainsnapshot", "domainsnapshot"),
            Map.entry("domaincheckpoint", "domaincheckpoint"),
            Map.entry("domainbackup", "domainbackup"),
            Map.entry("domainCap", "domaincaps"),
            Map.entry("domain", "domain"),
            Map.entry("networkport", "networkport"),
            Map.entry("network", "network"),
            Map.entry("storagepoolCap", "storagepoolcaps"),
            Map.entry("pool", "storagepool"),
            Map.entry("volume", "storagevol"),
            Map.entry("capabilities", "capability"),
            Map.entry("device", "nodedev"),
            Map.entry("filterbinding", "nwfilterbinding"),
            Map.entry("filter", "nwfilter"),
            Map.entry("secret", "secret"),
            Map.entry("interface", "interface"));

    private final String program;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Path schemaDir;

    VirtXmlValidate(String program, Path schemaDir, InputStream in, PrintStream out, PrintStream err) {
        this.program = program;
        this.schemaDir = schemaDir;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        String program = System.getProperty("virtd.program", "virt-xml-validate");
        System.exit(new VirtXmlValidate(program, DomainSchema.directory(), System.in, System.out, System.err)
                .run(args));
    }

    int run(String... argv) {
        List<String> args = List.of(argv);
        if (!args.isEmpty()) {
            String a = args.get(0);
            if (isPrefixOf(a, "--help", 3) || a.equals("-h")) {
                out.print("Usage:\n  " + program + " XML-FILE [SCHEMA-NAME]\n  " + program + " OPTION\n\n"
                        + "Options:\n  -h | --help        Display program help\n"
                        + "  -V | --version     Display program version\n");
                return OK;
            }
            if (isPrefixOf(a, "--version", 3) || a.equals("-V")) {
                out.print(program + " (libvirt) 9.0.0\n");
                return OK;
            }
            if (a.equals("--")) {
                args = args.subList(1, args.size());
            } else if (a.length() > 1 && a.startsWith("-")) {
                err.print(program + ": unrecognized option '" + a + "'\n");
                return USAGE;
            }
        }
        String file = args.isEmpty() ? "" : args.get(0);
        String type = args.size() > 1 ? args.get(1) : "";
        byte[] doc;
        if (file.equals("-")) {
            try {
                doc = in.readAllBytes();
            } catch (IOException e) {
                err.print(program + ": cannot read standard input: " + e.getMessage() + "\n");
                return USAGE;
            }
        } else {
            if (file.isEmpty()) {
                err.print("syntax: " + program + " XMLFILE [TYPE]\n");
                return USAGE;
            }
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                err.print(program + ": document " + file + " does not exist\n");
                return NO_DOCUMENT;
            }
            try {
                doc = Files.readAllBytes(p);
            } catch (IOException e) {
                err.print(program + ": document " + file + " cannot be read: " + e.getMessage() + "\n");
                return NO_DOCUMENT;
            }
        }
        if (type.isEmpty()) {
            type = typeOf(rootName(doc));
            if (type == null) {
                err.print(program + ": cannot determine schema type for " + file + "\n");
                return INVALID;
            }
        }
        Path schemaFile = schemaDir.resolve(type + ".rng");
        if (!Files.isRegularFile(schemaFile)) {
            err.print(program + ": schema " + schemaFile + " does not exist\n");
            err.print(program + ": the schema directory is " + schemaDir + "; set " + DomainSchema.DIR_ENV
                    + " (or -D" + DomainSchema.DIR_PROPERTY + ") to libvirt's schemas, e.g. "
                    + DomainSchema.DEFAULT_DIR + "\n");
            return NO_SCHEMA;
        }
        RelaxNgSchema schema;
        try {
            schema = type.equals("domain") ? DomainSchema.in(schemaDir).schema() : RelaxNgSchema.compile(schemaFile);
        } catch (SchemaUnavailableException | org.virtd.xml.DomainXmlException e) {
            err.print(e.getMessage() + "\n");
            err.print("Relax-NG schema " + schemaFile + " failed to compile\n");
            return SCHEMA_BROKEN;
        }
        InputSource source = new InputSource(new java.io.ByteArrayInputStream(doc));
        SchemaReport report = schema.check(source);
        if (report.notWellFormed() != null) {
            SchemaProblem p = report.notWellFormed();
            err.print(file + ":" + p.line() + ": parser error : " + p.message() + "\n");
            return NOT_WELL_FORMED;
        }
        List<SchemaProblem> problems = report.problems();
        if (!problems.isEmpty() && problems.get(0).parent() == null) {
            // a root the schema does not allow: whatever Jing says about its content after that is noise
            problems = problems.subList(0, 1);
        }
        for (SchemaProblem p : problems) {
            String where = p.element() == null ? "" : file + ":" + p.line() + ": element " + p.element() + ": ";
            err.print(where + "Relax-NG validity error : " + Libxml2Wording.of(p) + "\n");
        }
        if (report.valid()) {
            err.print(file + " validates\n");
            return OK;
        }
        err.print(file + " fails to validate\n");
        return INVALID;
    }

    /** The script accepts every unambiguous abbreviation of a long option down to three letters ("--he"). */
    private static boolean isPrefixOf(String arg, String option, int shortest) {
        return arg.length() >= shortest && option.startsWith(arg);
    }

    static String typeOf(String root) {
        if (root == null) {
            return null;
        }
        for (Map.Entry<String, String> t : TYPES) {
            if (root.contains(t.getKey())) {
                return t.getValue();
            }
        }
        return null;
    }

    /** The qualified name of the document element, read as far as its start tag; null if the parser stops first. */
    static String rootName(byte[] doc) {
        final class Found extends SAXException {
            private static final long serialVersionUID = 1L;
            final String name;

            Found(String name) {
                super(name, null);
                this.name = name;
            }
        }
        try {
            XMLReader reader = RelaxNgSchema.newReader();
            reader.setContentHandler(new DefaultHandler() {
                @Override
                public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
                    throw new Found(qName);
                }
            });
            reader.parse(new InputSource(new java.io.ByteArrayInputStream(doc)));
        } catch (Found f) {
            return f.name;
        } catch (SAXException | IOException e) {
            return null;
        }
        return null;
    }
}
