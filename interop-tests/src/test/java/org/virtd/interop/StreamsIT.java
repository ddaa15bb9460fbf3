package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.Flags;
import org.virtd.api.Stream;
import org.virtd.api.VirException;
import org.virtd.api.Virt;

/**
 * RPC streams, proven with {@code screenshot}: real virsh and python3-libvirt get the same bytes, output and
 * errors from virtd as from libvirtd; virtd's own remote driver reads libvirtd's stream; aborts mid-stream and
 * clients that vanish mid-stream leave both daemons serving.
 */
class StreamsIT {
    private static final Path IMAGE = Path.of("/usr/share/libvirt/test-screenshot.png");

    @TempDir
    static Path tmp;
    static Daemons daemons;
    static Endpoint virtd;
    static Endpoint libvirtd;

    @BeforeAll
    static void start() throws Exception {
        Peers.require("virsh", Peers.VIRSH);
        Peers.require("python3-libvirt", Peers.PYTHON, Path.of("/usr/lib/python3/dist-packages/libvirt.py"));
        Peers.require("libvirt's test screenshot", IMAGE);
        Peers.requireOracle();
        daemons = new Daemons();
        virtd = daemons.startVirtd(Files.createDirectories(tmp.resolve("virtd")));
        libvirtd = daemons.startLibvirtd(Files.createDirectories(tmp.resolve("libvirtd")));
        Files.copy(StreamsIT.class.getResourceAsStream("/python/streams.py"), tmp.resolve("streams.py"));
    }

    @AfterAll
    static void stop() {
        if (daemons != null) {
            daemons.close();
        }
    }

    @Test
    void virshScreenshotStoresTheSameBytesFromBothDaemons() throws Exception {
        for (boolean unix : new boolean[] {false, true}) {
            Path fromLibvirtd = tmp.resolve("libvirtd-" + unix + ".png");
            Path fromVirtd = tmp.resolve("virtd-" + unix + ".png");
            Commands.Result expected = Commands.virsh(unix ? libvirtd.unixUri() : libvirtd.tcpUri(), "screenshot",
                    "test", "--file", fromLibvirtd.toString(), "--screen", "0");
            Commands.Result actual = Commands.virsh(unix ? virtd.unixUri() : virtd.tcpUri(), "screenshot", "test",
                    "--file", fromVirtd.toString(), "--screen", "0");
            assertEquals(0, expected.exit(), expected.describe());
            assertEquals(expected.stdout().replace(fromLibvirtd.toString(), "FILE"),
                    actual.stdout().replace(fromVirtd.toString(), "FILE"), actual.describe());
            assertEquals(expected.stderr(), actual.stderr());
            assertEquals(expected.exit(), actual.exit());
            assertArrayEquals(Files.readAllBytes(fromLibvirtd), Files.readAllBytes(fromVirtd));
            assertArrayEquals(Files.readAllBytes(IMAGE), Files.readAllBytes(fromVirtd));
        }
    }

    @Test
    void virshScreenshotErrorsMatch() throws Exception {
        for (List<String> args : List.of(List.of("screenshot", "nosuch", "--file", "x.png"),
                List.of("screenshot", "test", "--file", tmp.resolve("no/such/dir.png").toString()))) {
            Commands.Result expected = Commands.virsh(libvirtd.tcpUri(), args.toArray(String[]::new));
            Commands.Result actual = Commands.virsh(virtd.tcpUri(), args.toArray(String[]::new));
            assertEquals(libvirtd.normalize(expected.describe()), virtd.normalize(actual.describe()));
        }
        Commands.Result expected = Commands.virsh(libvirtd.roUnixUri(), "screenshot", "test", "--file",
                tmp.resolve("ro-l.png").toString());
        Commands.Result actual = Commands.virsh(virtd.roUnixUri(), "screenshot", "test", "--file",
                tmp.resolve("ro-v.png").toString());
        assertTrue(expected.stderr().contains("read only access prevents virDomainScreenshot"), expected.describe());
        assertEquals(expected.describe(), actual.describe());
        assertTrue(Files.notExists(tmp.resolve("ro-v.png")), "a failed screenshot leaves no file");
    }

    @Test
    void pythonStreamsMatchLibvirtd() throws Exception {
        for (boolean unix : new boolean[] {false, true}) {
            Commands.Result expected = python(unix ? libvirtd.unixUri() : libvirtd.tcpUri(), "all");
            Commands.Result actual = python(unix ? virtd.unixUri() : virtd.tcpUri(), "all");
            assertEquals(0, expected.exit(), expected.describe());
            assertTrue(expected.stdout().contains("abort after one recv => 1000"), expected.stdout());
            assertEquals(expected.stdout(), actual.stdout(), actual.describe());
            assertEquals(expected.exit(), actual.exit(), actual.describe());
        }
    }

    @Test
    void clientsVanishingMidStreamLeaveTheDaemonServing() throws Exception {
        int before = daemons.virtd().clientCount();
        for (int i = 0; i < 5; i++) {
            Commands.Result r = python(virtd.tcpUri(), "vanish");
            assertEquals("opened\n", r.stdout(), r.describe());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (daemons.virtd().clientCount() != before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before, daemons.virtd().clientCount(), "vanished clients are forgotten");
        Commands.Result after = python(virtd.tcpUri(), "all");
        assertTrue(after.stdout().startsWith("screenshot(0, 0) => ('image/png', 33443,"), after.describe());
    }

    @Test
    void ourRemoteDriverReadsLibvirtdsStream() throws Exception {
        for (Endpoint e : List.of(libvirtd, virtd)) {
            try (Connect c = Virt.connect(e.tcpUri(), 0, DriverEnvironment.under(tmp.resolve("client"), false))) {
                Domain d = c.lookupByName("test");
                Stream st = c.newStream(0);
                assertEquals("image/png", d.screenshot(st, 0, 0));
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = st.recv(buf)) > 0) {
                    got.write(buf, 0, n);
                }
                assertEquals(0, st.recv(buf), "end of stream stays the end");
                st.finish();
                assertArrayEquals(Files.readAllBytes(IMAGE), got.toByteArray(), e.name());

                Stream aborted = c.newStream(0);
                d.screenshot(aborted, 0, 0);
                assertTrue(aborted.recv(new byte[100]) > 0);
                aborted.abort();
                assertEquals(1, d.getInfo().state(), e.name() + " serves after an abort");

                VirException flags = assertThrows(VirException.class, () -> d.screenshot(c.newStream(0), 0, 1));
                assertEquals("unsupported flags (0x1) in function testDomainScreenshot", flags.getMessage());
                VirException console = assertThrows(VirException.class,
                        () -> d.openConsole(null, c.newStream(Flags.STREAM_NONBLOCK), 0));
                assertEquals("this function is not supported by the connection driver: virDomainOpenConsole",
                        console.getMessage());
            }
        }
    }

    private static Commands.Result python(String uri, String mode) throws Exception {
        return Commands.run(List.of(Peers.PYTHON.toString(), tmp.resolve("streams.py").toString(), uri, mode), 60);
    }
}
