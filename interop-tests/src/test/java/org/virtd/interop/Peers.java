package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real peers are, and what to do when one is missing: skip locally, fail in CI
 * ({@code -Dvirtd.interop.required=true}), so a green CI run cannot hide a missing install.
 */
final class Peers {
    static final Path VIRSH = Path.of("/usr/bin/virsh");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");

    private Peers() {
    }

    static boolean required() {
        return Boolean.getBoolean("virtd.interop.required");
    }

    static Path sharedDir() {
        String p = System.getProperty("virtd.shared.dir");
        Path dir = p != null ? Path.of(p) : Path.of("/work/shared");
        return Files.isDirectory(dir) ? dir : Path.of("/work/shared");
    }

    static Path oracleScript() {
        return sharedDir().resolve("tools/libvirtd-oracle");
    }

    /** Skips (or, in CI, fails) unless every path exists. */
    static void require(String what, Path... paths) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                String msg = what + " is not installed here (" + p + " missing)";
                if (required()) {
                    fail(msg + "; virtd.interop.required is set");
                }
                assumeTrue(false, msg);
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The real libvirtd side by side needs root (it runs in its own mount namespace). */
    static void requireOracle() {
        require("libvirtd 9.0 (libvirt-daemon)", LIBVIRTD, oracleScript());
        if (!isRoot()) {
            if (required()) {
                fail("the libvirtd oracle needs root");
            }
            assumeTrue(false, "the libvirtd oracle needs root");
        }
    }
}
