package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtd.xml.domain.Domain;

/**
 * libvirt 9.0's genericxml2xmltest over its own data: parse (generic parser, no hypervisor driver), post-parse,
 * format, compare byte for byte with the expected file, or fail where libvirt fails. The case list is explicit, in
 * libvirt's run order; {@link #caseListMatchesTheCorpus} checks it against genericxml2xml/CASES.txt.
 */
class GenericXml2XmlTest {
    /** name, parse mode (live/inactive), expected: "in" (the input), "out" (genericxml2xmloutdata), "fail". */
    static final List<String> CASES = List.of(
            "disk-virtio live out", "disk-hyperv-physical live out", "disk-hyperv-virtual live out",
            "graphics-vnc-minimal live out", "graphics-vnc-manual-port live out", "graphics-vnc-socket live out",
            "graphics-vnc-socket-listen live out", "graphics-listen-back-compat live out",
            "graphics-listen-back-compat-mismatch live fail", "graphics-vnc-listen-attr-only live out",
            "graphics-vnc-listen-element-minimal live out", "graphics-vnc-listen-element-with-address live out",
            "graphics-vnc-socket-attr-listen-address live out", "graphics-vnc-socket-attr-listen-socket live out",
            "graphics-vnc-socket-attr-listen-socket-mismatch live fail", "graphics-vnc-autoport-no live in",
            "graphics-listen-network-invalid inactive fail", "name-slash-fail live fail", "perf live in",
            "vcpus-individual live in", "disk-network-http live in", "cpu-cache-emulate live in",
            "cpu-cache-passthrough live in", "cpu-cache-disable live in", "network-interface-mac-check live in",
            "chardev-tcp live out", "chardev-tcp-missing-host live fail", "chardev-tcp-missing-service live fail",
            "chardev-tcp-multiple-source live fail", "chardev-udp live out",
            "chardev-udp-missing-connect-service live fail", "chardev-udp-multiple-source live fail",
            "chardev-unix live out", "chardev-unix-smartcard-missing-path live fail",
            "chardev-unix-redirdev-missing-path live fail", "chardev-unix-rng-missing-path live fail",
            "chardev-reconnect live out", "chardev-reconnect-missing-timeout live fail",
            "chardev-reconnect-invalid-mode live fail", "cachetune-small live in", "cachetune-cdp live in",
            "cachetune live in", "cachetune-extra-tunes live out", "cachetune-colliding-allocs inactive fail",
            "cachetune-colliding-tunes inactive fail", "cachetune-colliding-types inactive fail",
            "cachetune-colliding-monitor inactive fail", "memorytune live out",
            "memorytune-colliding-allocs inactive fail", "memorytune-colliding-cachetune inactive fail",
            "tseg live in", "launch-security-sev live in", "launch-security-s390-pv live in", "cputune live out",
            "device-backenddomain live in", "fibrechannel-appid live in", "cpu-phys-bits-emulate live in",
            "cpu-phys-bits-passthrough live in");

    /**
     * libvirt 9.0's error (code and message, from its conf code) for each case that must fail, so a failure for
     * another reason does not count.
     */
    static final Map<String, String> FAILURES = Map.ofEntries(
            Map.entry("graphics-listen-back-compat-mismatch", "67 graphics 'listen' attribute '192.168.123.123' "
                    + "must match 'address' attribute of first listen element (found '1.2.3.4')"),
            Map.entry("graphics-vnc-socket-attr-listen-socket-mismatch", "67 graphics 'socket' attribute "
                    + "'/tmp/vnc.sock' must match 'socket' attribute of first listen element (found "
                    + "'/tmp/mismatch.sock')"),
            Map.entry("graphics-listen-network-invalid", "27 'network' attribute is required for listen type "
                    + "'network'"),
            Map.entry("name-slash-fail", "27 name foo/bar cannot contain '/'"),
            Map.entry("chardev-tcp-missing-host", "1 Missing source host attribute for char device"),
            Map.entry("chardev-tcp-missing-service", "1 Missing source service attribute for char device"),
            Map.entry("chardev-tcp-multiple-source", "27 only one source element is allowed for character device"),
            Map.entry("chardev-udp-missing-connect-service", "1 Missing source service attribute for char device"),
            Map.entry("chardev-udp-multiple-source", "27 only two source elements are allowed for character device"),
            Map.entry("chardev-unix-smartcard-missing-path", "1 Missing source path attribute for char device"),
            Map.entry("chardev-unix-redirdev-missing-path", "1 Missing source path attribute for char device"),
            Map.entry("chardev-unix-rng-missing-path", "1 Missing source path attribute for char device"),
            Map.entry("chardev-reconnect-missing-timeout", "27 Missing required attribute 'timeout' in element "
                    + "'reconnect'"),
            Map.entry("chardev-reconnect-invalid-mode", "1 chardev reconnect is possible only for connect mode"),
            Map.entry("cachetune-colliding-allocs", "27 Colliding cache allocations for cache level '3' id '0', "
                    + "type 'code'"),
            Map.entry("cachetune-colliding-tunes", "27 Identical vcpus in cachetunes found"),
            Map.entry("cachetune-colliding-types", "27 Colliding cache allocations for cache level '3' id '0', "
                    + "type 'code'"),
            Map.entry("cachetune-colliding-monitor", "8 Monitor vcpus conflicts with allocation"),
            Map.entry("memorytune-colliding-allocs", "27 Memory Bandwidth already defined for node 0"),
            Map.entry("memorytune-colliding-cachetune", "27 Overlapping vcpus in resctrls"));

    static Stream<String> cases() {
        return CASES.stream();
    }

    @Test
    void caseListMatchesTheCorpus() {
        assumeTrue(Corpus.present(), "conformance corpus not found");
        List<String> fromCorpus = new ArrayList<>();
        for (String[] r : Corpus.rows("genericxml2xml/CASES.txt")) {
            String expected = r[4].equals("parse-failure") ? "fail" : r[3].equals("(input)") ? "in" : "out";
            fromCorpus.add(r[0] + " " + r[2] + " " + expected);
        }
        assertEquals(fromCorpus, CASES);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void genericParseFormatMatchesLibvirt(String spec) {
        assumeTrue(Corpus.present(), "conformance corpus not found");
        String[] c = spec.split(" ");
        String name = c[0];
        boolean live = c[1].equals("live");
        String in = Corpus.read("genericxml2xml/genericxml2xmlindata/" + name + ".xml");
        if (c[2].equals("fail")) {
            DomainXmlException e = assertThrows(DomainXmlException.class, () -> run(in, live), name);
            assertEquals(FAILURES.get(name), e.code() + " " + e.detail(), name);
            return;
        }
        String expectedFile = c[2].equals("in") ? "genericxml2xmlindata/" : "genericxml2xmloutdata/";
        assertEquals(Corpus.expected("genericxml2xml/" + expectedFile + name + ".xml"), run(in, live), name);
    }

    private static String run(String xml, boolean live) {
        Domain d = DomainXml.parse(xml);
        DomainXml.dropUnknown(d);
        DomainDefaults.applyGeneric(d, live);
        return DomainXml.format(d, live);
    }
}
