package org.virtd.ffi.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jnr-ffi layouts and {@link XenLayout}'s constants against the C compiler's figures: always against the
 * recorded {@code layout/xen-4.17-x86_64.layout}, and, where gcc and libxen-dev are installed, against the probe
 * compiled afresh (so a header change cannot hide behind the recorded file).
 */
class XenLayoutTest {
    private static final String RECORDED = "/layout/xen-4.17-x86_64.layout";
    private static final String PROBE = "/layout/xen-layout-probe.c";

    /** Each bound struct under its C type name. */
    private static final Map<String, Class<? extends Struct>> STRUCTS = Map.of(
            "xc_domaininfo_t", XcDomainInfo.class, "xc_physinfo_t", XcPhysInfo.class,
            "libxl_dominfo", LibxlDomInfo.class, "libxl_physinfo", LibxlPhysInfo.class,
            "libxl_version_info", LibxlVersionInfo.class, "libxl_bitmap", LibxlBitmap.class);

    /**
     * What the Java side says, keyed as the probe prints: "type size", "type.field" (the Java field's name in
     * snake case; an array by its first element) and "CONSTANT value" for every constant of {@link XenLayout}.
     * Reflection, so that a field or constant added on either side without the other fails the comparison.
     */
    private static Map<String, Long> javaLayout() throws ReflectiveOperationException {
        Runtime rt = Runtime.getSystemRuntime();
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, Class<? extends Struct>> e : STRUCTS.entrySet()) {
            Struct s = e.getValue().getConstructor(Runtime.class).newInstance(rt);
            m.put(e.getKey() + " size", (long) Struct.size(s));
            for (Field f : e.getValue().getDeclaredFields()) {
                // The tail padding has no C name: its effect is the size.
                if (!Modifier.isPublic(f.getModifiers()) || f.getName().equals("tailPadding")) continue;
                Object member = f.get(s);
                if (member.getClass().isArray()) member = Array.get(member, 0);
                m.put(e.getKey() + "." + snakeCase(f.getName()), offset(member));
            }
        }
        for (Field f : XenLayout.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                m.put(f.getName() + " value", (long) f.getInt(null));
            }
        }
        return m;
    }

    /** Every jnr member has an {@code offset()}; some of the classes declaring it are not public. */
    private static long offset(Object member) throws ReflectiveOperationException {
        for (Class<?> c = member.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("offset");
                m.setAccessible(true);
                return (Long) m.invoke(member);
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        throw new AssertionError("no offset for " + member.getClass());
    }

    private static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) sb.append('_').append(Character.toLowerCase(c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /** "name value" lines (comments and blanks skipped) as a sorted map. */
    private static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> m = new TreeMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int sp = line.lastIndexOf(' ');
            m.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
        }
        return m;
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = XenLayoutTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String render(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    @Test
    void javaLayoutsMatchTheRecordedCompilerFigures() throws Exception {
        Map<String, Long> recorded = parse(resourceLines(RECORDED));
        assertTrue(recorded.size() > 100, "recorded layout has only " + recorded.size() + " entries");
        // Whole-text comparison: a mismatch shows every differing line at once, and an entry on either side
        // that the other lacks fails too.
        assertEquals(render(recorded), render(javaLayout()));
    }

    @Test
    void recordedFiguresAreWhatTheCompilerSaysToday(@TempDir Path dir) throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        assumeTrue(Files.isExecutable(gcc) && Files.exists(Path.of("/usr/include/libxl.h"))
                && Files.exists(Path.of("/usr/include/xenctrl.h")), "gcc or libxen-dev headers not installed");
        Path source = dir.resolve("probe.c");
        Files.write(source, resourceLines(PROBE));
        Path exe = dir.resolve("probe");
        run(List.of(gcc.toString(), "-Wall", "-Werror", "-o", exe.toString(), source.toString()), dir);
        String out = run(List.of(exe.toString()), dir);
        assertEquals(render(parse(resourceLines(RECORDED))), render(parse(out.lines().toList())));
    }

    private static String run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }
}
