package org.virtd.driver.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtd.api.VirException;

/** The facts of libvirt 9.0's libxl domain capabilities: what differs between PV, PVH and FV, and the errors. */
class XenDomainCapabilitiesTest {

    @Test
    void pvIsTheDefaultWithoutLoaderAndFvListsTheFirmware() {
        String pv = XenDomainCapabilities.format(null, null, null, null);
        assertTrue(pv.startsWith("<domainCapabilities>\n  <path>/usr/bin/qemu-system-x86_64</path>\n  <domain>xen</domain>\n"
                + "  <machine>xenpv</machine>\n  <arch>x86_64</arch>\n  <vcpu max='512'/>\n  <iothreads supported='no'/>\n"
                + "  <os supported='yes'>\n    <loader supported='no'/>\n  </os>\n"), pv);
        assertTrue(pv.contains("    <hostdev supported='yes'>\n      <enum name='mode'>\n        <value>subsystem</value>\n"), pv);
        assertTrue(pv.endsWith("  <features>\n    <gic supported='no'/>\n    <vmcoreinfo supported='no'/>\n"
                + "    <genid supported='no'/>\n    <sev supported='no'/>\n    <sgx supported='no'/>\n  </features>\n"
                + "</domainCapabilities>\n"), pv);
        String fv = XenDomainCapabilities.format("/usr/bin/qemu-system-x86_64", "x86_64", "xenfv", "xen");
        assertTrue(fv.contains("  <vcpu max='128'/>\n"), fv);
        assertTrue(fv.contains("    <loader supported='yes'>\n      <value>/usr/lib/xen-4.17/boot/ovmf.bin</value>\n"
                + "      <value>/usr/lib/xen-4.17/boot/hvmloader</value>\n      <enum name='type'>\n        <value>rom</value>\n"
                + "        <value>pflash</value>\n      </enum>\n      <enum name='readonly'>\n        <value>yes</value>\n"
                + "      </enum>\n    </loader>\n"), fv);
        String pvh = XenDomainCapabilities.format(null, "x86_64", "xenpvh", null);
        assertFalse(pvh.contains("<hostdev supported='yes'>"), "no PCI passthrough for PVH");
        for (String doc : new String[] {pv, fv, pvh}) {
            assertEquals("domainCapabilities", wellFormed(doc));
        }
    }

    private static String wellFormed(String xml) {
        try {
            return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml))).getDocumentElement().getTagName();
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage(), e);
        }
    }

    @Test
    void badArgumentsAreRefusedWithLibvirtsTexts() {
        assertEquals("invalid argument: unknown virttype: kvm", assertThrows(VirException.class,
                () -> XenDomainCapabilities.format(null, null, null, "kvm")).getMessage());
        assertEquals("invalid argument: unknown architecture: sparc", assertThrows(VirException.class,
                () -> XenDomainCapabilities.format(null, "sparc", null, null)).getMessage());
        assertEquals("invalid argument: Xen only supports 'xenpv', 'xenpvh' and 'xenfv' machines",
                assertThrows(VirException.class, () -> XenDomainCapabilities.format(null, null, "pc", null)).getMessage());
    }
}
