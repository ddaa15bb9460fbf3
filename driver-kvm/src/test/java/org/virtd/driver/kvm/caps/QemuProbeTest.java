package org.virtd.driver.kvm.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probing Debian's qemu-system-x86_64 7.2 through its monitor, and the cache keyed on the binary. */
class QemuProbeTest {
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    @TempDir Path dir;

    private static void needQemu() {
        if (Boolean.getBoolean("virtd.interop.required")) assertTrue(Files.isExecutable(QEMU), "needs " + QEMU);
        Assumptions.assumeTrue(Files.isExecutable(QEMU), "qemu-system-x86_64 not installed");
    }

    @Test
    void probesVersionMachinesCpusAndKvm() throws Exception {
        needQemu();
        QemuCaps c = QemuProbe.probe(QEMU, dir, Duration.ofSeconds(30));
        assertEquals(7, c.major());
        assertEquals(2, c.minor());
        assertEquals("x86_64", c.arch());
        assertTrue(c.versionNumber() >= 7_002_000L);
        assertEquals("pc-i440fx-7.2", c.defaultMachine());
        assertTrue(c.machines().stream().anyMatch(m -> "q35".equals(m.alias()) && m.name().equals("pc-q35-7.2")), c.machines().toString());
        assertTrue(c.cpuModels().contains("qemu64") && c.cpuModels().contains("Skylake-Client"), c.cpuModels().toString());
        assertEquals(Files.exists(Path.of("/dev/kvm")), c.kvm(), "KVM usable exactly where /dev/kvm answers");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.filter(p -> p.toString().endsWith(".sock")).count(), "the probe leaves no socket");
        }
    }

    @Test
    void theCacheReprobesOnlyAChangedBinary() throws Exception {
        needQemu();
        Path cacheDir = dir.resolve("cache");
        long t0 = System.nanoTime();
        QemuCaps first = new QemuCapsCache(cacheDir).get(QEMU, Duration.ofSeconds(30));
        long probeNanos = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        QemuCaps again = new QemuCapsCache(cacheDir).get(QEMU, Duration.ofSeconds(30));
        long cachedNanos = System.nanoTime() - t1;
        assertEquals(first, again);
        assertTrue(cachedNanos < probeNanos, "cached " + cachedNanos + " ns vs probe " + probeNanos + " ns");
        // An entry recorded for another identity of the binary (before an upgrade) is probed again and rewritten.
        Path entry;
        try (var files = Files.list(cacheDir)) {
            entry = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        String current = Files.readString(entry);
        Files.writeString(entry, current.replaceFirst("\"identity\":\"[^\"]*\"", "\"identity\":\"before-the-upgrade\""));
        assertEquals(first, new QemuCapsCache(cacheDir).get(QEMU, Duration.ofSeconds(30)));
        assertEquals(current, Files.readString(entry), "rewritten with the binary's identity");
    }

    @Test
    void aBinaryThatCannotRunFailsTheProbeQuickly() throws Exception {
        needQemu();
        // A copy outside its installation cannot load its accelerator modules and exits after creating its socket.
        Path bin = dir.resolve("qemu-system-x86_64");
        Files.copy(QEMU, bin);
        bin.toFile().setExecutable(true);
        long t0 = System.nanoTime();
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> QemuProbe.probe(bin, dir.resolve("w"), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("exited with status"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < java.util.concurrent.TimeUnit.SECONDS.toNanos(15));
    }
}
