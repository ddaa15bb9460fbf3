package org.virtd.xml.schema;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.virtd.xml.DomainXmlException;

/**
 * Validates domain XML against libvirt's {@code domain.rng}, as libvirt does for {@code VIR_DOMAIN_DEFINE_VALIDATE}
 * and {@code VIR_DOMAIN_START_VALIDATE} ({@code virsh define --validate}, {@code virsh create --validate}).
 *
 * <p>The schemas are libvirt's own files and are not part of virtd; they are read from a directory chosen by, in
 * order, the system property {@value #DIR_PROPERTY}, the environment variable {@value #DIR_ENV}, and
 * {@code /usr/share/libvirt/schemas} (Debian's libvirt0 package ships it; it is also what libvirtd and
 * virt-xml-validate use). Each directory's schema is compiled on first use and then shared; all methods are
 * thread-safe.
 */
public final class DomainSchema {
    public static final String DIR_PROPERTY = "virtd.schema.dir";
    public static final String DIR_ENV = "VIRTD_SCHEMA_DIR";
    public static final Path DEFAULT_DIR = Path.of("/usr/share/libvirt/schemas");
    public static final String FILE_NAME = "domain.rng";

    /** {@code VIR_ERR_XML_INVALID_SCHEMA}: the document does not match the schema. */
    public static final int XML_INVALID_SCHEMA = 92;

    private static final ConcurrentMap<Path, DomainSchema> COMPILED = new ConcurrentHashMap<>();

    private final RelaxNgSchema schema;

    private DomainSchema(RelaxNgSchema schema) {
        this.schema = schema;
    }

    /** The schema directory in effect: {@value #DIR_PROPERTY}, else {@value #DIR_ENV}, else the Debian path. */
    public static Path directory() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isEmpty()) {
            dir = System.getenv(DIR_ENV);
        }
        return dir == null || dir.isEmpty() ? DEFAULT_DIR : Path.of(dir);
    }

    /**
     * The domain schema of {@link #directory()}, compiled on first use.
     *
     * @throws DomainXmlException INTERNAL_ERROR (error domain XML), libvirt's "Unable to parse RNG FILE: ..." with
     *         the directory and how to choose another, when the schema is missing or broken
     */
    public static DomainSchema get() {
        return in(directory());
    }

    /** The domain schema of {@code dir}, compiled on first use; failures are not cached. */
    public static DomainSchema in(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        DomainSchema known = COMPILED.get(key);
        if (known != null) {
            return known;
        }
        try {
            return COMPILED.computeIfAbsent(key, k -> new DomainSchema(RelaxNgSchema.compile(k.resolve(FILE_NAME))));
        } catch (SchemaUnavailableException e) {
            throw new DomainXmlException(DomainXmlException.INTERNAL_ERROR, DomainXmlException.FROM_XML,
                    "Unable to parse RNG " + e.file() + ": " + e.reason() + " (set the system property "
                            + DIR_PROPERTY + " or the environment variable " + DIR_ENV
                            + " to a directory holding libvirt's schemas, e.g. " + DEFAULT_DIR + ")");
        }
    }

    RelaxNgSchema schema() {
        return schema;
    }

    /** The {@code domain.rng} this validates against. */
    public Path file() {
        return schema.file();
    }

    /** Checks a document and returns every finding (for tools; drivers use {@link #validate}). */
    public SchemaReport check(String xml) {
        return schema.check(xml);
    }

    /**
     * Throws libvirt's schema error when {@code xml} is a well-formed {@code <domain>} document that does not match
     * the schema.
     *
     * <p>Documents that are not well formed, or whose root is not {@code domain}, pass: libvirt parses before it
     * validates, so for those its parser's error is the one reported, and the caller's parser reports it here too.
     * Call this before the semantic checks of the parse (libvirt validates right after the root-element check).
     *
     * @throws DomainXmlException XML_INVALID_SCHEMA (92, error domain XML) with libvirt's detail: "Unable to
     *         validate doc against FILE" and one line per finding, each line ending in a newline
     */
    public void validate(String xml) {
        SchemaReport report = schema.check(xml);
        if (report.notWellFormed() != null || !"domain".equals(report.rootElement())
                || report.problems().isEmpty()) {
            return;
        }
        throw new DomainXmlException(XML_INVALID_SCHEMA, DomainXmlException.FROM_XML,
                detail(file(), report.problems()));
    }

    /**
     * libvirt's message detail for a failed validation (virXMLValidatorValidate): the schema file, then the
     * validator's lines, each ending in a newline. Only the first finding is given, in libxml2's words where it has
     * them ({@link Libxml2Wording}): libxml2 stops at the first mismatch, so libvirt never lists later ones.
     */
    static String detail(Path file, List<SchemaProblem> problems) {
        return "Unable to validate doc against " + file + "\n" + Libxml2Wording.of(problems.get(0)) + "\n";
    }
}
