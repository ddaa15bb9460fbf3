package org.virtd.rpc.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Reads the libvirt 9.0 captures in {@code shared/vectors/libvirt-9.0/*.rpc.tsv}. */
public final class Vectors {
    private Vectors() {
    }

    /** One captured message. */
    public record Row(String file, int index, String direction, String procName, byte[] bytes) {
        @Override
        public String toString() {
            return file + "#" + index + " " + direction + " " + procName;
        }
    }

    public static Path dir() {
        String prop = System.getProperty("virtd.shared.dir");
        Path p = prop == null ? null : Path.of(prop, "vectors", "libvirt-9.0");
        if (p == null || !Files.isDirectory(p)) {
            p = Path.of("/work/shared/vectors/libvirt-9.0");
        }
        return p;
    }

    public static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(f -> f.getFileName().toString().endsWith(".rpc.tsv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every RPC message of a file; the TLS confirmation byte (a single 0x01, not a message) is skipped. */
    public static List<Row> rows(Path file) {
        List<Row> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f[13].equals("01") && f[7].startsWith("TLS_CONFIRM")) {
                    continue;
                }
                out.add(new Row(file.getFileName().toString(), Integer.parseInt(f[0]), f[2], f[7],
                        HexFormat.of().parseHex(f[13])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static List<Row> rows(String name) {
        return rows(dir().resolve(name + ".rpc.tsv"));
    }

    public static List<Row> all() {
        return files().stream().flatMap(f -> rows(f).stream()).toList();
    }
}
