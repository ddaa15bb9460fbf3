package org.virtd.virsh.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs our virsh interactively in a real terminal (a tmux pane on a private tmux server) and drives it with keys:
 * the welcome text and prompt, tab completion of commands, options and domain names, line editing, history and
 * the history file. Skips when tmux is missing, unless {@code -Dvirtd.interop.required=true}.
 */
class TerminalShellTest {
    private static final String WELCOME = """
            Welcome to virsh, the virtualization interactive terminal.

            Type:  'help' for help with commands
                   'quit' to quit

            virsh #""";

    @TempDir
    Path tmp;
    private String socket;
    private final String session = "virsh";

    @BeforeEach
    void start() throws Exception {
        boolean haveTmux = Files.isExecutable(Path.of("/usr/bin/tmux"));
        if (Boolean.getBoolean("virtd.interop.required")) {
            assertTrue(haveTmux, "virtd.interop.required: needs /usr/bin/tmux");
        }
        assumeTrue(haveTmux, "tmux is not installed");
        socket = "virtd-virsh-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path script = tmp.resolve("run.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path editor = tmp.resolve("break-xml.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's|</name>|</nam>|' \"$1\"\n");
        editor.toFile().setExecutable(true);
        Files.writeString(script, "#!/bin/sh\nexport XDG_CACHE_HOME='" + tmp.resolve("cache") + "'\n"
                + "export EDITOR='" + editor + "'\n"
                + "unset VIRSH_HISTSIZE LIBVIRT_DEFAULT_URI VIRSH_DEFAULT_CONNECT_URI\n"
                + "'" + java + "' -XX:TieredStopAtLevel=1 -cp '" + classPath() + "' org.virtd.virsh.Main "
                + "-c test:///default\necho \"EXIT=$?\"\nsleep 60\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "50", script.toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            tmux("kill-server");
            // The shell may still be saving its history when the pane dies; let it finish before @TempDir cleanup.
            Thread.sleep(500);
        }
    }

    /** The test's class path minus test-only entries: what bin/virsh puts on the class path. */
    private static String classPath() {
        List<String> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.endsWith("test-classes") && !e.contains("junit") && !e.contains("opentest4j")
                    && !e.contains("apiguardian") && !e.contains("surefire")) {
                keep.add(e);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", session).stripTrailing();
    }

    private void keys(String... keys) throws IOException, InterruptedException {
        // "--": keys such as "--ina" are not tmux options.
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session, "--"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Waits up to 30 s for the screen to satisfy {@code ready}; returns it. */
    private String await(String what, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String s = screen();
        while (!ready.test(s)) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; screen:\n" + s);
            }
            Thread.sleep(100);
            s = screen();
        }
        return s;
    }

    private static String lastLine(String screen) {
        String[] lines = screen.split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void welcomeCompletionEditingAndHistory() throws Exception {
        String s = await("the prompt", x -> x.endsWith("virsh #"));
        assertEquals(WELCOME, s);

        // Command name: "li" is unique.
        keys("li", "Tab");
        await("command completion", x -> lastLine(x).equals("virsh # list"));
        // Option name of the current command.
        keys("--ina", "Tab");
        await("option completion", x -> lastLine(x).equals("virsh # list --inactive"));
        keys("C-u");
        // Domain name, from listAllDomains on the open connection.
        keys("dominfo t", "Tab");
        await("domain completion", x -> lastLine(x).equals("virsh # dominfo test"));
        keys("Enter");
        s = await("dominfo output", x -> x.contains("Persistent:") && x.endsWith("virsh #"));
        assertTrue(s.contains("Name:           test"), s);

        // Line editing: a typo fixed with Left and BSpace.
        keys("hostnxame", "Left", "Left", "Left", "BSpace", "Enter");
        s = await("hostname output", x -> x.split("virsh #", -1).length == 4);
        assertTrue(s.contains("virsh # hostname\n"), s);
        String hostname = s.substring(s.indexOf("virsh # hostname\n") + 17).split("\n")[0];
        assertTrue(!hostname.isEmpty() && !hostname.startsWith("error"), s);

        // History: Up twice recalls the dominfo line.
        keys("Up", "Up");
        await("history recall", x -> lastLine(x).equals("virsh # dominfo test"));
        keys("C-u", "quit", "Enter");
        await("exit", x -> x.contains("EXIT=0"));
        Path history = tmp.resolve("cache/virsh/history");
        String saved = Files.readString(history);
        assertTrue(saved.contains("dominfo test") && saved.contains("hostname") && saved.contains("quit"), saved);
    }

    @Test
    void editAsksWhatToDoWhenTheEditedXmlFails() throws Exception {
        await("the prompt", x -> x.endsWith("virsh #"));
        keys("edit test", "Enter");
        String s = await("the re-edit question", x -> x.endsWith("Failed. Try again? [y,n,i,f,?]:"));
        assertTrue(s.contains("error: (domain_definition):2: Opening and ending tag mismatch: name line 2 and nam"), s);
        keys("?");
        s = await("the help", x -> x.contains("? - print this help") && x.endsWith("[y,n,i,f,?]:"));
        assertTrue(s.contains("i - turn off validation and try to redefine again"), s);
        // Turning validation off cannot fix malformed XML: asked again, now without the 'i' choice.
        keys("i");
        await("the question without 'i'", x -> x.endsWith("Failed. Try again? [y,n,f,?]:"));
        keys("n");
        s = await("the prompt again", x -> x.endsWith("virsh #") && x.lastIndexOf("[y,n,f,?]:") > 0);
        keys("dumpxml test --inactive", "Enter");
        s = await("the unchanged definition", x -> x.contains("</domain>") && x.endsWith("virsh #"));
        assertTrue(s.contains("<name>test</name>"), s);
        keys("quit", "Enter");
        await("exit", x -> x.contains("EXIT=0"));
    }

    @Test
    void historySizeIsCheckedAsVirshDoes() {
        assertEquals(500, TerminalShell.historySize(null));
        assertEquals(7, TerminalShell.historySize("7"));
        assertEquals("Bad $VIRSH_HISTSIZE value.",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> TerminalShell.historySize("x")).getMessage());
        assertEquals("$VIRSH_HISTSIZE value should be between 0 and 500000",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> TerminalShell.historySize("500001")).getMessage());
    }
}
