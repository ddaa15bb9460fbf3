package org.virtd.driver.kvm.caps;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HexFormat;
import org.virtd.driver.spi.support.StateFiles;

/**
 * Probe results kept per binary ({@code <dir>/<hash of path>.json}) and reused while the binary is the same file:
 * same path, size, modification time and inode, as libvirt's capabilities cache keys on the binary's ctime. A
 * changed binary (an upgrade) is probed again.
 */
public final class QemuCapsCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Part of the file name: results of an older probe (other fields, other order) are never read. */
    private static final String FORMAT = ".v2";
    private final Path dir;

    /** What this process already read or probed: a lookup then costs one stat of the binary. */
    private final java.util.Map<Path, Entry> memory = new java.util.concurrent.ConcurrentHashMap<>();

    public QemuCapsCache(Path dir) { this.dir = dir; }

    /** A cached entry: the binary's identity when probed, and what the probe found. */
    record Entry(String identity, QemuCaps caps) {}

    public QemuCaps get(Path binary, Duration timeout) throws IOException {
        String identity = identity(binary);
        Entry known = memory.get(binary.toAbsolutePath());
        if (known != null && known.identity().equals(identity)) return known.caps();
        QemuCaps caps = load(binary, identity, timeout);
        memory.put(binary.toAbsolutePath(), new Entry(identity, caps));
        return caps;
    }

    private QemuCaps load(Path binary, String identity, Duration timeout) throws IOException {
        Path file = dir.resolve(HexFormat.of().formatHex(binary.toAbsolutePath().toString().getBytes()) + FORMAT + ".json");
        if (Files.exists(file)) {
            try {
                Entry e = JSON.readValue(file.toFile(), Entry.class);
                if (e.identity().equals(identity)) return e.caps();
            } catch (IOException stale) {
                // an unreadable entry is probed again
            }
        }
        QemuCaps caps = QemuProbe.probe(binary, dir, timeout);
        Files.createDirectories(dir);
        StateFiles.write(file, JSON.writeValueAsString(new Entry(identity, caps)));
        return caps;
    }

    private static String identity(Path binary) throws IOException {
        BasicFileAttributes a = Files.readAttributes(binary, BasicFileAttributes.class);
        return binary.toAbsolutePath() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis() + ":" + a.fileKey();
    }
}
