package org.virtd.driver.kvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.virtd.api.DomainInterfaceStats;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;

/** Host-side network device counters from {@code /proc/net/dev}, turned to the guest's view as libvirt does. */
final class HostInterfaces {
    private HostInterfaces() {}

    static DomainInterfaceStats stats(String ifname) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
                int colon = line.indexOf(':');
                if (colon < 0 || !line.substring(0, colon).trim().equals(ifname)) continue;
                String[] f = line.substring(colon + 1).trim().split("\\s+");
                long[] v = new long[16];
                for (int i = 0; i < 16; i++) v[i] = Long.parseLong(f[i]);
                // A tap's transmit is the guest's receive: libvirt swaps the directions.
                return new DomainInterfaceStats(v[8], v[9], v[10], v[11], v[0], v[1], v[2], v[3]);
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        throw VirException.of(QemuDriverState.FROM, VirErrorCode.INTERNAL_ERROR, "Interface not found");
    }
}
