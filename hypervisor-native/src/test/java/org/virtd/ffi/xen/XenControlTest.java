package org.virtd.ffi.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/** Without a hypervisor, opening runs the whole open path (logger, xenctrl) and fails with errno, cleaned up. */
class XenControlTest {

    @Test
    void openWithoutPrivcmdFailsWithEnoent() {
        assumeTrue(XenLibraries.privcmd().isEmpty(), "this machine runs on Xen");
        XenCallException e = assertThrows(XenCallException.class, XenControl::open);
        if (e.errnoName().equals("ELIBACC") && !Boolean.getBoolean("virtd.interop.required")) {
            assumeTrue(false, "Xen 4.17 libraries not installed: " + e.getMessage());
        }
        assertEquals("ENOENT", e.errnoName());
        assertEquals("xc_interface_open failed: No such file or directory", e.getMessage());
        // A second attempt behaves the same: the failed one left no state behind.
        assertEquals("ENOENT", assertThrows(XenCallException.class, XenControl::open).errnoName());
    }

    /**
     * An {@code xc_domaininfo_t} array laid out by hand at the C offsets (xen-4.17-x86_64.layout: 112-byte
     * elements; domain 0, flags 4, tot_pages 8, max_pages 16, cpu_time 56, nr_online_vcpus 64, max_vcpu_id 68,
     * handle 76) decodes element by element.
     */
    @Test
    void decodesAnInfoListAtTheCOffsets() {
        Runtime rt = Runtime.getSystemRuntime();
        Pointer buf = Memory.allocateDirect(rt, 2 * 112, true);
        for (int i = 0; i < 2; i++) {
            long base = i * 112L;
            buf.putShort(base, (short) (i * 5));
            buf.putInt(base + 4, 0x0003_0024 + i);
            buf.putLong(base + 8, 1000 + i);
            buf.putLong(base + 16, 2000 + i);
            buf.putLong(base + 56, 3_000_000_000L + i);
            buf.putInt(base + 64, 4 + i);
            buf.putInt(base + 68, i == 0 ? -1 : 7);
            for (int b = 0; b < 16; b++) buf.putByte(base + 76 + b, (byte) (b + 16 * i));
        }
        List<XcDomain> list = XenControl.decodeDomains(rt, buf, 2);
        assertEquals(2, list.size());
        for (int i = 0; i < 2; i++) {
            XcDomain d = list.get(i);
            assertEquals(i * 5, d.domid());
            assertEquals(0x0003_0024 + i, d.flags());
            assertEquals(1000 + i, d.totPages());
            assertEquals(2000 + i, d.maxPages());
            assertEquals(3_000_000_000L + i, d.cpuTimeNs());
            assertEquals(4 + i, d.nrOnlineVcpus());
            assertEquals(i == 0 ? -1 : 7, d.maxVcpuId());
            byte[] handle = new byte[16];
            for (int b = 0; b < 16; b++) handle[b] = (byte) (b + 16 * i);
            assertArrayEquals(handle, d.handle());
        }
    }
}
