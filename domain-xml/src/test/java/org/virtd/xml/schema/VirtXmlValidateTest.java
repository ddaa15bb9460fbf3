package org.virtd.xml.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and output of libvirt 9.0's virt-xml-validate (with xmllint 2.9.14) for the same inputs. */
class VirtXmlValidateTest {
    private static final String GOOD = "<domain type='test'>\n  <name>ok</name>\n  <memory>1024</memory>\n"
            + "  <os><type>hvm</type></os>\n</domain>\n";

    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private byte[] stdin = new byte[0];

    private int run(Path schemaDir, String... args) {
        return new VirtXmlValidate("virt-xml-validate", schemaDir, new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private int run(String... args) {
        return run(SchemaFixtures.SCHEMA_DIR, args);
    }

    private String file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validDocument() throws IOException {
        String f = file("good.xml", GOOD);
        assertEquals(0, run(f));
        assertEquals(f + " validates\n", err());
        assertEquals(0, run(f, "domain"));
    }

    @Test
    void invalidDocumentIsReportedAsXmllintDoes() throws IOException {
        String f = file("bad1.xml", "<domain type='test'>\n  <name>bad1</name>\n  <memory>1024</memory>\n"
                + "  <bogus/>\n  <os><type>hvm</type></os>\n</domain>\n");
        assertEquals(3, run(f));
        assertEquals(f + ":4: element bogus: Relax-NG validity error : Element domain has extra content: bogus\n"
                + f + " fails to validate\n", err());
    }

    @Test
    void standardInput() {
        stdin = GOOD.getBytes(StandardCharsets.UTF_8);
        assertEquals(0, run("-"));
        assertEquals("- validates\n", err());
    }

    @Test
    void wrongSchemaTypeGivesOneLine() throws IOException {
        String f = file("good.xml", GOOD);
        assertEquals(3, run(f, "network"));
        assertEquals(f + ":1: element domain: Relax-NG validity error : Expecting element network, got domain\n"
                + f + " fails to validate\n", err());
    }

    @Test
    void notWellFormedExitsOne() throws IOException {
        String f = file("m.xml", "<domain><name>x</name");
        assertEquals(1, run(f));
        assertEquals(true, err().startsWith(f + ":1: parser error : "), err());
    }

    @Test
    void usageErrors() throws IOException {
        assertEquals(1, run());
        assertEquals("syntax: virt-xml-validate XMLFILE [TYPE]\n", err());
        err.reset();
        assertEquals(1, run("-x"));
        assertEquals("virt-xml-validate: unrecognized option '-x'\n", err());
        err.reset();
        assertEquals(2, run(tmp.resolve("none.xml").toString()));
        assertEquals("virt-xml-validate: document " + tmp.resolve("none.xml") + " does not exist\n", err());
        err.reset();
        String foo = file("foo.xml", "<foo/>");
        assertEquals(3, run(foo));
        assertEquals("virt-xml-validate: cannot determine schema type for " + foo + "\n", err());
        err.reset();
        String good = file("good.xml", GOOD);
        assertEquals(4, run(good, "nosuch"));
        assertEquals(true, err().startsWith("virt-xml-validate: schema " + SchemaFixtures.SCHEMA_DIR.resolve(
                "nosuch.rng") + " does not exist\n"), err());
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, run("--he"));
        assertEquals("Usage:\n  virt-xml-validate XML-FILE [SCHEMA-NAME]\n  virt-xml-validate OPTION\n\nOptions:\n"
                + "  -h | --help        Display program help\n  -V | --version     Display program version\n",
                out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(0, run("-V"));
        assertEquals("virt-xml-validate (libvirt) 9.0.0\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void schemaTypeFollowsTheRootName() {
        assertEquals("domainsnapshot", VirtXmlValidate.typeOf("domainsnapshot"));
        assertEquals("domaincaps", VirtXmlValidate.typeOf("domainCapabilities"));
        assertEquals("capability", VirtXmlValidate.typeOf("capabilities"));
        assertEquals("domain", VirtXmlValidate.typeOf("domain"));
        assertEquals("nwfilterbinding", VirtXmlValidate.typeOf("filterbinding"));
        assertEquals(null, VirtXmlValidate.typeOf("foo"));
        assertEquals("domain", VirtXmlValidate.rootName("<?xml version='1.0'?><!-- c --><domain><x".getBytes(
                StandardCharsets.UTF_8)));
    }
}
