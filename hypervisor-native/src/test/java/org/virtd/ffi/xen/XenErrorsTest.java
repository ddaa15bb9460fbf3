package org.virtd.ffi.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class XenErrorsTest {

    @Test
    void errnoNamesFollowXensPublicHeader() throws Exception {
        Path header = Path.of("/usr/include/xen/errno.h");
        assumeTrue(Files.exists(header), "libxen-dev not installed");
        Matcher m = Pattern.compile("^XEN_ERRNO\\((\\w+),\\s*(\\d+)\\)", Pattern.MULTILINE)
                .matcher(Files.readString(header));
        int checked = 0;
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("EWOULDBLOCK") || name.equals("EDEADLOCK")) continue; // aliases of EAGAIN, EDEADLK
            assertEquals(name, XenErrors.errnoName(Integer.parseInt(m.group(2))));
            checked++;
        }
        assertTrue(checked > 40, "parsed only " + checked + " errno lines");
    }

    @Test
    void libxlCodesFollowItsHeader() throws Exception {
        Path header = Path.of("/usr/include/_libxl_types.h");
        assumeTrue(Files.exists(header), "libxen-dev not installed");
        Matcher m = Pattern.compile("^\\s*(ERROR_\\w+) = (-\\d+),", Pattern.MULTILINE).matcher(Files.readString(header));
        int checked = 0;
        while (m.find()) {
            assertEquals(m.group(1), XenErrors.libxlErrorName(Integer.parseInt(m.group(2))));
            checked++;
        }
        assertEquals(32, checked);
    }

    @Test
    void unknownValuesKeepTheirNumber() {
        assertEquals("errno 200", XenErrors.errnoName(200));
        assertEquals("errno 0", XenErrors.errnoName(0));
        assertEquals("libxl error -99", XenErrors.libxlErrorName(-99));
        assertEquals("ESRCH", XenErrors.libxlErrnoEquivalent(-21));
        assertNull(XenErrors.libxlErrnoEquivalent(-3));
    }
}
