package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtd.xml.domain.Domain;

/** {@link DomainXml#copy}: formats exactly as its original for every corpus file, and shares nothing mutable. */
class ModelCopyTest {
    static List<String> cases() throws Exception {
        return CorpusRoundTripTest.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aCopyFormatsAsItsOriginal(String file) {
        assumeTrue(Corpus.present(), "conformance corpus not found");
        Domain bound = DomainXml.bind(Corpus.read(file));
        assertEquals(DomainXml.format(bound), DomainXml.format(DomainXml.copy(bound)), file + " (bound)");
        Domain formattedOnce = DomainXml.bind(DomainXml.format(bound));
        formattedOnce.documentOrder = null;
        assertEquals(DomainXml.format(formattedOnce), DomainXml.format(DomainXml.copy(formattedOnce)),
                file + " (no recorded order)");
    }

    @Test
    void aCopySharesNothingMutable() {
        Domain d = DomainXml.parse("""
                <domain type='test'>
                  <name>a</name>
                  <memory>1024</memory>
                  <os><type>hvm</type></os>
                  <devices>
                    <disk type='file' device='disk'><source file='/a.img'/><target dev='vda'/><foo:x xmlns:foo='urn:f'/></disk>
                  </devices>
                </domain>
                """);
        Domain c = DomainXml.copy(d);
        String before = DomainXml.format(d);
        assertNotSame(d.devices, c.devices);
        assertNotSame(d.devices.disk.get(0), c.devices.disk.get(0));
        c.name = "b";
        c.devices.disk.get(0).source.file = "/b.img";
        c.devices.disk.get(0).otherAttributes.put(new javax.xml.namespace.QName("extra"), "1");
        c.devices.disk.get(0).other.clear();
        c.devices.disk.clear();
        assertEquals(before, DomainXml.format(d));
    }
}
