package org.virtd.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * libvirt 9.0's own test data in {@code shared/conformance/libvirt-9.0.0} (not copied into this module). Found
 * through {@code -Dvirtd.conformance.dir} or, by default, two levels above the module directory.
 */
final class Corpus {
    static final Path ROOT = locate();

    private Corpus() {
    }

    private static Path locate() {
        String configured = System.getProperty("virtd.conformance.dir");
        Path dir = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().resolve("../../shared/conformance").normalize();
        return dir.resolve("libvirt-9.0.0");
    }

    static boolean present() {
        return Files.isDirectory(ROOT);
    }

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a tab-separated case list, without the comment lines and without the header row. */
    static List<String[]> rows(String relative) {
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : read(relative).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            out.add(line.split("\t"));
        }
        return out;
    }

    /** libvirt's test loader joins backslash-newline continuations of expected files before comparing. */
    static String expected(String relative) {
        return read(relative).replace("\\\n", "");
    }
}
