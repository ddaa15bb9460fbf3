package org.virtd.xml.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.xml.DomainXmlException;

class DomainSchemaTest {
    private static final DomainSchema SCHEMA = DomainSchema.in(SchemaFixtures.SCHEMA_DIR);
    private static final String PREFIX = "Unable to validate doc against "
            + SchemaFixtures.SCHEMA_DIR.resolve("domain.rng") + "\n";

    private static String domain(String body) {
        return "<domain type='test'>\n  <name>t</name>\n  <memory>1024</memory>\n  <os><type>hvm</type></os>\n"
                + body + "</domain>\n";
    }

    private static DomainXmlException invalid(String xml) {
        return assertThrows(DomainXmlException.class, () -> SCHEMA.validate(xml));
    }

    @Test
    void validDocumentPasses() {
        SCHEMA.validate(domain(""));
        assertTrue(SCHEMA.check(domain("")).valid());
    }

    // The next three texts are what libvirtd 9.0 (test driver, define --validate) answered for the same documents.

    @Test
    void unknownElementIsReportedAsLibvirtDoes() {
        DomainXmlException e = invalid(domain("  <bogus/>\n"));
        assertEquals(DomainSchema.XML_INVALID_SCHEMA, e.code());
        assertEquals(DomainXmlException.FROM_XML, e.errorDomain());
        assertEquals(PREFIX + "Element domain has extra content: bogus\n", e.detail());
    }

    @Test
    void unknownAttributeIsReportedAsLibvirtDoes() {
        DomainXmlException e = invalid("<domain type='test' foo='1'><name>x</name><memory>1</memory>"
                + "<os><type>hvm</type></os></domain>");
        assertEquals(PREFIX + "Invalid attribute foo for element domain\n", e.detail());
    }

    @Test
    void missingNameLeadsWithLibxml2sFirstLine() {
        DomainXmlException e = invalid("<domain type='test'><memory>1</memory><os><type>hvm</type></os></domain>");
        assertEquals(PREFIX + "Expecting an element name, got nothing\n", e.detail());
    }

    @Test
    void otherFindingsKeepJingsTextAndOnlyTheFirstIsReported() {
        DomainXmlException e = invalid(domain("  <on_reboot>sometimes</on_reboot>\n  <uuid>zz</uuid>\n"));
        assertTrue(e.detail().startsWith(PREFIX + "character content of element \"on_reboot\" invalid"), e.detail());
        assertEquals(2, e.detail().split("\n").length, e.detail());
        assertEquals(2, SCHEMA.check(domain("  <on_reboot>sometimes</on_reboot>\n  <uuid>zz</uuid>\n"))
                .problems().size());
    }

    @Test
    void findingsCarryElementParentAndStartLine() {
        SchemaReport r = SCHEMA.check(domain("  <devices>\n    <disk type='file' device='disk'>\n"
                + "      <target dev='hda' bus='foo'/>\n    </disk>\n  </devices>\n"));
        assertEquals(1, r.problems().size(), r.toString());
        SchemaProblem p = r.problems().get(0);
        assertEquals(new SchemaProblem(7, "target", "disk", p.message()), p);
        assertEquals("Invalid attribute bus for element target", Libxml2Wording.of(p));
    }

    @Test
    void notWellFormedAndForeignRootsAreLeftToTheParser() {
        SCHEMA.validate("<domain><name>x</name");
        SCHEMA.validate("<network><name>x</name></network>");
        SchemaReport r = SCHEMA.check("<domain><name>x</name");
        assertTrue(r.notWellFormed() != null && !r.valid());
        assertEquals("network", SCHEMA.check("<network/>").rootElement());
    }

    @Test
    void compiledOncePerDirectory() {
        assertSame(SCHEMA, DomainSchema.in(SchemaFixtures.SCHEMA_DIR.resolve("../domainschema")));
    }

