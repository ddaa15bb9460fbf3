package org.virtd.ffi.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
}
