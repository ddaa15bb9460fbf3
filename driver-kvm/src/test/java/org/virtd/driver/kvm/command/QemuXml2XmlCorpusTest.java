package org.virtd.driver.kvm.command;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.virtd.api.VirException;
import org.virtd.xml.DomainXml;
import org.virtd.xml.DomainXmlException;
import org.virtd.xml.domain.Domain;

/**
 * {@link QemuDomainDefaults} against libvirt 9.0's qemuxml2xmltest expectations (CASES-xml2xml.txt, x86_64 and
 * i686 rows): parse, QEMU defaults, format, compare byte for byte. The figure and the most common first differing
 * elements go to {@code target/xml2xml-corpus-report.txt}; the test fails below {@link #FLOOR}.
 */
class QemuXml2XmlCorpusTest {
    static final int FLOOR = 219;

    @Test
    void qemuDefaultsMatchNoFewerRunsThanTheFloor() throws IOException {
        Path root = QemuXml2ArgvCorpusTest.ROOT;
        assumeTrue(Files.isDirectory(root), "conformance corpus not found");
        Map<String, int[]> perCategory = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        int matched = 0;
        int total = 0;
        for (String line : Files.readAllLines(root.resolve("CASES-xml2xml.txt"))) {
            if (line.startsWith("#") || line.startsWith("case\t") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (!f[3].equals("x86_64") && !f[3].equals("i686")) {
                continue;
            }
            boolean live = f[1].equals("active");
            String category = f[2] + "-" + f[4];
            String in = Files.readString(root.resolve("qemuxml2argvdata/" + f[0] + ".xml"), StandardCharsets.UTF_8);
            String want = Files.readString(root.resolve("qemuxml2xmloutdata/" + f[5]), StandardCharsets.UTF_8);
            String reason;
            try {
                Domain d = DomainXml.parse(in);
                DomainXml.dropUnknown(d);
                QemuDomainDefaults.apply(d, f[2].equals("fake") ? QemuXml2ArgvCorpusTest.FAKE
                        : QemuXml2ArgvCorpusTest.LATEST, live);
                reason = firstDifference(want, DomainXml.format(d, live));
            } catch (VirException | DomainXmlException e) {
                reason = "(error) " + e.getMessage();
            } catch (RuntimeException e) {
                reason = "(exception) " + e;
            }
            int[] c = perCategory.computeIfAbsent(category, k -> new int[2]);
            c[1]++;
            total++;
            if (reason == null) {
                c[0]++;
                matched++;
            } else {
                mismatches.add(f[0] + " " + f[1] + " [" + category + "] " + reason);
                String key = reason.startsWith("(") ? reason.substring(0, reason.indexOf(')') + 1)
                        : reason.replaceAll("^line \\d+: ", "").replaceAll("^want \\[\\s*(<[^ >]*).*", "$1");
                reasons.merge(key, 1, Integer::sum);
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("xml2xml corpus (libvirt 9.0 x86 runs): ").append(matched).append('/').append(total)
                .append(" match\n");
        perCategory.forEach((k, v) -> report.append("  ").append(k).append(": ").append(v[0]).append('/')
                .append(v[1]).append('\n'));
        List<Map.Entry<String, Integer>> top = new ArrayList<>(reasons.entrySet());
        top.sort((a, b) -> b.getValue() - a.getValue());
        Map<String, Integer> shown = new LinkedHashMap<>();
        top.stream().limit(25).forEach(e -> shown.put(e.getKey(), e.getValue()));
        report.append("first differing element (top 25): ").append(shown).append('\n');
        report.append("\nmismatching runs:\n");
        mismatches.forEach(m -> report.append(m).append('\n'));
        Path out = Path.of("target/xml2xml-corpus-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report.substring(0, report.indexOf("\nmismatching")));
        assertTrue(matched >= FLOOR, "matches fell from " + FLOOR + " to " + matched + "; see " + out);
    }

    static String firstDifference(String expected, String actual) {
        if (expected.equals(actual)) {
            return null;
        }
        String[] a = expected.split("\n");
        String[] b = actual.split("\n");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "line " + (i + 1) + ": want [" + a[i] + "] got [" + b[i] + "]";
            }
        }
        return "length " + a.length + " vs " + b.length;
    }
}
