package org.virtd.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.api.Virt;
import org.virtd.api.DriverEnvironment;
import org.virtd.xml.schema.DomainSchema;

/**
 * {@code virsh define --validate} / {@code create --validate} through the public API. Expected values are what
 * python3-libvirt 9.0 got from libvirtd 9.0's test driver for the same documents (schemas in
 * /usr/share/libvirt/schemas; on a machine without them the shared copy of the same files is used).
 */
class TestDriverValidateTest {
    private static final String BAD = """
            <domain type='test'>
              <name>bad1</name>
              <memory>1024</memory>
              <bogus/>
              <os><type>hvm</type></os>
            </domain>
            """;
    private static final String TEMPLATE = "XML document failed to validate against schema: %s";

    @TempDir
    Path tmp;
    Connect conn;

    @BeforeAll
    static void schemas() {
        if (!Files.isRegularFile(DomainSchema.directory().resolve(DomainSchema.FILE_NAME))) {
            System.setProperty(DomainSchema.DIR_PROPERTY, Path.of(System.getProperty("virtd.shared.dir",
                    "/work/shared"), "conformance/libvirt-9.0.0/domainschema").toString());
        }
    }

    @BeforeEach
    void open() {
        conn = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false));
    }

    @AfterEach
    void close() {
        conn.close();
    }

    private static String detail(String line) {
        return "Unable to validate doc against " + DomainSchema.directory().resolve("domain.rng") + "\n" + line
                + "\n";
    }

    private static void assertSchemaError(String firstLine, VirException e) {
        assertEquals(92, e.code(), e.getMessage());
        assertEquals(5, e.domain(), e.getMessage());
        assertEquals(2, e.level());
        assertEquals(TEMPLATE, e.str1());
        assertEquals(detail(firstLine), e.str2());
        assertEquals(TEMPLATE.replace("%s", detail(firstLine)), e.getMessage());
    }

    @Test
    void defineValidateRefusesWhatTheSchemaRefuses() {
        VirException e = assertThrows(VirException.class, () -> conn.defineXmlFlags(BAD, Flags.DEFINE_VALIDATE));
        assertSchemaError("Element domain has extra content: bogus", e);
        assertTrue(conn.listAllDomains(0).stream().noneMatch(d -> d.name().equals("bad1")));
    }

    @Test
    void createValidateRefusesWhatTheSchemaRefuses() {
        VirException e = assertThrows(VirException.class, () -> conn.createXml(BAD, Flags.START_VALIDATE));
        assertSchemaError("Element domain has extra content: bogus", e);
    }

    @Test
    void withoutTheFlagTheUnknownElementIsDropped() {
        assertEquals("bad1", conn.defineXmlFlags(BAD, 0).name());
    }

    @Test
    void validDocumentIsDefined() {
        assertEquals("bad1", conn.defineXmlFlags(BAD.replace("  <bogus/>\n", ""), Flags.DEFINE_VALIDATE).name());
    }

    @Test
    void schemaComesBeforeTheParsersOwnChecks() {
        // Without the flag libvirt says NO_NAME; with it the schema speaks first. libvirt adds three libxml2
        // follow-up lines ("Invalid sequence in interleave" twice, "Element domain failed to validate content").
        String noName = "<domain type='test'><memory>1024</memory><os><type>hvm</type></os></domain>";
        VirException plain = assertThrows(VirException.class, () -> conn.defineXmlFlags(noName, 0));
        assertEquals(21, plain.code());
        VirException e = assertThrows(VirException.class, () -> conn.defineXmlFlags(noName, Flags.DEFINE_VALIDATE));
        assertSchemaError("Expecting an element name, got nothing", e);
    }

    @Test
    void syntaxAndRootErrorsComeBeforeTheSchema() {
        VirException syntax = assertThrows(VirException.class,
                () -> conn.defineXmlFlags("<domain><name>x</name", Flags.DEFINE_VALIDATE));
        assertEquals(35, syntax.code());
        assertEquals(20, syntax.domain());
        assertEquals("(domain_definition):1: expected '>'\n<domain><name>x</name\n---------------------^",
                syntax.getMessage());
        VirException root = assertThrows(VirException.class,
                () -> conn.defineXmlFlags("<network><name>x</name></network>", Flags.DEFINE_VALIDATE));
        assertEquals(27, root.code());
        assertEquals(5, root.domain());
        assertEquals("XML error: expecting root element of 'domain', not 'network'", root.getMessage());
    }
}
