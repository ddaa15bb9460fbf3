package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtd.xml.domain.Domain;

class DomainXmlTest {
    /** Canonical cases: parse, drop unknown content, apply defaults (arch i686), format; expected in .out.xml. */
    static final List<String> CANONICAL = List.of("demo", "defaults");
    /** Lossless cases: bind and format; expected in .out.xml; nothing the input had may be lost. */
    static final List<String> LOSSLESS = List.of("unknown-kept");

    private static final boolean REGENERATE = Boolean.getBoolean("virtd.test.regenerate");

    static Stream<String> canonical() {
        return CANONICAL.stream();
    }

    static Stream<String> lossless() {
        return LOSSLESS.stream();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DomainXmlTest.class.getResourceAsStream("/xml2xml/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource xml2xml/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void compare(String name, String actual) throws IOException {
        if (REGENERATE) {
            Files.writeString(Path.of("src/test/resources/xml2xml", name + ".out.xml"), actual);
            return;
        }
        assertEquals(resource(name + ".out.xml"), actual, name);
    }

    @ParameterizedTest
    @MethodSource("canonical")
    void canonicalFormatMatchesLibvirt(String name) throws IOException {
        Domain d = DomainXml.parse(resource(name + ".xml"));
        DomainXml.dropUnknown(d);
        DomainDefaults.apply(d, "i686");
        compare(name, DomainXml.format(d));
    }

    @ParameterizedTest
    @MethodSource("lossless")
    void losslessRoundTrip(String name) throws IOException {
        String out = DomainXml.format(DomainXml.bind(resource(name + ".xml")));
        compare(name, out);
        // Formatting the output again is a fixed point.
        assertEquals(out, DomainXml.format(DomainXml.bind(out)));
    }

    @Test
    void everyDataFileIsReferenced() throws IOException {
        Set<String> expected = new HashSet<>();
        for (String c : CANONICAL) {
            expected.add(c + ".xml");
            expected.add(c + ".out.xml");
        }
        for (String c : LOSSLESS) {
            expected.add(c + ".xml");
            expected.add(c + ".out.xml");
        }
        Set<String> present = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/xml2xml"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).forEach(present::add);
        }
        assertEquals(expected, present);
    }

    @Test
    void malformedDocumentReportsLineContextAndCaret() {
        String xml = "<domain type='test'>\n  <name>bad</name>\n  <memory>1024</memory\n</domain>\n";
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> DomainXml.parse(xml));
        assertEquals(DomainXmlException.XML_DETAIL, e.code());
        assertEquals(DomainXmlException.FROM_DOMAIN, e.errorDomain());
        assertTrue(e.detail().startsWith("(domain_definition):"), e.detail());
        String[] lines = e.detail().split("\n");
        assertEquals(3, lines.length, e.detail());
        assertTrue(lines[2].endsWith("^"), e.detail());
    }

    @Test
    void emptyDocumentIsReportedLikeLibxml2() {
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> DomainXml.parse(""));
        assertEquals("(domain_definition):1: Document is empty\n(null)\n^", e.detail());
    }

    @Test
    void parseChecksFollowLibvirt() {
        DomainXmlException noName = assertThrows(DomainXmlException.class,
                () -> DomainXml.parse("<domain type='test'><memory>1</memory><os><type>hvm</type></os></domain>"));
        assertEquals(DomainXmlException.NO_NAME, noName.code());
        assertNull(noName.detail());

        DomainXmlException root = assertThrows(DomainXmlException.class, () -> DomainXml.parse("<foo/>"));
        assertEquals(DomainXmlException.XML_ERROR, root.code());
        assertEquals(DomainXmlException.FROM_XML, root.errorDomain());
        assertEquals("expecting root element of 'domain', not 'foo'", root.detail());

        DomainXmlException type = assertThrows(DomainXmlException.class,
                () -> DomainXml.parse("<domain><name>x</name><os><type>hvm</type></os></domain>"));
        assertEquals(DomainXmlException.INTERNAL_ERROR, type.code());
        assertEquals("missing domain type attribute", type.detail());

        DomainXmlException os = assertThrows(DomainXmlException.class,
                () -> DomainXml.parse("<domain type='test'><name>x</name><memory>1</memory></domain>"));
        assertEquals("an os <type> must be specified", os.detail());

        Domain noMem = DomainXml.parse("<domain type='test'><name>x</name><os><type>hvm</type></os></domain>");
        DomainXmlException mem = assertThrows(DomainXmlException.class, () -> DomainDefaults.apply(noMem, "i686"));
        assertEquals("Memory size must be specified via <memory> or in the <numa> configuration", mem.detail());
    }

    @Test
    void externalEntitiesAreNeverResolved() throws IOException {
        Path secret = Files.createTempFile("virtd-xxe", ".txt");
        Files.writeString(secret, "SECRET");
        String xml = "<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY x SYSTEM 'file://" + secret + "'>]>\n"
                + "<domain type='test'><name>&x;</name><memory>1</memory><os><type>hvm</type></os></domain>";
        try {
            Domain d = DomainXml.parse(xml);
            assertTrue(d.name == null || !d.name.contains("SECRET"), d.name);
        } catch (DomainXmlException e) {
            assertTrue(e.detail() == null || !e.detail().contains("SECRET"));
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void generatedUuidAndUnitsAreNormalized() {
        Domain d = DomainXml.parse("<domain type='test'><name>u</name><memory unit='GB'>1</memory>"
                + "<os><type>hvm</type></os></domain>");
        DomainDefaults.apply(d, "i686");
        assertEquals("976563", d.memory.value);
        assertEquals("KiB", d.memory.unit);
        assertEquals(36, d.uuid.length());
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> Units.toKiB("1", "parsecs", "memory"));
        assertEquals("unknown suffix 'parsecs'", e.detail());
    }
}
