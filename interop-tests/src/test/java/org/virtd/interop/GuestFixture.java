package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The test guest: Debian's cloud kernel and a busybox initramfs (scripts/guest-fixture: USERSPACE-READY on ttyS0,
 * a shell there, the ACPI power button powers it off), built once per JVM from Debian packages. Where it cannot be
 * built the tests that need it are skipped, unless {@code virtd.interop.required} is set (CI): then they fail.
 */
final class GuestFixture {
    record Guest(Path kernel, Path initrd) {}

    private static Guest built;
    private static String failure;

    private GuestFixture() {}

    static synchronized Guest get() throws Exception {
        if (built == null && failure == null) build();
        if (built == null) {
            if (Peers.required()) fail("the guest fixture could not be built: " + failure);
            assumeTrue(false, "the guest fixture could not be built: " + failure);
        }
        return built;
    }

    private static void build() throws Exception {
        Path script = repoRoot().resolve("scripts/guest-fixture/build");
        Commands.Result r = Commands.run(List.of(script.toString()), 300);
        if (r.exit() != 0) {
            failure = r.describe();
            return;
        }
        Path kernel = null, initrd = null;
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("KERNEL=")) kernel = Path.of(line.substring(7));
            if (line.startsWith("INITRD=")) initrd = Path.of(line.substring(7));
        }
        if (kernel == null || initrd == null || !Files.isRegularFile(kernel) || !Files.isRegularFile(initrd)) {
            failure = "the build script printed no usable KERNEL/INITRD: " + r.describe();
            return;
        }
        built = new Guest(kernel, initrd);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("scripts/guest-fixture"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository's scripts/guest-fixture");
        return p;
    }
}
