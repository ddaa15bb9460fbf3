package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.virtd.xml.domain.Domain;

/**
 * How much of libvirt 9.0's qemuxml2xmltest the hypervisor-neutral rules reproduce: every (case, mode) run of
 * qemuxml2argv/CASES-xml2xml.txt is parsed with the generic defaults only ({@link DomainDefaults#applyGeneric}),
 * formatted and compared byte for byte with its expected file. QEMU's own defaults (PCI addresses, implicit
 * controllers, CPU and disk driver defaults) are not applied, so most runs differ; the count of exact matches is
 * printed with the most common first differing elements and must not fall below the figure last measured.
 */
class QemuXml2XmlGenericTest {
    /** Exact matches measured when this guard was last raised; raise it when the generic rules improve. */
    static final int MEASURED = 256;

    private static final Pattern ELEMENT = Pattern.compile("</?([A-Za-z_][-\\w.:]*)");

    @Test
    void genericDefaultsMatchNoFewerRunsThanMeasured() {
        assumeTrue(Corpus.present(), "conformance corpus not found");
        List<String[]> rows = Corpus.rows("qemuxml2argv/CASES-xml2xml.txt");
        int matches = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (String[] r : rows) {
            String name = r[0];
            boolean live = r[1].equals("active");
            String expected = Corpus.expected("qemuxml2argv/qemuxml2xmloutdata/" + r[5]);
            String in = Corpus.read("qemuxml2argv/qemuxml2argvdata/" + name + ".xml");
            String reason;
            try {
                Domain d = DomainXml.parse(in);
                DomainXml.dropUnknown(d);
                DomainDefaults.applyGeneric(d, live);
                reason = firstDifference(expected, DomainXml.format(d, live));
            } catch (DomainXmlException e) {
                reason = "(error " + e.code() + ")";
            }
            if (reason == null) {
                matches++;
            } else {
                reasons.merge(reason, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(reasons.entrySet());
        top.sort((a, b) -> b.getValue() - a.getValue());
        Map<String, Integer> shown = new LinkedHashMap<>();
        top.stream().limit(20).forEach(e -> shown.put(e.getKey(), e.getValue()));
        System.out.println("qemuxml2xmloutdata, generic defaults only: " + matches + "/" + rows.size()
                + " runs match exactly; first differing element of the others (top 20): " + shown);
        assertEquals(1231, rows.size(), "run list changed");
        assertTrue(matches >= MEASURED, "exact matches fell from " + MEASURED + " to " + matches);
    }

    /** The element on the first line where the texts differ (the expected side's, if it has that line), or null. */
    static String firstDifference(String expected, String actual) {
        if (expected.equals(actual)) {
            return null;
        }
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) {
            i++;
        }
        String line = i < e.length ? e[i] : i < a.length ? a[i] : "";
        Matcher m = ELEMENT.matcher(line);
        return m.find() ? m.group(1) : "(text)";
    }
}
