package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtd.xml.domain.CommandlineExtension;
import org.virtd.xml.domain.CommandlineExtension.Env;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.DomainBuilder;

/** Typed access to {@code <qemu:commandline>} and {@code <xen:commandline>}, read from libvirt's files and written back. */
class CommandlineExtensionTest {

    @Test
    void readsQemuArgumentsAndEnvironmentFromLibvirtsOutput() {
        assumeTrue(Corpus.present(), "conformance corpus not found");
        Domain d = DomainXml.parse(Corpus.read("qemuxml2argv/qemuxml2xmloutdata/qemu-ns.x86_64-latest.xml"));
        CommandlineExtension q = CommandlineExtension.of(d, CommandlineExtension.QEMU_NS).orElseThrow();
        assertEquals(List.of("-unknown", "parameter"), q.args());
        assertEquals(List.of(new Env("NS", "ns"), new Env("BAR", null)), q.env());
        assertFalse(CommandlineExtension.of(d, CommandlineExtension.XEN_NS).isPresent());
    }

    @Test
    void writtenCommandLinesFormatAsLibvirtWritesThemAndReadBack() {
        Domain d = DomainBuilder.create("kvm", "withargs").memoryKiB(1048576).vcpus(1).os("hvm", "x86_64", null)
                .build();
        CommandlineExtension.qemu(List.of("-s", "-S"), List.of(new Env("A", "1"))).writeTo(d);
        CommandlineExtension.qemu(List.of("-nodefaults"), List.of()).writeTo(d); // replaces, never duplicates
        String xml = DomainXml.format(d);
        assertTrue(xml.contains("  <qemu:commandline>\n    <qemu:arg value='-nodefaults'/>\n  </qemu:commandline>\n"),
                xml);
        assertTrue(xml.startsWith("<domain type='kvm' xmlns:qemu='" + CommandlineExtension.QEMU_NS + "'>"), xml);
        Domain back = DomainXml.parse(xml);
        assertEquals(List.of("-nodefaults"), CommandlineExtension.of(back, CommandlineExtension.QEMU_NS)
                .orElseThrow().args());
        assertEquals(xml, DomainXml.format(back), "format is stable");
    }

    @Test
    void xenCommandLinesHaveArgumentsOnly() {
        Domain d = DomainBuilder.create("xen", "xenargs").memoryKiB(524288).vcpus(1).os("hvm", "x86_64", null)
                .build();
        CommandlineExtension.xen(List.of("-monitor", "null")).writeTo(d);
        Domain back = DomainXml.parse(DomainXml.format(d));
        assertEquals(List.of("-monitor", "null"),
                CommandlineExtension.of(back, CommandlineExtension.XEN_NS).orElseThrow().args());
        assertThrows(IllegalArgumentException.class, () -> new CommandlineExtension(CommandlineExtension.XEN_NS,
                List.of(), List.of(new Env("X", "1"))));
    }
}
