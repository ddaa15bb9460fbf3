package org.virtd.driver.xen.sxp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/**
 * libvirt 4.5.0's sexpr2xml and xml2sexpr cases ({@code shared/conformance/libvirt-4.5.0}, found through
 * {@code -Dvirtd.conformance.dir} or two levels above the module). Every case of both CASES.txt files runs;
 * comparison is libvirt's: exact text after joining backslash-newline pairs of the expected file, one missing
 * trailing newline tolerated.
 */
class SxprCorpusTest {
    static final Path ROOT = locate();

    /**
     * Cases known not to pass, with the reason. The test fails if one of them starts passing, so the list
     * cannot go stale.
     */
    private static final Map<String, String> KNOWN_SEXPR2XML = Map.of();
    private static final Map<String, String> KNOWN_XML2SEXPR = Map.of();

    private static Path locate() {
        String configured = System.getProperty("virtd.conformance.dir");
        Path dir = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().resolve("../../shared/conformance").normalize();
        return dir.resolve("libvirt-4.5.0");
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** libvirt's test loader deletes every backslash-newline pair. */
    static String joined(Path p) {
        return read(p).replace("\\\n", "");
    }

    static List<String[]> rows(String relative) {
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : read(ROOT.resolve(relative)).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            out.add(line.split("\t"));
        }
        return out;
    }

    static boolean matches(String expected, String actual) {
        return expected.equals(actual) || (expected.endsWith("\n") && expected.equals(actual + "\n"));
    }

    @Test
    void sexpr2xml() {
        assumeTrue(Files.isDirectory(ROOT), "conformance corpus not present");
        List<String[]> cases = rows("sexpr2xml/CASES.txt");
        assertEquals(50, cases.size());
        run("sexpr2xml", cases, KNOWN_SEXPR2XML, (input, expectedFile) -> {
            Domain d = XenSxpr.parseLenient(joined(input));
            withoutSecrets(d);
            return DomainXml.format(d, true);
        });
    }

    @Test
    void xml2sexpr() {
        assumeTrue(Files.isDirectory(ROOT), "conformance corpus not present");
        List<String[]> cases = rows("xml2sexpr/CASES.txt");
        assertEquals(52, cases.size());
        run("xml2sexpr", cases, KNOWN_XML2SEXPR, (input, expectedFile) -> {
            Domain d = DomainXml.parse(read(input));
            return XenSxpr.format(d);
        });
    }

    /**
     * The inputs that are not well formed: libvirt's reader accepted them (unclosed lists, a stray ')'), which
     * is why {@link XenSxpr#parseLenient} exists; {@link XenSxpr#parse} must refuse exactly these.
     */
    private static final Set<String> MALFORMED_INPUTS = Set.of("sexpr2xml-pv-vfb-new.sexpr",
            "sexpr2xml-pv-vfb-new-vncdisplay.sexpr", "sexpr2xml-net-routed.sexpr", "sexpr2xml-bridge-ipaddr.sexpr");

    @Test
    void strictParseRefusesExactlyTheMalformedInputs() throws Exception {
        assumeTrue(Files.isDirectory(ROOT), "conformance corpus not present");
        Set<String> refused = new java.util.TreeSet<>();
        for (String[] c : rows("sexpr2xml/CASES.txt")) {
            String text = joined(ROOT.resolve("sexpr2xml").resolve(c[3]));
            try {
                Domain strict = XenSxpr.parse(text);
                assertEquals(DomainXml.format(XenSxpr.parseLenient(text)), DomainXml.format(strict));
            } catch (SxprException e) {
                assertTrue(e.line() > 0 && e.column() > 0, e.getMessage());
                refused.add(c[3]);
            }
        }
        assertEquals(new java.util.TreeSet<>(MALFORMED_INPUTS), refused);
    }

    /**
     * sexpr2xmltest formats without VIR_DOMAIN_DEF_FORMAT_SECURE, so libvirt leaves VNC passwords out; the
     * domain keeps them (the driver needs them), the formatter's caller drops them as libvirt's drivers do.
     */
    static void withoutSecrets(Domain d) {
        d.devices.graphics.forEach(g -> g.otherAttributes.remove(new javax.xml.namespace.QName("passwd")));
    }

    interface Conversion {
        String apply(Path input, Path expected) throws Exception;
    }

    private static void run(String folder, List<String[]> cases, Map<String, String> known, Conversion conv) {
        int passed = 0;
        List<String> unexpected = new ArrayList<>();
        Set<String> stillFailing = new LinkedHashSet<>();
        for (String[] c : cases) {
            String name = c[0];
            Path input = ROOT.resolve(folder).resolve(c[3]);
            Path expectedFile = ROOT.resolve(folder).resolve(c[4]);
            String expected = joined(expectedFile);
            String actual;
            try {
                actual = conv.apply(input, expectedFile);
            } catch (Exception e) {
                actual = "EXCEPTION " + e;
            }
            boolean ok = matches(expected, actual);
            if (ok) {
                passed++;
                if (known.containsKey(name)) {
                    unexpected.add(name + ": listed as a known failure but passes now; remove it from the list");
                }
            } else if (known.containsKey(name)) {
                stillFailing.add(name);
            } else {
                unexpected.add(name + ":\n--- expected\n" + expected + "\n--- actual\n" + actual);
            }
        }
        System.out.printf("%s: %d of %d cases pass, %d known failures%n", folder, passed, cases.size(),
                stillFailing.size());
        assertTrue(unexpected.isEmpty(), String.join("\n\n", unexpected));
        assertEquals(known.keySet(), stillFailing, "every known failure must still fail");
    }
}
