package org.virtd.driver.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.VirException;

class XenDriverStateTest {
    @TempDir Path root;

    /** On this machine there is no Xen: the native backend refuses as libvirt's libxl driver does. */
    @Test
    void theNativeBackendWithoutAHypervisorIsLibvirtsInactiveDriver() {
        org.junit.jupiter.api.Assumptions.assumeTrue(!Files.exists(Path.of("/proc/xen/privcmd"))
                && !Files.exists(Path.of("/dev/xen/privcmd")), "a Xen host");
        String saved = System.getProperty("virtd.xen.hypervisor");
        System.setProperty("virtd.xen.hypervisor", "native");
        try {
            VirException e = assertThrows(VirException.class,
                    () -> XenDriverState.of(DriverEnvironment.under(root, true)));
            assertEquals("internal error: libxenlight state driver is not active", e.getMessage());
        } finally {
            if (saved == null) System.clearProperty("virtd.xen.hypervisor");
            else System.setProperty("virtd.xen.hypervisor", saved);
        }
    }
}
