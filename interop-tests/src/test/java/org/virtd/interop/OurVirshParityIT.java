package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.virsh.CommandRegistry;
import org.virtd.virsh.Virsh;

/**
 * virtd's virsh against the real one, over the wire: every line of {@code virsh-sequences.txt} is given to the
 * real /usr/bin/virsh on one daemon and to our virsh (in this JVM, through driver-remote) on a twin daemon of the
 * same kind started the same way, in the same order, so the twins go through the same states. Done against two
 * libvirtd 9.0 test-driver daemons and against two virtd daemons; stdout, stderr and exit status must be
 * identical once each daemon's address and the test driver's clock-driven numbers are masked.
 */
class OurVirshParityIT {
    @TempDir
    static Path tmp;
    static Daemons daemons;
    static Path files;

    @BeforeAll
    static void start() throws Exception {
        Peers.require("virsh (libvirt-clients)", Peers.VIRSH);
        Peers.requireOracle();
        daemons = new Daemons();
        files = Files.createDirectories(tmp.resolve("files"));
        try (InputStream in = OurVirshParityIT.class.getResourceAsStream("/inputs/demo.xml")) {
            Files.copy(in, files.resolve("demo.xml"));
        }
        Daemons.writeFile(files, "second.xml", Files.readString(files.resolve("demo.xml"))
                .replace("demo", "second").replace("7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c",
                        "11111111-2222-4333-8444-555555555555"));
    }

    @AfterAll
    static void stop() {
        if (daemons != null) {
            daemons.close();
        }
    }

