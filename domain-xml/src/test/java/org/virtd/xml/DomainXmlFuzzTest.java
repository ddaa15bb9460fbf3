package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.virtd.xml.domain.Domain;

/**
 * Fuzzes the whole parse path (Libxml2Check, the JDK reader, JAXB, libvirt's parse-time checks) and format.
 *
 * <p>Invariant: any input either parses or is refused with {@link DomainXmlException}, in bounded time; what
 * parses formats to a document that parses again, and after that one pass the text is a fixed point of
 * parse-then-format. (Not after zero passes: like libvirt, format writes tab, CR and LF raw inside attribute
 * values, which a parser normalises to spaces, so the first re-parse may legitimately change them.) In a plain {@code mvn test} this
 * runs the committed inputs in {@code src/test/resources/org/virtd/xml/DomainXmlFuzzTestInputs/parseFormat} (seeds
 * and past findings) as regression cases, with no native fuzzing.
 *
 * <p>To fuzz for real (up to {@code maxDuration}, stopping at the first finding):
 * <pre>
 * cd domain-xml &amp;&amp; JAZZER_FUZZ=1 mvn test -Dtest=DomainXmlFuzzTest
 * </pre>
 * The growing corpus goes to {@code domain-xml/.cifuzz-corpus/} (not committed); a finding is written into the
 * inputs folder above as {@code crash-<sha1>}: rename it after what it shows and keep it there once the bug is
 * fixed, so that every later {@code mvn test} replays it.
 */
class DomainXmlFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void parseFormat(byte[] input) {
        // The RPC layer hands domain-xml a Java string decoded from UTF-8; decode the same way.
        String xml = new String(input, StandardCharsets.UTF_8);
        Domain domain;
        try {
            domain = DomainXml.parse(xml);
        } catch (DomainXmlException refused) {
            return;
        }
        String once = DomainXml.format(domain);
        String twice = DomainXml.format(DomainXml.parse(once));
        String thrice = DomainXml.format(DomainXml.parse(twice));
        assertEquals(twice, thrice, "parse-then-format is not stable after one pass");
    }
}
