package org.virtd.virsh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -l FILE} and {@code VIRSH_LOG_FILE}: the lines virsh appends (debug messages at or above the level, and
 * every error), compared with the real virsh's log of the same run with the time stamp and pid masked.
 */
class VirshLogFileTest {
    private static final Pattern PREFIX = Pattern.compile("^\\[\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d virsh \\d+\\] ",
            Pattern.MULTILINE);
    private static final String COMMANDS = "dominfo test; domstate nosuch";

    @TempDir
    Path tmp;

    private static int runOurs(Map<String, String> env, String... args) {
        PrintStream devNull = new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8);
        return new Virsh(CommandRegistry.standard(), new ByteArrayInputStream(new byte[0]), devNull, devNull)
                .environment(env::get).run(args);
    }

    private static String masked(Path log) throws IOException {
        String text = Files.readString(log);
        for (String line : text.split("\n")) {
            assertTrue(PREFIX.matcher(line).find(), "log line without virsh's prefix: " + line);
        }
        return PREFIX.matcher(text).replaceAll("[T virsh PID] ");
    }

    @Test
    void logOptionWritesDebugAndErrorLinesLikeVirsh() throws Exception {
        Path ours = tmp.resolve("ours.log");
        assertEquals(1, runOurs(Map.of(), "-d", "0", "-l", ours.toString(), "-c", "test:///default", COMMANDS));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ours)));
        String text = masked(ours);
        assertTrue(text.contains("[T virsh PID] DEBUG dominfo: <domain> trying as domain NAME\n"), text);
        assertTrue(text.endsWith("[T virsh PID] ERROR failed to get domain 'nosuch'\n"), text);

        // Appends, as virsh opens it with O_APPEND; VIRSH_LOG_FILE names it when -l does not.
        assertEquals(0, runOurs(Map.of("VIRSH_LOG_FILE", ours.toString()), "-c", "test:///default", "uri"));
        assertEquals(text, masked(ours));
        assertEquals(1, runOurs(Map.of("VIRSH_LOG_FILE", ours.toString()), "-c", "test:///default", "domid nosuch"));
        assertEquals(text + "[T virsh PID] ERROR failed to get domain 'nosuch'\n", masked(ours));

        Path virsh = Path.of("/usr/bin/virsh");
        assumeTrue(Files.isExecutable(virsh), "the real virsh is not installed");
        Path real = tmp.resolve("real.log");
        Process p = new ProcessBuilder(List.of(virsh.toString(), "-d", "0", "-l", real.toString(), "-c",
                "test:///default", COMMANDS)).redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile())
                .start();
        assertEquals(1, p.waitFor());
        assertEquals(masked(real), text);
    }
}
