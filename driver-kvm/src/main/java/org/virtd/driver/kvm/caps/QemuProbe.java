package org.virtd.driver.kvm.caps;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.virtd.driver.kvm.qmp.QmpClient;
import org.virtd.driver.kvm.qmp.QmpException;
import org.virtd.ffi.kvm.Kvm;

/**
 * Probes a QEMU binary as libvirt does: starts it with no machine and no guest ({@code -machine none -S}), asks its
 * monitor (query-version, query-machines, query-cpu-definitions, query-target) and stops it. KVM availability comes
 * from {@code /dev/kvm} itself. The process never outlives the probe.
 */
public final class QemuProbe {
    private QemuProbe() {}

    public static QemuCaps probe(Path binary, Path workDir, Duration timeout) throws IOException {
        Files.createDirectories(workDir);
        Path sock = workDir.resolve("probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".sock");
        // A UNIX socket path holds at most 107 bytes: a deep work directory gets a short one of its own.
        Path shortDir = null;
        if (sock.toString().getBytes().length > 107) {
            shortDir = Files.createTempDirectory("virtd-probe");
            sock = shortDir.resolve("qmp.sock");
        }
        Process p = new ProcessBuilder(binary.toString(), "-machine", "none", "-nodefaults", "-nographic",
                "-no-user-config", "-S", "-qmp", "unix:" + sock + ",server=on,wait=off")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.exists(sock)) {
                if (!p.isAlive()) throw new IOException(binary + " exited with status " + p.exitValue() + " while probed");
                if (System.nanoTime() > deadline) throw new IOException(binary + " did not open its monitor in time");
                Thread.sleep(10);
            }
            try (QmpClient qmp = connect(p, binary, sock, timeout, deadline)) {
                JsonNode v = qmp.execute("query-version", null);
                JsonNode q = v.path("qemu");
                String arch = qmp.execute("query-target", null).path("arch").asText();
                List<QemuCaps.Machine> machines = new ArrayList<>();
                for (JsonNode m : qmp.execute("query-machines", null)) {
                    machines.add(new QemuCaps.Machine(m.path("name").asText(),
                            m.hasNonNull("alias") ? m.get("alias").asText() : null,
                            m.path("is-default").asBoolean(false), m.path("cpu-max").asInt(),
                            m.path("deprecated").asBoolean(false)));
                }
                // QMP's order is kept: libvirt lists machines in it (the default one first).
                List<String> cpus = new ArrayList<>();
                try {
                    for (JsonNode c : qmp.execute("query-cpu-definitions", null)) cpus.add(c.path("name").asText());
                } catch (QmpException e) {
                    // Targets without CPU models answer CommandNotFound.
                }
                cpus.sort(null);
                boolean kvm = (arch.equals("x86_64") || arch.equals("i386")) && Kvm.probe(Path.of("/dev/kvm")).usable();
                qmp.executeAsync("quit", null);
                return new QemuCaps(binary.toString(), q.path("major").asInt(), q.path("minor").asInt(),
                        q.path("micro").asInt(), v.path("package").asText(), arch, List.copyOf(machines),
                        List.copyOf(cpus), kvm);
            } catch (QmpException e) {
                throw new IOException(binary + " refused a probe command: " + e.getMessage(), e);
            } catch (org.virtd.driver.kvm.qmp.QmpConnectionException | IOException e) {
                // The monitor went away: most likely the binary died after creating its socket.
                if (p.waitFor(2, TimeUnit.SECONDS)) {
                    throw new IOException(binary + " exited with status " + p.exitValue() + " while probed", e);
                }
                throw new IOException(binary + " lost its monitor while probed: " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while probing " + binary, e);
        } finally {
            if (!waitQuietly(p)) p.destroyForcibly();
            Files.deleteIfExists(sock);
            if (shortDir != null) Files.deleteIfExists(shortDir);
        }
    }

    /** The socket file appears at bind(), a moment before QEMU listens: a refused connection is tried again. */
    private static QmpClient connect(Process p, Path binary, Path sock, Duration timeout, long deadline)
            throws IOException, QmpException, InterruptedException {
        while (true) {
            try {
                return QmpClient.connect(sock, timeout);
            } catch (java.net.ConnectException e) {
                if (!p.isAlive()) throw new IOException(binary + " exited with status " + p.exitValue() + " while probed");
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(10);
            }
        }
    }

    private static boolean waitQuietly(Process p) {
        try {
            return p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
