package org.virtd.driver.xen.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.virtd.ffi.xen.XcDomain;
import org.virtd.ffi.xen.XenLayout;
import org.virtd.ffi.xen.XenLibraries;

/**
 * What can be checked without a hypervisor: opening fails with libvirt's text, and Xen's domain records decode
 * as xc_domain_getinfo decodes them. The calls themselves run on nested Xen (issue 8).
 */
class NativeXenHypervisorTest {

    @Test
    void openWithoutXenFailsAsLibvirtsLibxlDriverDoes() {
        assumeTrue(XenLibraries.privcmd().isEmpty(), "this machine runs on Xen");
        XenHypervisorException e = assertThrows(XenHypervisorException.class, NativeXenHypervisor::open);
        assertEquals("libxenlight state driver is not active", e.getMessage());
        assertEquals("ENOENT", e.errno());
    }

    private static final byte[] HANDLE = {
            (byte) 0xc7, (byte) 0xa5, (byte) 0xfd, (byte) 0xbd, (byte) 0xcd, (byte) 0xaf, (byte) 0x94, 0x55,
            (byte) 0x92, 0x6a, (byte) 0xd6, 0x5c, 0x16, (byte) 0xdb, 0x18, 0x09};

    @Test
    void decodesARunningDomain() {
        int flags = XenLayout.XEN_DOMINF_RUNNING | XenLayout.XEN_DOMINF_HVM_GUEST;
        DomainInfo d = NativeXenHypervisor.toDomainInfo(
                new XcDomain(7, flags, 65536, 65792, 123_456_789L, 2, 3, HANDLE));
        assertEquals(7, d.domid());
        assertEquals(UUID.fromString("c7a5fdbd-cdaf-9455-926a-d65c16db1809"), d.uuid());
        assertEquals("r-----", d.xlState());
        assertNull(d.shutdownReason());
        assertEquals(262144, d.memoryKib());
        assertEquals(263168, d.maxMemoryKib());
        assertEquals(2, d.onlineVcpus());
        assertEquals(3, d.maxVcpuId());
        assertEquals(123_456_789L, d.cpuTimeNs());
    }

    @Test
    void decodesShutdownCodesAndCrash() {
        int crashed = XenLayout.XEN_DOMINF_SHUTDOWN | XenLayout.XEN_DOMINF_DYING
                | ShutdownReason.CRASH.code() << XenLayout.XEN_DOMINF_SHUTDOWNSHIFT;
        DomainInfo d = NativeXenHypervisor.toDomainInfo(new XcDomain(3, crashed, 0, 0, 0, 0, -1, HANDLE));
        assertEquals(ShutdownReason.CRASH, d.shutdownReason());
        assertTrue(d.crashed());
        assertEquals("---scd", d.xlState());
        assertEquals(-1, d.maxVcpuId());

        int rebooted = XenLayout.XEN_DOMINF_SHUTDOWN | XenLayout.XEN_DOMINF_PAUSED
                | ShutdownReason.REBOOT.code() << XenLayout.XEN_DOMINF_SHUTDOWNSHIFT;
        d = NativeXenHypervisor.toDomainInfo(new XcDomain(4, rebooted, 1, 1, 0, 1, 0, HANDLE));
        assertEquals(ShutdownReason.REBOOT, d.shutdownReason());
        assertFalse(d.crashed());
        assertEquals("--ps--", d.xlState());
    }
}
