package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Debian virsh against virtd and against libvirtd 9.0's test driver, side by side: every step runs on
 * both, in the same order, so both daemons go through the same states; stdout, stderr and exit status must be
 * identical (after replacing each daemon's own address by a placeholder).
 */
class VirshParityIT {
    enum Via { TCP, UNIX, RO_SOCKET, READONLY_FLAG }

    record Step(Via via, String... args) {
        static Step tcp(String... args) {
            return new Step(Via.TCP, args);
        }

        @Override
        public String toString() {
            return via + " virsh " + String.join(" ", args);
        }
    }

    @TempDir
    static Path tmp;
    static Daemons daemons;
    static Endpoint virtd;
    static Endpoint libvirtd;
    static Path files;

    @BeforeAll
    static void start() throws Exception {
        Peers.require("virsh (libvirt-clients)", Peers.VIRSH);
        Peers.requireOracle();
        daemons = new Daemons();
        virtd = daemons.startVirtd(Files.createDirectories(tmp.resolve("virtd")));
        libvirtd = daemons.startLibvirtd(Files.createDirectories(tmp.resolve("libvirtd")));
        files = Files.createDirectories(tmp.resolve("files"));
        Files.copy(VirshParityIT.class.getResourceAsStream("/inputs/demo.xml"), files.resolve("demo.xml"));
        Daemons.writeFile(files, "malformed.xml", "<domain type='test'><name>bad</name>\n<memory>1024</memory>\n");
        Daemons.writeFile(files, "noname.xml", "<domain type='test'><memory>1024</memory></domain>\n");
        Daemons.writeFile(files, "badtype.xml",
                "<domain type='kvm'><name>kvmguest</name><memory>1024</memory><os><type>hvm</type></os></domain>\n");
        Daemons.writeFile(files, "unknownelem.xml", Files.readString(files.resolve("demo.xml"))
                .replace("demo", "valcheck").replace("7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c",
                        "22222222-2222-4333-8444-555555555555")
                .replace("<on_crash>", "<bogus_element/>\n  <on_crash>"));
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

    private static String file(String name) {
        return files.resolve(name).toString();
    }

    private static Commands.Result run(Endpoint e, Step s) throws Exception {
        List<String> args = new ArrayList<>();
        String uri = switch (s.via()) {
            case TCP -> e.tcpUri();
            case UNIX -> e.unixUri();
            case RO_SOCKET -> e.roUnixUri();
            case READONLY_FLAG -> e.tcpUri();
        };
        if (s.via() == Via.READONLY_FLAG) {
            args.add("-r");
        }
        args.addAll(List.of(s.args()));
        Commands.Result r = virshSurvivingMigrateRace(uri, args);
        return new Commands.Result(e.normalize(r.stdout()), e.normalize(r.stderr()), r.exit());
    }

    /**
     * Runs the real virsh. Its {@code migrate} has a race of its own (libvirt 9.0): when the migration call fails
     * before the main thread enters its event loop, the loop's quit is lost and virsh waits forever, whichever
     * daemon answered. Such a run is retried (the failed call changed nothing); any other command gets one go.
     */
    private static Commands.Result virshSurvivingMigrateRace(String uri, List<String> args) throws Exception {
        if (!args.contains("migrate")) {
            return Commands.virsh(uri, args.toArray(String[]::new));
        }
        java.io.IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            List<String> cmd = new ArrayList<>(List.of(Peers.VIRSH.toString(), "-c", uri));
            cmd.addAll(args);
            try {
                return Commands.run(cmd, 15);
            } catch (java.io.IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void compare(List<Step> steps) throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (Step s : steps) {
            Commands.Result expected = run(libvirtd, s);
            Commands.Result actual = run(virtd, s);
            String cpuTimeProblem = cpuTimeProblem(expected.stdout(), actual.stdout());
            if (cpuTimeProblem != null) {
                mismatches.add("== " + s + "\n" + cpuTimeProblem);
                continue;
            }
            expected = withoutCpuTime(expected);
            actual = withoutCpuTime(actual);
            if (!expected.equals(actual)) {
                mismatches.add("== " + s + "\n-- libvirtd: " + expected.describe() + "-- virtd: " + actual.describe());
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + steps.size()
                + " steps differ from libvirtd:\n" + String.join("\n", mismatches));
    }

    private static final java.util.regex.Pattern CPU_TIME =
            java.util.regex.Pattern.compile("(?m)^(CPU time:\\s+)([0-9.]+)s$");

    /**
     * The test driver reports the wall clock as CPU time (libvirt's does too), so two daemons asked a moment
     * apart differ slightly: the values must be within 10 s of each other, and are then compared as equal.
     */
    private static String cpuTimeProblem(String expected, String actual) {
        java.util.regex.Matcher e = CPU_TIME.matcher(expected);
        java.util.regex.Matcher a = CPU_TIME.matcher(actual);
        boolean he = e.find();
        boolean ha = a.find();
        if (he != ha) {
            return "CPU time line present in only one output";
        }
        if (he && Math.abs(Double.parseDouble(e.group(2)) - Double.parseDouble(a.group(2))) > 10) {
            return "CPU time differs by more than 10 s: libvirtd " + e.group(2) + ", virtd " + a.group(2);
        }
        return null;
    }

    private static Commands.Result withoutCpuTime(Commands.Result r) {
        return new Commands.Result(CPU_TIME.matcher(r.stdout()).replaceAll("$1(clock)s"), r.stderr(), r.exit());
    }

    @Test
    void hostAndConnectionQueries() throws Exception {
        compare(List.of(
                Step.tcp("uri"), new Step(Via.UNIX, "uri"), Step.tcp("version"), Step.tcp("hostname"),
                Step.tcp("nodeinfo"), Step.tcp("capabilities"), Step.tcp("sysinfo"), Step.tcp("connect"),
                new Step(Via.UNIX, "hostname"), new Step(Via.RO_SOCKET, "nodeinfo")));
    }

    @Test
    void listFilters() throws Exception {
        compare(List.of(
                Step.tcp("list"), Step.tcp("list", "--all"), Step.tcp("list", "--inactive"),
                Step.tcp("list", "--transient"), Step.tcp("list", "--persistent"),
                Step.tcp("list", "--state-running"), Step.tcp("list", "--state-paused"),
                Step.tcp("list", "--state-shutoff"), Step.tcp("list", "--state-other"),
                Step.tcp("list", "--autostart"), Step.tcp("list", "--no-autostart"),
                Step.tcp("list", "--with-snapshot"), Step.tcp("list", "--without-snapshot"),
                Step.tcp("list", "--managed-save"), Step.tcp("list", "--no-managed-save"),
                Step.tcp("list", "--with-checkpoint"), Step.tcp("list", "--without-checkpoint"),
                Step.tcp("list", "--name"), Step.tcp("list", "--uuid"), Step.tcp("list", "--table"),
                Step.tcp("list", "--title"), Step.tcp("list", "--all", "--name"), Step.tcp("list", "--id"),
                new Step(Via.UNIX, "list", "--all"), new Step(Via.READONLY_FLAG, "list")));
    }

    @Test
    void domainQueries() throws Exception {
        compare(List.of(
                Step.tcp("dominfo", "test"), Step.tcp("domstate", "test"), Step.tcp("domstate", "test", "--reason"),
                Step.tcp("domid", "test"), Step.tcp("domname", "1"), Step.tcp("domuuid", "test"),
                Step.tcp("domname", "6695eb01-f6a4-8304-79aa-97f2502e193f"), Step.tcp("domid", "1"),
                Step.tcp("dumpxml", "test"), Step.tcp("dumpxml", "--inactive", "test"),
                Step.tcp("vcpucount", "test"), Step.tcp("dominfo", "1"),
                Step.tcp("dominfo", "nosuchdomain"), Step.tcp("domstate", "nosuchdomain"),
                Step.tcp("domid", "nosuchdomain"), Step.tcp("domname", "42"), Step.tcp("dumpxml", "nosuchdomain")));
    }

    /**
     * Statistics, domain capabilities and the QEMU program. Domains are named, so the records come in the
     * order asked for, not in each daemon's own listing order.
     */
    @Test
    void statsCapabilitiesAndQemuProgram() throws Exception {
        compare(List.of(
                Step.tcp("domstats", "test"), Step.tcp("domstats", "--state", "--iothread", "test", "1"),
                Step.tcp("domstats", "--raw", "--list-active", "test"), Step.tcp("domstats", "--list-shutoff", "test"),
                Step.tcp("domstats", "--cpu-total", "--enforce", "test"), Step.tcp("domstats", "--vm", "--enforce"),
                Step.tcp("domstats", "--balloon", "--backing", "--nowait", "test"), Step.tcp("domstats", "nosuch"),
                new Step(Via.UNIX, "domstats", "test"), new Step(Via.RO_SOCKET, "domstats", "--state", "test"),
                Step.tcp("domcapabilities"), Step.tcp("domcapabilities", "--arch", "x86_64", "--virttype", "kvm"),
                new Step(Via.READONLY_FLAG, "domcapabilities"), new Step(Via.RO_SOCKET, "domcapabilities"),
                Step.tcp("qemu-monitor-command", "test", "info"),
                Step.tcp("qemu-monitor-command", "test", "--hmp", "info", "status"),
                Step.tcp("qemu-monitor-command", "test", "{\"execute\":\"query-status\"}"),
                Step.tcp("qemu-monitor-command", "test", "--pretty", "query-status", "{}"),
                new Step(Via.UNIX, "qemu-monitor-command", "test", "--pass-fds", "0", "info"),
                Step.tcp("qemu-monitor-command", "nosuch", "info"),
                new Step(Via.READONLY_FLAG, "qemu-monitor-command", "test", "info"),
                new Step(Via.RO_SOCKET, "qemu-monitor-command", "test", "info")));
    }

    /**
     * migrate's client-side checks and feature probes over the wire: the test driver announces no migration
     * feature, so each case ends in libvirt's refusal; the destination is in-process or unreachable.
     */
    @Test
    void migrateChecks() throws Exception {
        compare(List.of(
                Step.tcp("migrate", "test", "test:///default"), Step.tcp("migrate", "--p2p", "test", "test:///default"),
                Step.tcp("migrate", "--direct", "test", "test:///default"),
                Step.tcp("migrate", "--offline", "test", "test:///default"),
                Step.tcp("migrate", "--change-protection", "test", "test:///default"),
                Step.tcp("migrate", "--tunnelled", "test", "test:///default"),
                Step.tcp("migrate", "--copy-storage-all", "--copy-storage-inc", "test", "test:///default"),
                Step.tcp("migrate", "test", "test:///default", "--graphicsuri", "spice://h"),
                Step.tcp("migrate", "test", "test:///default", "--dname", "x", "--bandwidth", "5"),
                Step.tcp("migrate", "test", "qemu+tcp://127.0.0.1:1/system"),
                new Step(Via.READONLY_FLAG, "migrate", "test", "test:///default"),
                new Step(Via.RO_SOCKET, "migrate", "--p2p", "test", "test:///default")));
    }

    /** One long story, so both daemons pass through the same states; order matters. */
    @Test
    void lifecycleAndTuning() throws Exception {
        compare(List.of(
                Step.tcp("define", file("demo.xml")), Step.tcp("list", "--all"), Step.tcp("dominfo", "demo"),
                Step.tcp("dumpxml", "demo"), Step.tcp("domstate", "demo", "--reason"), Step.tcp("domid", "demo"),
                Step.tcp("start", "demo"), Step.tcp("start", "demo"), Step.tcp("list"),
                Step.tcp("domstate", "demo", "--reason"), Step.tcp("dumpxml", "demo"),
                Step.tcp("suspend", "demo"), Step.tcp("suspend", "demo"), Step.tcp("domstate", "demo", "--reason"),
                Step.tcp("list", "--state-paused"), Step.tcp("resume", "demo"), Step.tcp("resume", "demo"),
                Step.tcp("reboot", "demo"), Step.tcp("domstate", "demo", "--reason"),
                Step.tcp("shutdown", "demo"), Step.tcp("domstate", "demo", "--reason"),
                Step.tcp("shutdown", "demo"), Step.tcp("destroy", "demo"), Step.tcp("suspend", "demo"),
                Step.tcp("start", "demo"), Step.tcp("destroy", "demo"), Step.tcp("domstate", "demo", "--reason"),
                Step.tcp("autostart", "demo"), Step.tcp("list", "--autostart", "--all"),
                Step.tcp("dominfo", "demo"), Step.tcp("autostart", "--disable", "demo"),
                Step.tcp("list", "--no-autostart", "--all"),
                Step.tcp("setmem", "test", "262144"), Step.tcp("dominfo", "test"),
                Step.tcp("setmem", "test", "999999999"), Step.tcp("setmaxmem", "test", "1048576"),
                Step.tcp("setmaxmem", "test", "1048576", "--config"), Step.tcp("dumpxml", "--inactive", "test"),
                Step.tcp("setmaxmem", "demo", "1048576"), Step.tcp("setmem", "demo", "262144", "--config"),
                Step.tcp("dumpxml", "demo"), Step.tcp("setvcpus", "test", "2"), Step.tcp("vcpucount", "test"),
                Step.tcp("setvcpus", "demo", "3", "--config"), Step.tcp("vcpucount", "demo"),
                Step.tcp("setvcpus", "demo", "8", "--config"), Step.tcp("setvcpus", "test", "0"),
                Step.tcp("undefine", "demo"), Step.tcp("list", "--all"), Step.tcp("undefine", "demo"),
                Step.tcp("create", file("demo.xml")), Step.tcp("list", "--all"), Step.tcp("dominfo", "demo"),
                Step.tcp("list", "--transient"), Step.tcp("create", file("demo.xml")),
                Step.tcp("destroy", "demo"), Step.tcp("list", "--all"),
                Step.tcp("define", file("demo.xml")), Step.tcp("start", "demo"), Step.tcp("undefine", "demo"),
                Step.tcp("list", "--all", "--transient"), Step.tcp("dominfo", "demo"), Step.tcp("destroy", "demo"),
                Step.tcp("list", "--all"), Step.tcp("define", file("second.xml")),
                Step.tcp("define", file("second.xml")), Step.tcp("start", "second"), Step.tcp("list", "--all"),
                Step.tcp("destroy", "second"), Step.tcp("undefine", "second")));
    }

    @Test
    void badInputAndReadOnly() throws Exception {
        compare(List.of(
                Step.tcp("define", file("malformed.xml")), Step.tcp("define", file("noname.xml")),
                Step.tcp("create", file("malformed.xml")), Step.tcp("define", file("badtype.xml")),
                Step.tcp("define", file("nonexistent.xml")), Step.tcp("start", "nosuchdomain"),
                Step.tcp("define", "--validate", file("unknownelem.xml")),
                Step.tcp("create", "--validate", file("unknownelem.xml")),
                Step.tcp("define", file("unknownelem.xml")), Step.tcp("dumpxml", "valcheck"),
                Step.tcp("undefine", "valcheck"),
                Step.tcp("start", "test"), Step.tcp("undefine", "nosuchdomain"),
                Step.tcp("setmem", "nosuchdomain", "1024"), Step.tcp("autostart", "nosuchdomain"),
                new Step(Via.READONLY_FLAG, "suspend", "test"), new Step(Via.READONLY_FLAG, "define", file("demo.xml")),
                new Step(Via.READONLY_FLAG, "dominfo", "test"),
                new Step(Via.RO_SOCKET, "list", "--all"), new Step(Via.RO_SOCKET, "dominfo", "test"),
                new Step(Via.RO_SOCKET, "suspend", "test"), new Step(Via.RO_SOCKET, "destroy", "test"),
                new Step(Via.RO_SOCKET, "define", file("demo.xml")), new Step(Via.RO_SOCKET, "setmem", "test", "1024"),
                new Step(Via.RO_SOCKET, "dumpxml", "test"), new Step(Via.RO_SOCKET, "dumpxml", "--security-info", "test"),
                new Step(Via.RO_SOCKET, "autostart", "test"), Step.tcp("domstate", "test")));
    }

    /** {@code virsh event --all --loop} on each daemon while another virsh changes the domain. */
    @Test
    void eventsReachALoopingVirsh() throws Exception {
        String virtdEvents = events(virtd);
        String libvirtdEvents = events(libvirtd);
        assertTrue(libvirtdEvents.contains("event 'lifecycle' for domain 'test'"), libvirtdEvents);
        assertEquals(libvirtdEvents, virtdEvents);
    }

    private static String events(Endpoint e) throws Exception {
        CompletableFuture<Commands.Result> watcher = CompletableFuture.supplyAsync(() -> {
            try {
                return Commands.virsh(e.tcpUri(), "event", "--all", "--loop", "--timeout", "4");
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        Thread.sleep(1500); // let the watcher register its 27 callbacks
        Commands.cycleTestDomain(e);
        Commands.Result r = watcher.get();
        return r.exit() + "\n" + r.stdout() + r.stderr();
    }
}
