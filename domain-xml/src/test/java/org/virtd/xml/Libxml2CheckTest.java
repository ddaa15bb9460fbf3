package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Malformed domain documents must be reported with libvirt 9.0's exact text (goldens in xmlerrors/). */
class Libxml2CheckTest {
    /** Documents libvirtd rejects with VIR_ERR_XML_DETAIL; the .err file is its message, byte for byte. */
    static final List<String> SYNTAX = List.of(
            "unclosed-root", "unclosed-root-multi", "unclosed-no-newline", "unclosed-inner", "mismatched-end",
            "mismatched-parent", "prefix-mismatch", "empty-end-tag", "end-tag-space", "end-tag-unterminated",
            "extra-end-tag", "garbage-before-root", "text-after-root", "text-after-root-nonl", "second-root",
            "unquoted-attr", "attr-no-value", "attr-no-value-2", "attr-newline-value", "attr-junk", "attr-no-space",
            "attr-unterminated", "duplicate-attr", "duplicate-attr-inner", "lt-in-attr", "empty-elem-space",
            "undefined-entity", "entity-in-attr-undef", "entity-no-semicolon", "bare-ampersand", "standalone-undef",
            "bad-charref", "charref-zero", "charref-too-big", "amp-hash-nothing", "empty", "whitespace-only",
            "decl-only", "decl-not-first", "double-decl", "decl-version", "decl-encoding", "comment-unterminated",
            "comment-unterminated-nonl", "nonascii-comment", "double-hyphen-comment", "cdata-unterminated",
            "cdata-end-in-text", "nonascii-text-cdataend", "lines-then-cdataend", "pi-unterminated", "pi-xml-upper",
            "bad-name-start", "space-after-lt", "lt-bang", "control-char", "nonascii-caret", "deep-line-11",
            "tab-line-9", "tab-text", "long", "crlf", "crlf-unclosed", "enc-utf8-err", "enc-latin1-err",
            "xxe-attr");
    /** Well-formed documents libvirtd rejects later, with another code; the .err file is its message. */
    static final List<String> REJECTED = List.of("xxe", "ext-dtd", "trailing-misc-ok");
    /** Documents libvirtd defines (no .err file). */
    static final List<String> ACCEPTED = List.of("bom-ok", "doctype-plain", "doctype-internal-entity", "xxe-desc",
            "enc-utf8", "enc-latin1", "enc-utf16");

    static Stream<String> syntax() {
        return SYNTAX.stream();
    }

    static Stream<String> rejected() {
        return REJECTED.stream();
    }

    static Stream<String> accepted() {
        return ACCEPTED.stream();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Libxml2CheckTest.class.getResourceAsStream("/xmlerrors/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource xmlerrors/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @MethodSource("syntax")
    void syntaxErrorMatchesLibvirt(String name) throws IOException {
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> DomainXml.parse(resource(name + ".xml")));
        assertEquals(DomainXmlException.XML_DETAIL, e.code(), name);
        assertEquals(DomainXmlException.FROM_DOMAIN, e.errorDomain(), name);
        assertEquals(resource(name + ".err"), e.detail(), name);
    }

    /** libvirt's message is its code's text, then the detail; only the codes the goldens use are spelled here. */
    @ParameterizedTest
    @MethodSource("rejected")
    void laterCheckMatchesLibvirt(String name) throws IOException {
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> DomainXml.parse(resource(name + ".xml")));
        String message = switch (e.code()) {
            case DomainXmlException.NO_NAME -> e.detail() == null ? "missing name information" : null;
            case DomainXmlException.XML_ERROR -> "XML error: " + e.detail();
            default -> "code " + e.code() + ": " + e.detail();
        };
        assertEquals(resource(name + ".err"), message, name);
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptedLikeLibvirt(String name) throws IOException {
        Domain d = DomainXml.parse(resource(name + ".xml"));
        assertFalse(d.name.isEmpty(), name);
    }

    @Test
    void externalEntityIsNeverRead() throws IOException {
        Domain d = DomainXml.parse(resource("xxe-desc.xml"));
        assertTrue(d.description == null || d.description.isEmpty(), String.valueOf(d.description));
        assertEquals("internal", DomainXml.parse(resource("doctype-internal-entity.xml")).name);
    }

    @Test
    void textAfterNulIsIgnoredAsLibvirtIgnoresIt() {
        Domain d = DomainXml.parse("<domain type='test'><name>n</name><os><type>hvm</type></os></domain>\n\0junk");
        assertEquals("n", d.name);
    }

    @Test
    void wellFormedDocumentsPassTheCheck() throws IOException {
        for (String name : List.of("demo.xml", "defaults.xml", "unknown-kept.xml")) {
            try (InputStream in = Libxml2CheckTest.class.getResourceAsStream("/xml2xml/" + name)) {
                String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(Libxml2Check.Result.OK, Libxml2Check.check("x", xml), name);
            }
        }
        assertNull(Libxml2Check.check("x", "<a><!-- c --><?p d?><![CDATA[<]]>&amp;&#x41;</a>").detail());
    }

    @Test
    void everyGoldenFileIsReferenced() throws IOException {
        Set<String> expected = new HashSet<>();
        for (String c : SYNTAX) {
            expected.add(c + ".xml");
            expected.add(c + ".err");
        }
        for (String c : REJECTED) {
            expected.add(c + ".xml");
            expected.add(c + ".err");
        }
        for (String c : ACCEPTED) {
            expected.add(c + ".xml");
        }
        Set<String> present = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/xmlerrors"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")).forEach(present::add);
        }
        assertEquals(expected, present);
    }
}
