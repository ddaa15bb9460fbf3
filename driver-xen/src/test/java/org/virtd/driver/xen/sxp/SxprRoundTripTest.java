package org.virtd.driver.xen.sxp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/**
 * The defined pool writes config.sxp and reads it back at start-up: for every xml2sexpr corpus input,
 * XML → sexpr → Domain → sexpr must give the same S-expression, and a domain read from config.sxp must survive
 * its own XML form.
 */
class SxprRoundTripTest {
    /** The distinct xml2sexpr inputs (52 cases, 49 files); skips the test when the corpus is absent. */
    private static TreeSet<String> xml2sexprInputs() {
        assumeTrue(Files.isDirectory(SxprCorpusTest.ROOT), "conformance corpus not present");
        TreeSet<String> inputs = new TreeSet<>();
        for (String[] c : SxprCorpusTest.rows("xml2sexpr/CASES.txt")) {
            inputs.add(c[3]);
        }
        return inputs;
    }

    @Test
    void everyCorpusDefinitionIsAFixpoint() throws Exception {
        TreeSet<String> inputs = xml2sexprInputs();
        List<String> broken = new ArrayList<>();
        for (String input : inputs) {
            Domain fromXml = DomainXml.parse(SxprCorpusTest.read(SxprCorpusTest.ROOT.resolve("xml2sexpr").resolve(input)));
            String first = XenSxpr.format(fromXml);
            Domain back = XenSxpr.parse(first);
            String second = XenSxpr.format(back);
            if (!first.equals(second)) {
                broken.add(input + "\n  first:  " + first + "\n  second: " + second);
            }
            // the domain read back is a complete definition: its XML parses again to the same sexpr
            String third = XenSxpr.format(DomainXml.parse(DomainXml.format(back, false)));
            if (!first.equals(third)) {
                broken.add(input + " (through XML)\n  first: " + first + "\n  third: " + third);
            }
        }
        assertEquals(49, inputs.size()); // 52 cases, 49 distinct inputs
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    /** The driver's define path runs libvirt's generic defaults first; they must not change what xend gets. */
    @Test
    void genericDefaultsDoNotChangeTheSexpr() throws Exception {
        TreeSet<String> inputs = xml2sexprInputs();
        List<String> broken = new ArrayList<>();
        for (String input : inputs) {
            String xml = SxprCorpusTest.read(SxprCorpusTest.ROOT.resolve("xml2sexpr").resolve(input));
            String plain = XenSxpr.format(DomainXml.parse(xml));
            Domain withDefaults = DomainXml.parse(xml);
            if (withDefaults.os == null) {
                continue; // PV bootloader inputs without <os>: libvirt 9.0 defaults need an OS type
            }
            org.virtd.xml.DomainDefaults.apply(withDefaults, "x86_64");
            String defaulted = XenSxpr.format(withDefaults);
            if (!plain.equals(defaulted)) {
                broken.add(input + "\n  plain:     " + plain + "\n  defaulted: " + defaulted);
            }
        } // 52 cases, 49 distinct inputs
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    @Test
    void sexprCorpusInputsAreFixpointsAfterOneFormat() throws Exception {
        assumeTrue(Files.isDirectory(SxprCorpusTest.ROOT), "conformance corpus not present");
        List<String> broken = new ArrayList<>();
        for (String[] c : SxprCorpusTest.rows("sexpr2xml/CASES.txt")) {
            Domain d = XenSxpr.parseLenient(SxprCorpusTest.joined(SxprCorpusTest.ROOT.resolve("sexpr2xml").resolve(c[3])));
            String first = XenSxpr.format(d);
            String second = XenSxpr.format(XenSxpr.parse(first));
            if (!first.equals(second)) {
                broken.add(c[3] + "\n  first:  " + first + "\n  second: " + second);
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }
}
