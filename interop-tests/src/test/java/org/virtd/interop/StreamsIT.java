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
    private static final String POLKIT_NOTICE = "Authorization not available. Check if polkit service is running"
            + " or see debug message for more information.\r\n";
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

    /**
     * The stream's packets themselves, seen by a recording proxy between the real virsh and each daemon: the
     * DOMAIN_SCREENSHOT call, its reply, the data packets (sizes included), the empty end-of-data packet, the
     * client's finish and its confirmation must be the same sequence.
     */
    @Test
    void theStreamPacketsAreLibvirtds() throws Exception {
        List<String> expected = screenshotFrames(libvirtd, tmp.resolve("proxied-l.png"));
        List<String> actual = screenshotFrames(virtd, tmp.resolve("proxied-v.png"));
        assertTrue(expected.contains("S>C type=3 status=2 length=28"), "an empty end-of-data packet: " + expected);
        assertEquals(expected, actual);
    }

    /** Header fields of every DOMAIN_SCREENSHOT (211) frame of one {@code virsh screenshot}, in arrival order. */
    private static List<String> screenshotFrames(Endpoint target, Path file) throws Exception {
        List<String> frames = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Thread proxy = Thread.ofVirtual().start(() -> {
                try (java.net.Socket client = listener.accept();
                     java.net.Socket server = new java.net.Socket("127.0.0.1", target.tcpPort())) {
                    Thread up = Thread.ofVirtual().start(() -> relay(client, server, "C>S", frames));
                    relay(server, client, "S>C", frames);
                    up.join();
                } catch (Exception e) {
                    frames.add("proxy failed: " + e);
                }
            });
            Commands.Result r = Commands.virsh("test+tcp://127.0.0.1:" + listener.getLocalPort() + "/default",
                    "screenshot", "test", "--file", file.toString());
            assertEquals(0, r.exit(), r.describe());
            proxy.join(10_000);
        }
        return frames.stream().filter(f -> !f.startsWith("#")).toList();
    }

    /** Copies frames from {@code from} to {@code to}, noting the 211 ones; ends at end of stream. */
    private static void relay(java.net.Socket from, java.net.Socket to, String direction, List<String> frames) {
        try {
            java.io.DataInputStream in = new java.io.DataInputStream(from.getInputStream());
            java.io.DataOutputStream out = new java.io.DataOutputStream(to.getOutputStream());
            while (true) {
                int length = in.readInt();
                byte[] rest = new byte[length - 4];
                in.readFully(rest);
                out.writeInt(length);
                out.write(rest);
                out.flush();
                java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(rest);
                int program = h.getInt();
                h.getInt();
                int procedure = h.getInt();
                int type = h.getInt();
                int serial = h.getInt();
                int status = h.getInt();
                frames.add((procedure == 211 && program == 0x20008086 ? "" : "#") + direction + " type=" + type
                        + " status=" + status + " length=" + length + (type == 0 || type == 1 ? " serial=" + serial : ""));
            }
        } catch (java.io.IOException e) {
            try {
                to.shutdownOutput();
            } catch (java.io.IOException ignored) {
                // the other side is gone already
            }
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

    /**
     * A console both ways: real virsh and ours, each on a pseudo-terminal ({@code script}), type into the echo
     * console of virtd's {@code echo:///} fixture driver and leave with the escape character; what the user sees
     * must be the same.
     */
    @Test
    void consoleEchoesThroughVirtdForRealAndOurVirsh() throws Exception {
        Peers.require("script (util-linux)", Path.of("/usr/bin/script"));
        String uri = "echo+tcp://127.0.0.1:" + virtd.tcpPort() + "/";
        String java = ProcessHandle.current().info().command().orElseThrow();
        // As bin/virsh runs it: JDKs from 24 on warn about Netty's use of sun.misc.Unsafe unless allowed.
        String unsafe = Runtime.version().feature() >= 24 ? " --sun-misc-unsafe-memory-access=allow" : "";
        String ours = java + unsafe + " -cp " + System.getProperty("java.class.path") + " org.virtd.virsh.Main";
        String expected = console(Peers.VIRSH + " -c " + uri + " console test");
        String actual = console(ours + " -c " + uri + " console test");
        assertTrue(expected.contains("Escape character is ^] (Ctrl + ])\\r\\n\nhello"), expected);
        assertEquals(expected, actual);
        String escaped = console(ours + " -e ^x -c " + uri + " console test", (byte) 0x18);
        assertTrue(escaped.contains("Escape character is ^x (Ctrl + x)"), escaped);
    }

    private static String console(String command) throws Exception {
        return console(command, (byte) 0x1d);
    }

    /** Runs {@code command} on a pty, types "hello" once connected, then the escape byte; returns what it showed. */
    private static String console(String command, byte escape) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null")
                .redirectErrorStream(true).start();
        StringBuffer seen = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[4096];
            int n;
            try (var in = p.getInputStream()) {
                while ((n = in.read(buf)) > 0) {
                    seen.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        try {
            awaitText(seen, "Escape character is");
            Thread.sleep(500); // the console loop is set up right after the banner
            p.getOutputStream().write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            awaitText(seen, "hello");
            p.getOutputStream().write(escape);
            p.getOutputStream().flush();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the console ends on the escape character: " + seen);
            reader.join(5000);
            // libvirt's client library on a terminal may add a polkit notice of its own; it says nothing about
            // the daemon or virsh.
            return seen.toString().replace(POLKIT_NOTICE, "").replace("\r", "\\r").replace("\n", "\\n\n")
                    + "exit " + p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    private static void awaitText(StringBuffer seen, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.indexOf(text) < 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(seen.indexOf(text) >= 0, "waited for '" + text + "', saw: " + seen);
    }

    private static Commands.Result python(String uri, String mode) throws Exception {
        return Commands.run(List.of(Peers.PYTHON.toString(), tmp.resolve("streams.py").toString(), uri, mode), 60);
    }
}
