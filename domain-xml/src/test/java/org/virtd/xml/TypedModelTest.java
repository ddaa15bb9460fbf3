package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtd.xml.domain.Cpu;
import org.virtd.xml.domain.Cputune;
import org.virtd.xml.domain.Devices;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Features;
import org.virtd.xml.domain.Hostdev;
import org.virtd.xml.domain.MemoryBacking;
import org.virtd.xml.domain.MemoryDevice;
import org.virtd.xml.domain.NumaCell;
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Seclabel;
import org.virtd.xml.domain.Sysinfo;

/**
 * The typed parts of the model as a driver reads and writes them: libvirt's own output files read into typed fields,
 * and typed objects built in code formatted in libvirt's element and attribute order.
 */
class TypedModelTest {
    private static Domain corpus(String name) {
        assumeTrue(Corpus.present(), "conformance corpus not found");
        return DomainXml.parse(Corpus.read("qemuxml2argv/qemuxml2xmloutdata/" + name));
    }

    @Test
    void memoryBackingHugepages() {
        Domain d = corpus("hugepages-numa-default-2M.x86_64-latest.xml");
        MemoryBacking.Page page = d.memoryBacking.hugepages.pages.get(0);
        assertEquals("2048", page.size);
        assertEquals("KiB", page.unit);
        assertNull(page.nodeset);
        assertNull(d.memoryBacking.nosharepages);
    }

    @Test
    void cpuTopologyAndNumaCells() {
        Domain d = corpus("cpu-numa1.xml");
        assertEquals("2", d.cpu.topology.sockets);
        assertEquals("4", d.cpu.topology.cores);
        List<NumaCell> cells = d.cpu.numa.cell;
        assertEquals(2, cells.size());
        assertEquals("8-15", cells.get(1).cpus);
        assertEquals("109550", cells.get(1).memory);
    }

    @Test
    void hypervEnlightenments() {
        Features f = corpus("hyperv-stimer-direct.xml").features;
        assertEquals("custom", f.hyperv.mode);
        assertEquals("on", f.hyperv.synic.state);
        assertEquals("on", f.hyperv.stimer.direct.state);
        assertNull(f.hyperv.relaxed);
    }

    @Test
    void cputuneAndSeclabel() {
        Cputune t = corpus("cputune.xml").cputune;
        assertEquals("2048", t.shares);
        assertEquals("-1", t.globalQuota);
        assertEquals("0", t.vcpupin.get(0).vcpu);
        Seclabel s = corpus("seclabel-static.xml").seclabel.get(0);
        assertEquals("static", s.type);
        assertEquals("no", s.relabel);
        assertEquals("system_u:system_r:svirt_custom_t:s0:c192,c392", s.label);
    }

    @Test
    void devices() {
        Hostdev usb = corpus("hostdev-usb-address.x86_64-latest.xml").devices.hostdev.get(0);
        assertEquals("usb", usb.type);
        assertEquals("uninitialized", usb.source.guestReset);
        assertEquals("14", usb.source.address.bus);

        MemoryDevice mem = corpus("memory-hotplug-virtio-mem.x86_64-latest.xml").devices.memory.get(0);
        assertEquals("virtio-mem", mem.model);
        assertEquals("1048576", mem.target.size.value);
        assertEquals("0", mem.target.node);
        assertEquals("524288", mem.target.requested.value);

        Devices dev = corpus("tpm-emulator.x86_64-latest.xml").devices;
        assertEquals("emulator", dev.tpm.get(0).backend.type);
        assertEquals("1.2", dev.tpm.get(0).backend.version);
    }

    @Test
    void sysinfoTables() {
        Domain d = DomainXml.parse("""
                <domain type='test'><name>s</name><os><type>hvm</type></os>
                  <sysinfo type='smbios'>
                    <bios><entry name='vendor'>LENOVO</entry></bios>
                    <baseBoard><entry name='serial'>A1</entry></baseBoard>
                    <oemStrings><entry>myappname:some arbitrary data</entry></oemStrings>
                  </sysinfo>
                </domain>""");
        Sysinfo s = d.sysinfo.get(0);
        assertEquals("smbios", s.type);
        assertEquals("LENOVO", s.bios.value("vendor"));
        assertEquals("A1", s.baseBoard.get(0).value("serial"));
        assertEquals("myappname:some arbitrary data", s.oemStrings.entry.get(0).value);
        assertNull(s.system);
    }

    @Test
    void typedObjectsFormatInLibvirtOrder() {
        Domain d = DomainXml.parse("<domain type='kvm'><name>t</name><os><type>hvm</type></os></domain>");
        d.cpu = new Cpu();
        d.cpu.mode = "custom";
        d.cpu.match = "exact";
        d.cpu.feature.add(new Cpu.Feature("require", "vmx"));
        d.cpu.model = new Cpu.Model("Haswell");
        d.cpu.model.fallback = "forbid";
        d.features = new Features();
        d.features.smm = new Features.Smm();
        d.features.smm.state = "on";
        d.features.smm.tseg = new ScaledInteger("MiB", "48");
        d.features.acpi = new Features.State();
        d.memoryBacking = new MemoryBacking();
        d.memoryBacking.locked = new org.virtd.xml.domain.Generic();
        d.memoryBacking.access = new MemoryBacking.Access();
        d.memoryBacking.access.mode = "shared";
        assertEquals("""
                <domain type='kvm'>
                  <name>t</name>
                  <memoryBacking>
                    <locked/>
                    <access mode='shared'/>
                  </memoryBacking>
                  <os>
                    <type>hvm</type>
                  </os>
                  <features>
                    <acpi/>
                    <smm state='on'>
                      <tseg unit='MiB'>48</tseg>
                    </smm>
                  </features>
                  <cpu mode='custom' match='exact'>
                    <model fallback='forbid'>Haswell</model>
                    <feature policy='require' name='vmx'/>
                  </cpu>
                </domain>
                """, DomainXml.format(d));
        assertNotNull(d.cpu.feature("vmx"));
        assertNull(d.cpu.feature("svm"));
    }
}