    @Test
    void missingSchemaNamesTheDirectoryAndTheSetting(@TempDir Path empty) {
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> DomainSchema.in(empty));
        assertEquals(DomainXmlException.INTERNAL_ERROR, e.code());
        assertEquals(DomainXmlException.FROM_XML, e.errorDomain());
        assertTrue(e.detail().startsWith("Unable to parse RNG " + empty.resolve("domain.rng") + ": "), e.detail());
        assertTrue(e.detail().contains(DomainSchema.DIR_PROPERTY) && e.detail().contains(DomainSchema.DIR_ENV),
                e.detail());
    }

    @Test
    void directoryFollowsTheSystemProperty() {
        String before = System.getProperty(DomainSchema.DIR_PROPERTY);
        try {
            System.setProperty(DomainSchema.DIR_PROPERTY, "/some/where");
            assertEquals(Path.of("/some/where"), DomainSchema.directory());
            System.clearProperty(DomainSchema.DIR_PROPERTY);
            String env = System.getenv(DomainSchema.DIR_ENV);
            assertEquals(env == null || env.isEmpty() ? DomainSchema.DEFAULT_DIR : Path.of(env),
                    DomainSchema.directory());
        } finally {
            if (before == null) {
                System.clearProperty(DomainSchema.DIR_PROPERTY);
            } else {
                System.setProperty(DomainSchema.DIR_PROPERTY, before);
            }
        }
    }

    @Test
    void externalEntitiesAndDtdsAreNeverLoaded(@TempDir Path tmp) throws IOException {
        Path secret = tmp.resolve("secret.xml");
        Files.writeString(secret, "<bogus/>");
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String xml = "<!DOCTYPE domain SYSTEM 'http://127.0.0.1:" + listener.getLocalPort() + "/x.dtd' [\n"
                    + "<!ENTITY file SYSTEM '" + secret.toUri() + "'>\n"
                    + "<!ENTITY net SYSTEM 'http://127.0.0.1:" + listener.getLocalPort() + "/e'>\n"
                    + "]>\n" + domain("  <description>&file;&net;</description>\n");
            // Loading the file entity would put <bogus/> into <description>, which the schema forbids.
            SchemaReport r = SCHEMA.check(xml);
            assertNull(r.notWellFormed());
            assertEquals(List.of(), r.problems());
            listener.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, listener::accept, "the validator connected out");
        }
    }

    @Test
    void internalEntitiesExpandAsLibvirtAllows() {
        String xml = "<!DOCTYPE domain [<!ENTITY extra '<bogus/>'>]>\n" + domain("  &extra;\n");
        assertEquals(PREFIX + "Element domain has extra content: bogus\n", invalid(xml).detail());
    }

    @Test
    void hostileDocumentsEndQuickly() {
        StringBuilder laughs = new StringBuilder("<!DOCTYPE domain [<!ENTITY l0 'ha'>");
        for (int i = 1; i < 12; i++) {
            laughs.append("<!ENTITY l").append(i).append(" '").append(("&l" + (i - 1) + ";").repeat(10)).append("'>");
        }
        laughs.append("]>").append(domain("<description>&l11;</description>"));
        String deep = "<domain type='test'>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</domain>";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertTrue(SCHEMA.check(laughs.toString()).notWellFormed() != null);
            assertTrue(SCHEMA.check(deep).notWellFormed() != null);
            SCHEMA.validate(laughs.toString());
            SCHEMA.validate(deep);
        });
    }

    @Test
    void schemaReferencesStayInTheSchemaDirectory(@TempDir Path tmp) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path dir = Files.createDirectories(tmp.resolve("schemas"));
            Files.writeString(tmp.resolve("outside.rng"), "<grammar xmlns='http://relaxng.org/ns/structure/1.0'>"
                    + "<start><element name='x'><empty/></element></start></grammar>");
            Files.writeString(dir.resolve("up.rng"), "<grammar xmlns='http://relaxng.org/ns/structure/1.0'>"
                    + "<include href='../outside.rng'/></grammar>");
            Files.writeString(dir.resolve("net.rng"), "<grammar xmlns='http://relaxng.org/ns/structure/1.0'>"
                    + "<include href='http://127.0.0.1:" + listener.getLocalPort() + "/x.rng'/></grammar>");
            assertThrows(SchemaUnavailableException.class, () -> RelaxNgSchema.compile(dir.resolve("up.rng")));
            assertThrows(SchemaUnavailableException.class, () -> RelaxNgSchema.compile(dir.resolve("net.rng")));
            listener.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, listener::accept, "the schema reader connected out");
        }
    }

    @Test
    void oneCompiledSchemaServesManyThreads() throws Exception {
        String bad = domain("  <bogus/>\n");
        String good = domain("");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String xml = i % 2 == 0 ? good : bad;
                boolean expect = i % 2 == 0;
                results.add(pool.submit(() -> SCHEMA.check(xml).valid() == expect));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
