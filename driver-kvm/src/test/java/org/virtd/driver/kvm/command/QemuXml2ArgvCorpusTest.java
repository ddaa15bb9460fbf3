package org.virtd.driver.kvm.command;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.xml.DomainXml;
import org.virtd.xml.DomainXmlException;
import org.virtd.xml.domain.Domain;

/**
 * libvirt 9.0's qemuxml2argvtest over its x86 cases (shared/conformance, CASES.txt): parse, QEMU defaults, build,
 * compare with the expected {@code .args} after {@link #normalise}; {@code .err} cases match when we fail with the
 * same message. The figure per category and the mismatching cases go to
 * {@code target/xml2argv-corpus-report.txt}; the test fails if the number of matches falls below {@link #FLOOR}.
 */
class QemuXml2ArgvCorpusTest {
    /** Matches reached when this floor was last raised (all categories together). */
    static final int FLOOR = 172;

    static final Path ROOT = locate();

    /**
     * The capabilities the corpus' "latest" x86_64 cases stand for, as virtd's probe would report a QEMU 7.2:
     * the corpus dump is a 7.2 development snapshot calling itself 8.0, hence the machine renaming in
     * {@link #normalise}.
     */
    static final QemuCaps LATEST = new QemuCaps("/usr/bin/qemu-system-x86_64", 7, 2, 0, "", "x86_64",
            List.of(new QemuCaps.Machine("pc-i440fx-7.2", "pc", true, 255),
                    new QemuCaps.Machine("pc-q35-7.2", "q35", false, 288)),
            List.of("qemu64", "qemu32", "Skylake-Client"), true);

    /** libvirt's hand-built test capabilities: the same machines, but no CPU model information. */
    static final QemuCaps FAKE = new QemuCaps("/usr/bin/qemu-system-x86_64", 7, 2, 0, "", "x86_64",
            LATEST.machines(), List.of(), true);

    private static Path locate() {
        String configured = System.getProperty("virtd.conformance.dir");
        String shared = System.getProperty("virtd.shared.dir");
        Path dir = configured != null ? Path.of(configured)
                : shared != null && !shared.isBlank() ? Path.of(shared, "conformance").normalize()
                : Path.of("").toAbsolutePath().resolve("../../shared/conformance").normalize();
        return dir.resolve("libvirt-9.0.0/qemuxml2argv");
    }

    static LaunchContext context(String name) {
        // libvirt's per-domain directories use the short name: at most 20 characters of the name.
        Path lib = Path.of("/tmp/lib/domain--1-" + (name.length() > 20 ? name.substring(0, 20) : name));
        return LaunchContext.of(lib, lib.resolve("monitor.sock")).withUser("test").withPath("/bin");
    }

    /**
     * What differs by construction between libvirt's test output and ours, mapped to libvirt's form: (1) libvirt
     * passes the monitor and every listening UNIX chardev socket as {@code fd=1729}, we name the path QEMU is to
     * create ({@code path=P,server=on,wait=off} → {@code fd=1729,server=on,wait=off}); (2) machine names of the
     * 8.0-calling snapshot ({@code pc-i440fx-8.0}, {@code pc-q35-8.0}) are the 7.2 names.
     */
    static String normalise(String args, boolean ours) {
        String s = args.strip();
        if (ours) {
            s = s.replaceAll("(-chardev socket,id=[^,]+),path=(?:[^,]|,,)+,server=on,wait=off",
                    "$1,fd=1729,server=on,wait=off");
        } else {
            s = s.replace("pc-i440fx-8.0", "pc-i440fx-7.2").replace("pc-q35-8.0", "pc-q35-7.2");
        }
        return s;
    }

    /** The libvirt text of an error, as its test writes it to the {@code .err} file. */
    static String message(RuntimeException e) {
        if (e instanceof VirException v) {
            return v.getMessage();
        }
        DomainXmlException x = (DomainXmlException) e;
        for (VirErrorCode c : VirErrorCode.values()) {
            if (c.wireValue() == x.code()) {
                return VirException.of(org.virtd.api.VirErrorDomain.DOMAIN, c, x.detail()).getMessage();
            }
        }
        return x.getMessage();
    }

    /** Result of one case: null when it matches, else a one-line reason. */
    static String run(String name, String expect, String expectedFile) throws IOException {
        String xml = Files.readString(ROOT.resolve("qemuxml2argvdata/" + name + ".xml"), StandardCharsets.UTF_8);
        Path expected = ROOT.resolve("qemuxml2argvdata/" + expectedFile);
        String got;
        try {
            Domain d = DomainXml.parse(xml);
            DomainXml.dropUnknown(d);
            QemuDomainDefaults.apply(d, LATEST);
            // What the driver does before building: allocate the VNC port (libvirt's tests get 5900).
            for (var g : d.devices.graphics) {
                if ("vnc".equals(g.type) && (g.port == null || "-1".equals(g.port))) {
                    g.port = "5900";
                }
            }
            got = QemuCommandBuilder.build(d, LATEST, context(d.name)).toArgsString();
        } catch (VirException | DomainXmlException e) {
            if (expect.equals("args")) {
                return "failed: " + message(e);
            }
            if (!Files.exists(expected)) {
                return null;
            }
            String want = Files.readString(expected, StandardCharsets.UTF_8).strip();
            return want.equals(message(e)) ? null : "error differs: " + message(e);
        } catch (RuntimeException e) {
            return "exception: " + e;
        }
        if (!expect.equals("args")) {
            return "built, expected " + expect;
        }
        String want = normalise(Files.readString(expected, StandardCharsets.UTF_8), false);
        String ours = normalise(got, true);
        if (want.equals(ours)) {
            return null;
        }
        String[] a = want.split("\n");
        String[] b = ours.split("\n");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "line " + (i + 1) + ": want [" + a[i] + "] got [" + b[i] + "]";
            }
        }
        return "length " + a.length + " vs " + b.length;
    }

    @Test
    void matchesNoFewerCasesThanTheFloor() throws IOException {
        assumeTrue(Files.isDirectory(ROOT), "conformance corpus not found");
        Map<String, int[]> perCategory = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        int matched = 0;
        int total = 0;
        for (String line : Files.readAllLines(ROOT.resolve("CASES.txt"))) {
            if (line.startsWith("#") || line.startsWith("case\t") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            String category = f[1].equals("real") ? "real-" + f[4] + "-" + f[5] : "fake-" + f[5];
            String reason = run(f[0], f[5], f[6]);
            int[] c = perCategory.computeIfAbsent(category, k -> new int[2]);
            c[1]++;
            total++;
            if (reason == null) {
                c[0]++;
                matched++;
            } else {
                mismatches.add(f[0] + " [" + category + "] " + reason);
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("xml2argv corpus (libvirt 9.0 x86 cases): ").append(matched).append('/').append(total)
                .append(" match\n");
        perCategory.forEach((k, v) -> report.append("  ").append(k).append(": ").append(v[0]).append('/')
                .append(v[1]).append('\n'));
        report.append("\nmismatching cases:\n");
        mismatches.forEach(m -> report.append(m).append('\n'));
        Path out = Path.of("target/xml2argv-corpus-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report.substring(0, report.indexOf("\nmismatching")));
        assertTrue(matched >= FLOOR, "matches fell from " + FLOOR + " to " + matched + "; see " + out);
    }
}
