package org.virtd.driver.xen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.virtd.driver.spi.support.StateFiles;

/**
 * The defined pool on disk, in xend's layout: {@code <dir>/<UUID>/} per defined domain. {@code domain.xml} holds
 * the definition losslessly; {@code config.sxp} (the definition as an xend S-expression, written when the SXP
 * converter is present) is what xend tools and users read; {@code autostart} marks domains started with the
 * daemon. Every file is written atomically (temp file, fsync, rename, directory fsync); undefine removes the
 * whole {@code <UUID>} directory.
 */
final class DefinedPool {
    static final String DEFINITION = "domain.xml";
    static final String SXP = "config.sxp";
    static final String AUTOSTART = "autostart";

    private final Path dir;

    DefinedPool(Path dir) { this.dir = dir; }

    Path dir() { return dir; }

    Path domainDir(UUID uuid) { return dir.resolve(uuid.toString()); }

    /** One entry as found on disk. */
    record Entry(UUID uuid, String xml, boolean autostart) {}

    /** Saves a definition (and its S-expression, when given). */
    void save(UUID uuid, String xml, String sxp) throws IOException {
        Path d = domainDir(uuid);
        Files.createDirectories(d);
        StateFiles.write(d.resolve(DEFINITION), xml);
        if (sxp != null) StateFiles.write(d.resolve(SXP), sxp);
        StateFiles.syncDirectory(dir);
    }

    void setAutostart(UUID uuid, boolean on) throws IOException {
        Path marker = domainDir(uuid).resolve(AUTOSTART);
        if (on) StateFiles.write(marker, "");
        else Files.deleteIfExists(marker);
        StateFiles.syncDirectory(domainDir(uuid));
    }

    /** Removes a domain's directory and everything in it. */
    void delete(UUID uuid) throws IOException {
        Path d = domainDir(uuid);
        if (!Files.exists(d)) return;
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        StateFiles.syncDirectory(dir);
    }

    /** Every defined domain; directories that are not a UUID, or lack a definition, are skipped. */
    List<Entry> load() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                UUID uuid;
                try {
                    uuid = UUID.fromString(p.getFileName().toString());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                Path def = p.resolve(DEFINITION);
                if (!Files.isRegularFile(def)) continue;
                out.add(new Entry(uuid, Files.readString(def, StandardCharsets.UTF_8), Files.exists(p.resolve(AUTOSTART))));
            }
        }
        return out;
    }
}
