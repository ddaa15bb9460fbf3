package org.virtd.xdrgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Command line: {@code types <file.x> <outputDir> <javaPackage>} or {@code structs <file.x> [outputFile]}.
 * Several {@code types} jobs may be chained with {@code --} between them so that one JVM serves a build.
 */
public final class XdrGen {
    private XdrGen() {
    }

    public static void main(String[] args) throws IOException {
        int start = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals("--")) {
                run(java.util.Arrays.copyOfRange(args, start, i));
                start = i + 1;
            }
        }
    }

    private static void run(String[] a) throws IOException {
        if (a.length >= 4 && a[0].equals("types")) {
            Path in = Path.of(a[1]);
            writeTypes(load(in), Path.of(a[2]), a[3]);
        } else if ((a.length == 2 || a.length == 3) && a[0].equals("structs")) {
            String dump = structs(load(Path.of(a[1])));
            if (a.length == 3) {
                Files.writeString(Path.of(a[2]), dump, StandardCharsets.UTF_8);
            } else {
                System.out.print(dump);
            }
        } else {
            throw new IllegalArgumentException(
                    "usage: xdrgen types <file.x> <outputDir> <javaPackage> | structs <file.x> [outputFile]");
        }
    }

    /** Parses and resolves a definition file, with the files it imports from the same folder. */
    public static Model load(Path file) throws IOException {
        return load(file, 0);
    }

    private static Model load(Path file, int depth) throws IOException {
        if (depth > 8) {
            throw new XdrGenException(file + ": imports nested too deeply (a cycle?)");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Ast.Spec spec = Parser.parse(file.getFileName().toString(), text);
        java.util.List<Model> imports = new java.util.ArrayList<>();
        for (String name : spec.imports()) {
            imports.add(load(file.resolveSibling(name + ".x"), depth + 1));
        }
        return new Model(spec, imports);
    }

    /** The Java files for {@code types} mode, keyed by file name. */
    public static Map<String, String> types(Model model, String javaPackage) {
        return new JavaEmitter(model, javaPackage).emit();
    }

    public static String structs(Model model) {
        return new StructsEmitter(model).emit();
    }

    /** Writes the files, leaving unchanged ones untouched so that incremental builds stay quiet. */
    public static void writeTypes(Model model, Path outputDir, String javaPackage) throws IOException {
        Path dir = outputDir.resolve(javaPackage.replace('.', '/'));
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : types(model, javaPackage).entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.exists(f) || !Files.readString(f, StandardCharsets.UTF_8).equals(e.getValue())) {
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            }
        }
    }
}
