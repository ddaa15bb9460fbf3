package org.virtd.driver.xen.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/** Golden cases for the domain-definition → libxl JSON conversion, plus the definitions it must refuse. */
class LibxlDomainConfigTest {
    private static final Path DIR = Path.of("src/test/resources/libxljson");

    static final List<String> CASES = List.of("pv-minimal", "pv-direct-kernel", "pv-bootloader", "pvh", "hvm");

    private static boolean regenerate() {
        return Boolean.parseBoolean(System.getProperty("virtd.test.regenerate", "false"));
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void convertsToLibxlJson(String name) throws Exception {
        Domain d = DomainXml.parse(Files.readString(DIR.resolve(name + ".xml")));
        String json = LibxlDomainConfig.toJson(d);
        Path expected = DIR.resolve(name + ".json");
        if (regenerate()) Files.writeString(expected, json);
        assertEquals(Files.readString(expected), json);
    }

    @Test
    void everyDataFileBelongsToACase() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> !f.equals("README.md"))
                    .collect(Collectors.toSet());
        }
        Set<String> referenced = CASES.stream().flatMap(c -> Stream.of(c + ".xml", c + ".json"))
                .collect(Collectors.toSet());
        assertEquals(referenced, files);
    }

    private static XenHypervisorException refused(String xml) {
        return assertThrows(XenHypervisorException.class, () -> LibxlDomainConfig.toJson(DomainXml.parse(xml)));
    }

    private static String pv(String extra, String memory) {
        return "<domain type='xen'><name>x</name>" + memory + "<os><type>linux</type><kernel>/k</kernel></os>"
                + extra + "</domain>";
    }

    @Test
    void refusesDevicesItCannotConvertYet() {
        XenHypervisorException e = refused(pv("<devices><disk type='file' device='disk'><source file='/d.img'/>"
                + "<target dev='xvda' bus='xen'/></disk></devices>", "<memory>1024</memory>"));
        assertEquals("EOPNOTSUPP", e.errno());
        assertEquals("the native Xen backend does not create domains with disks yet", e.getMessage());
        e = refused(pv("<devices><interface type='bridge'><source bridge='xenbr0'/></interface></devices>",
                "<memory>1024</memory>"));
        assertEquals("the native Xen backend does not create domains with network interfaces yet", e.getMessage());
    }

    @Test
    void refusesWhatLibxlCouldNotExpress() {
        XenHypervisorException e = refused(pv("<on_crash>rename-preserve</on_crash>", "<memory>1024</memory>"));
        assertEquals("EINVAL", e.errno());
        assertEquals("unsupported on_crash action 'rename-preserve'", e.getMessage());
        assertEquals("current memory 2048 KiB exceeds memory 1024 KiB",
                refused(pv("", "<memory>1024</memory><currentMemory>2048</currentMemory>")).getMessage());
        assertEquals("the domain has no <memory>", refused(pv("", "")).getMessage());
        assertEquals("a PV domain needs <os><kernel> or a <bootloader>", refused(
                "<domain type='xen'><name>x</name><memory>1024</memory><os><type>linux</type></os></domain>")
                .getMessage());
        assertEquals("current vcpus 3 exceed the maximum 2",
                refused(pv("", "<memory>1024</memory><vcpu current='3'>2</vcpu>")).getMessage());
    }
}