    private static List<String> sequences() throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = OurVirshParityIT.class.getResourceAsStream("/virsh-sequences.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.replace("@FILES@", files.toString()));
                }
            }
        }
        return out;
    }

    private static final Pattern CPU_TIME = Pattern.compile("(?m)^(CPU time:\\s+)[0-9.]+s$");
    private static final Pattern LAST_UPDATE = Pattern.compile("(?m)^last_update \\d+$");
    private static final Pattern COUNTER = Pattern.compile("(?m)^(\\S* ?(rd_req|rd_bytes|wr_req|wr_bytes|errs|rx_bytes"
            + "|rx_packets|rx_errs|rx_drop|tx_bytes|tx_packets|tx_errs|tx_drop|number of (read|write) operations:"
            + "|number of bytes (read|written):|error count:) +)\\d+$");
    private static final Pattern STATS_CLOCK = Pattern.compile("(?m)^(  (cpu\\.time|vcpu\\.\\d+\\.time)=)\\d+$");

    private static String mask(Endpoint e, String s) {
        s = e.normalize(s);
        s = CPU_TIME.matcher(s).replaceAll("$1(clock)s");
        s = LAST_UPDATE.matcher(s).replaceAll("last_update (clock)");
        s = COUNTER.matcher(s).replaceAll("$1(clock)");
        return STATS_CLOCK.matcher(s).replaceAll("$1(clock)");
    }

    /**
     * The real virsh, retried when its {@code migrate} hangs: libvirt 9.0's virsh loses the quit of its event loop
     * when the migration call fails before the loop starts (see VirshParityIT), whichever daemon answered.
     */
    private static Commands.Result real(Endpoint e, String sequence) throws Exception {
        if (!sequence.contains("migrate")) {
            return realOnce(e, sequence, 60);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return realOnce(e, sequence, 15);
            } catch (IOException hung) {
                last = hung;
            }
        }
        throw last;
    }

    private static Commands.Result realOnce(Endpoint e, String sequence, int timeoutSeconds) throws Exception {
        List<String> cmd = List.of(Peers.VIRSH.toString(), "-c", e.tcpUri(), sequence);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        pb.environment().remove("VISUAL");
        pb.environment().put("EDITOR", "true");
        pb.environment().put("LC_ALL", "C");
        Path out = tmp.resolve("real.out");
        Path err = tmp.resolve("real.err");
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("real virsh timed out: " + sequence);
        }
        return new Commands.Result(mask(e, Files.readString(out)), mask(e, Files.readString(err)), p.exitValue());
    }

    private static Commands.Result ours(Endpoint e, String sequence) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("EDITOR", "true");
        int exit;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream r = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            exit = new Virsh(CommandRegistry.standard(), new ByteArrayInputStream(new byte[0]), o, r)
                    .environment(env::get).run(new String[] {"-c", e.tcpUri(), sequence});
        }
        return new Commands.Result(mask(e, out.toString(StandardCharsets.UTF_8)),
                mask(e, err.toString(StandardCharsets.UTF_8)), exit);
    }

    private static void compare(Endpoint forReal, Endpoint forOurs) throws Exception {
        List<String> mismatches = new ArrayList<>();
        List<String> seqs = sequences();
        for (String s : seqs) {
            Commands.Result expected = real(forReal, s);
            Commands.Result actual = ours(forOurs, s);
            if (!expected.equals(actual)) {
                mismatches.add("== virsh '" + s + "'\n-- real virsh: " + expected.describe() + "-- our virsh: "
                        + actual.describe());
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + seqs.size() + " sequences differ:\n"
                + String.join("\n", mismatches));
    }

    @Test
    void againstLibvirtdsTestDriver() throws Exception {
        Endpoint a = daemons.startLibvirtd(Files.createDirectories(tmp.resolve("libvirtd-a")));
        Endpoint b = daemons.startLibvirtd(Files.createDirectories(tmp.resolve("libvirtd-b")));
        compare(a, b);
    }

    @Test
    void againstVirtd() throws Exception {
        Endpoint a = daemons.startVirtd(Files.createDirectories(tmp.resolve("virtd-a")));
        Endpoint b = daemons.startVirtdProcess(Files.createDirectories(tmp.resolve("virtd-b")));
        compare(a, b);
    }

    /** Our virsh as its own process (what a user runs), on this test's class path. */
    private static Process ourVirshProcess(Path out, Path err, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The launchers' JVM flags (bin/jdk-env), so this JDK prints no warnings of its own on stderr.
        String flags = System.getenv("VIRTD_JVM_FLAGS");
        if (flags != null && !flags.isBlank()) {
            cmd.addAll(List.of(flags.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.virtd.virsh.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LC_ALL", "C");
        return pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    @Test
    void aDaemonGoingAwayEndsTheEventLoopWithVirshsMessages() throws Exception {
        Endpoint a = daemons.startVirtdProcess(Files.createDirectories(tmp.resolve("virtd-gone-a")));
        Endpoint b = daemons.startVirtdProcess(Files.createDirectories(tmp.resolve("virtd-gone-b")));
        Path realOut = tmp.resolve("gone-real.out");
        Path realErr = tmp.resolve("gone-real.err");
        Path oursOut = tmp.resolve("gone-ours.out");
        Path oursErr = tmp.resolve("gone-ours.err");
        ProcessBuilder pb = new ProcessBuilder(Peers.VIRSH.toString(), "-c", a.tcpUri(), "event --all --loop");
        pb.environment().put("LC_ALL", "C");
        Process real = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(realOut.toFile()).redirectError(realErr.toFile()).start();
        Process ours = ourVirshProcess(oursOut, oursErr, "-c", b.tcpUri(), "event --all --loop");
        try {
            // Both wait for events once connected; give the JVM time to get there.
            Thread.sleep(4000);
            assertTrue(real.isAlive() && ours.isAlive(), "both virshes wait for events");
            daemons.stopProcess(a);
            daemons.stopProcess(b);
            assertTrue(real.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "real virsh ends");
            assertTrue(ours.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "our virsh ends");
        } finally {
            real.destroyForcibly();
            ours.destroyForcibly();
        }
        Commands.Result expected = new Commands.Result(a.normalize(Files.readString(realOut)),
                a.normalize(Files.readString(realErr)), real.exitValue());
        Commands.Result actual = new Commands.Result(b.normalize(Files.readString(oursOut)),
                b.normalize(Files.readString(oursErr)), ours.exitValue());
        assertTrue(expected.stderr().contains("Disconnected from TCP_URI due to I/O error"), expected.describe());
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
    }
}
