package org.virtd.virsh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated bash completion script: the build installed it, it lists every command and every option of the
 * model, and bash really completes with it (commands, options not given yet, global options, domain names asked
 * from the virsh being completed with the line's {@code -c} URI).
 */
class BashCompletionTest {
    private static final Path BASH = Path.of("/bin/bash");
    private static final CommandRegistry REGISTRY = CommandRegistry.standard();

    @TempDir
    Path tmp;

    @Test
    void theBuildInstalledTheScriptOfTheCurrentModel() throws IOException {
        Path installed = Path.of("target/bash-completion/virsh");
        assertTrue(Files.isRegularFile(installed), "the build did not generate " + installed);
        assertEquals(BashCompletion.render(REGISTRY), Files.readString(installed));
    }

    /** Sources the script in bash and runs {@code body}; returns stdout. */
    private String bash(String body) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(BASH), "bash is not installed");
        Path script = tmp.resolve("virsh.bash");
        Files.writeString(script, BashCompletion.render(REGISTRY));
        Process p = new ProcessBuilder(BASH.toString(), "--norc", "-c", ". '" + script + "'\n" + body)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** COMPREPLY for the words of a line whose last word is being completed. */
    private List<String> complete(String... words) throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder("COMP_WORDS=(");
        for (String w : words) {
            b.append("'").append(w).append("' ");
        }
        b.append(")\nCOMP_CWORD=").append(words.length - 1).append("\n_virsh\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
        String out = bash(b.toString()).strip();
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    @Test
    void everyCommandAndEveryOptionIsListed() throws Exception {
        List<String> names = new ArrayList<>();
        StringBuilder body = new StringBuilder("echo \"$_virsh_commands\"\n");
        for (CommandRegistry.Group g : REGISTRY.groups()) {
            for (CommandDef c : g.commands()) {
                names.add(c.name());
                body.append("_virsh_command_options ").append(c.name()).append("\n");
            }
        }
        String[] lines = bash(body.toString()).split("\n");
        assertEquals(names, List.of(lines[0].split(" ")));
        for (int i = 0; i < names.size(); i++) {
            CommandDef c = REGISTRY.find(names.get(i));
            List<String> expected = new ArrayList<>();
            c.options().forEach(o -> expected.add("--" + o.name()));
            expected.add("--help");
            assertEquals(expected, List.of(lines[i + 1].split(" ")), names.get(i));
        }
        assertTrue(names.size() >= 30, "the registry lost commands: " + names);
    }

    @Test
    void bashCompletesCommandsOptionsAndGlobalOptions() throws Exception {
        assertEquals(List.of("list"), complete("virsh", "li"));
        assertEquals(List.of("domstate", "domstats"), complete("virsh", "-c", "test:///default", "-r", "doms"));
        assertEquals(List.of("--inactive"), complete("virsh", "list", "--ina"));
        // An option already given is not offered again.
        List<String> states = new ArrayList<>();
        REGISTRY.find("list").options().stream().map(o -> "--" + o.name())
                .filter(n -> n.startsWith("--state-") && !n.equals("--state-running")).forEach(states::add);
        assertEquals(4 - 1, states.size());
        assertEquals(states, complete("virsh", "list", "--state-running", "--state-"));
        assertEquals(List.of("--keepalive-interval=", "--keepalive-count="), complete("virsh", "--keep"));
        // The value of a global option is not a command.
        assertEquals(List.of(), complete("virsh", "-d", "li"));
    }

    @Test
    void domainNamesComeFromTheVirshBeingCompletedOnTheSameConnection() throws Exception {
        Path fake = tmp.resolve("fake-virsh");
        Path calls = tmp.resolve("calls");
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nprintf 'test\\ntestvm2\\nother\\n'\n");
        fake.toFile().setExecutable(true);
        assertEquals(List.of("test", "testvm2"), complete(fake.toString(), "-c", "test:///x", "dominfo", "te"));
        assertEquals(List.of("other"), complete(fake.toString(), "--connect=test:///y", "start", "--domain", "o"));
        assertEquals("-q -c test:///x list --all --name\n-q -c test:///y list --all --name\n",
                Files.readString(calls));
    }
}
