package org.virtd.driver.xen.sxp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

class XenSxprTest {
    private static final String PV = "(vm (name 'pv')(memory 256)(maxmem 512)(vcpus 4)(vcpu_avail 3)(cpus '0-2,5')"
            + "(uuid '596a5d21-71f4-8fb2-e068-e2386a5c413e')(on_poweroff 'destroy')(on_reboot 'restart')"
            + "(on_crash 'destroy')(image (linux (kernel '/k')(root '/dev/xvda1')(args 'quiet')(localtime 0)))"
            + "(localtime 0)(device (vbd (dev 'xvda')(uname 'phy:/dev/vg/pv')(mode 'w'))))";

    @Test
    void definedPoolDocumentRoundTrips() throws Exception {
        Domain d = XenSxpr.parse(PV);
        assertEquals(null, d.id);
        assertEquals("2", d.vcpu.current);
        assertEquals("0-2,5", d.vcpu.cpuset);
        assertEquals(PV, XenSxpr.format(d));
    }

    @Test
    void conversionErrorsAreLibvirts() {
        assertEquals("domain information incomplete, missing name",
                assertThrows(SxprException.class, () -> XenSxpr.parse("(domain (uuid 'x'))")).getMessage());
        assertEquals("unknown lifecycle type explode", assertThrows(SxprException.class, () -> XenSxpr.parse(
                "(domain (name a)(uuid '596a5d2171f48fb2e068e2386a5c413e')(on_crash explode))")).getMessage());
        assertEquals("domain information incomplete, vbd has no src", assertThrows(SxprException.class,
                () -> XenSxpr.parse("(domain (name a)(uuid '596a5d2171f48fb2e068e2386a5c413e')"
                        + "(image (linux (kernel /k)))(device (vbd (dev xvda))))")).getMessage());
        assertEquals("Invalid rate '10XB/s' specified", assertThrows(SxprException.class,
                () -> SxprToDomain.rate("10XB/s")).getMessage());
        SxprException syntax = assertThrows(SxprException.class, () -> XenSxpr.parse("(domain\n  (name 'a'"));
        assertEquals(2, syntax.line());
    }

    @Test
    void valuesXmlCannotCarryAreRefusedNotCrashed() {
        SxprException e = assertThrows(SxprException.class, () -> XenSxpr.parse(
                "(domain (name 'a\u0001b')(uuid '596a5d2171f48fb2e068e2386a5c413e')(bootloader))"));
        assertEquals(0, e.line());
        assertThrows(SxprException.class, () -> XenSxpr.parse("(domain (name a)(uuid 'not-a-uuid'))"));
    }

    @Test
    void ratesAreKilobytesPerSecond() throws Exception {
        assertEquals(10240, SxprToDomain.rate("10240KB/s"));
        assertEquals(2048, SxprToDomain.rate("2MB/s@20ms"));
        assertEquals(128, SxprToDomain.rate("1Mb/s"));
    }

    @Test
    void whatXendCannotExpressIsRefused() throws Exception {
        Domain d = DomainXml.parse("<domain type='xen'><name>n</name><uuid>596a5d2171f48fb2e068e2386a5c413e</uuid>"
                + "<memory>1024</memory><os><type>hvm</type></os></domain>");
        assertEquals("no HVM domain loader", assertThrows(SxprException.class, () -> XenSxpr.format(d)).getMessage());
    }
}
