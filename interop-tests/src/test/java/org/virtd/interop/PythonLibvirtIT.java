package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** python3-libvirt 9.0 against virtd and libvirtd: the same script must print the same lines on both. */
class PythonLibvirtIT {
    @TempDir
    static Path tmp;
    static Daemons daemons;
    static Endpoint virtd;
    static Endpoint libvirtd;

    @BeforeAll
    static void start() throws Exception {
        Peers.require("python3-libvirt", Peers.PYTHON, Path.of("/usr/lib/python3/dist-packages/libvirt.py"));
        Peers.requireOracle();
        daemons = new Daemons();
        virtd = daemons.startVirtd(Files.createDirectories(tmp.resolve("virtd")));
        libvirtd = daemons.startLibvirtd(Files.createDirectories(tmp.resolve("libvirtd")));
        for (String s : List.of("api_matrix.py", "events.py")) {
            Files.copy(PythonLibvirtIT.class.getResourceAsStream("/python/" + s), tmp.resolve(s));
        }
        Files.copy(PythonLibvirtIT.class.getResourceAsStream("/inputs/demo.xml"), tmp.resolve("demo.xml"));
    }

    @AfterAll
    static void stop() {
        if (daemons != null) {
            daemons.close();
        }
    }

    private static Commands.Result python(String script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Peers.PYTHON.toString(), tmp.resolve(script).toString()));
        cmd.addAll(List.of(args));
        return Commands.run(cmd, 60);
    }

    @Test
    void apiMatrixMatchesLibvirtd() throws Exception {
        for (boolean unix : new boolean[] {false, true}) {
            Commands.Result expected = python("api_matrix.py", unix ? libvirtd.unixUri() : libvirtd.tcpUri(),
                    tmp.resolve("demo.xml").toString());
            Commands.Result actual = python("api_matrix.py", unix ? virtd.unixUri() : virtd.tcpUri(),
                    tmp.resolve("demo.xml").toString());
            assertEquals(0, expected.exit(), expected.describe());
            assertTrue(expected.stdout().contains("defineXML =>"), expected.stdout());
            assertEquals(libvirtd.normalize(expected.stdout()), virtd.normalize(actual.stdout()),
                    "virtd: " + actual.describe());
            assertEquals(expected.exit(), actual.exit(), actual.describe());
        }
    }

    @Test
    void lifecycleEventsArriveThroughTheEventLoop() throws Exception {
        String expected = events(libvirtd);
        String actual = events(virtd);
        assertTrue(expected.contains("lifecycle test 3 0"), expected);
        assertEquals(expected, actual);
    }

    /** Runs events.py, waits until it has registered, then suspends/resumes/reboots/destroys/starts 'test'. */
    private static String events(Endpoint e) throws Exception {
        Process p = new ProcessBuilder(Peers.PYTHON.toString(), tmp.resolve("events.py").toString(), e.tcpUri(), "4")
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            assertEquals("registered 2", first);
            Commands.cycleTestDomain(e);
            StringBuilder sb = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) {
                sb.append(line).append('\n');
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return sb.toString();
        } finally {
            p.destroyForcibly();
        }
    }
}
