package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Xen driver on the simulated hypervisor, driven by Debian's real virsh through a virtd process:
 * the lifecycle, the defined pool on disk, daemon restarts (SIGKILL and SIGTERM) under running domains, and
 * memory exhaustion.
 */
class XenDriverIT {
    @TempDir Path dir;

    @BeforeAll
    static void virsh() {
        Peers.require("virsh", Peers.VIRSH);
    }

    static String uri(Endpoint e) {
        return "xen+unix:///system?socket=" + e.rwSocket();
    }

    static String guestXml(String name, int memMiB) {
        return "<domain type='xen'>\n  <name>" + name + "</name>\n  <uuid>" + UUID.nameUUIDFromBytes(name.getBytes())
                + "</uuid>\n  <memory unit='MiB'>" + memMiB + "</memory>\n  <vcpu>1</vcpu>\n"
                + "  <os><type>linux</type><kernel>/boot/vmlinuz</kernel></os>\n</domain>\n";
    }

    Commands.Result virsh(Endpoint e, String... args) throws Exception {
        return Commands.virsh(uri(e), args);
    }

    Commands.Result ok(Endpoint e, String... args) throws Exception {
        Commands.Result r = virsh(e, args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.describe());
        return r;
    }

    Path domainDir(String name) {
        return dir.resolve("var/lib/virtd/xen/domains").resolve(UUID.nameUUIDFromBytes(name.getBytes()).toString());
    }

    @Test
    void aDomainGoesThroughItsLifeWithTheRealVirsh() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            assertTrue(ok(e, "version").stdout().contains("Running hypervisor: Xen 4.17.0\n"));
            String caps = ok(e, "capabilities").stdout();
            assertTrue(caps.contains("<os_type>xen</os_type>") && caps.contains("<machine>xenpv</machine>")
                    && caps.contains("<os_type>hvm</os_type>") && caps.contains("simulated Xen hypervisor"), caps);
            Path xml = Daemons.writeFile(dir, "g.xml", guestXml("guest1", 256));
            assertFalse(Files.exists(domainDir("guest1")));
            ok(e, "define", xml.toString());
            assertTrue(Files.exists(domainDir("guest1").resolve("domain.xml")), "defined: in the pool");
            String sxp = Files.readString(domainDir("guest1").resolve("config.sxp"));
            assertTrue(sxp.startsWith("(vm (name 'guest1')(memory 256)(maxmem 256)(vcpus 1)(uuid '"), sxp);
            ok(e, "start", "guest1");
            assertEquals("""
                     Id   Name       State
                    --------------------------
                     0    Domain-0   running
                     1    guest1     running

                    """, ok(e, "list", "--all").stdout());
            String info = ok(e, "dominfo", "guest1").stdout();
            assertTrue(info.contains("State:          running\n") && info.contains("Max memory:     262144 KiB\n")
                    && info.contains("OS Type:        xen\n"), info);
            ok(e, "suspend", "guest1");
            assertEquals("paused (user)\n\n", ok(e, "domstate", "--reason", "guest1").stdout());
            ok(e, "resume", "guest1");
            assertEquals("running (unpaused)\n\n", ok(e, "domstate", "--reason", "guest1").stdout());
            ok(e, "setmem", "guest1", "200M");
            assertTrue(ok(e, "dominfo", "guest1").stdout().contains("Used memory:    204800 KiB\n"));
            ok(e, "setmaxmem", "guest1", "300M", "--config");
            assertTrue(ok(e, "dumpxml", "--inactive", "guest1").stdout().contains("<memory unit='KiB'>307200</memory>"));
            Commands.Result tooMuch = virsh(e, "setmem", "guest1", "400M");
            assertEquals("error: invalid argument: cannot set memory higher than max memory\n", tooMuch.stderr());
            Commands.Result vcpus = virsh(e, "setvcpus", "guest1", "2");
            assertEquals("error: invalid argument: requested vcpus is greater than max allowable vcpus for the domain: 2 > 1\n",
                    vcpus.stderr());
            ok(e, "setvcpus", "guest1", "4", "--maximum", "--config");
            assertEquals("4\n\n", ok(e, "vcpucount", "guest1", "--maximum", "--config").stdout());
            ok(e, "shutdown", "guest1");
            waitForState(e, "guest1", "shut off (shutdown)\n\n");
            assertTrue(ok(e, "dominfo", "guest1").stdout().contains("Max memory:     307200 KiB\n"),
                    "the persistent definition takes over when the domain stops");
            ok(e, "start", "guest1");
            assertEquals("2", ok(e, "domid", "guest1").stdout().trim(), "a new domain id, as Xen allocates");
            ok(e, "destroy", "guest1");
            assertEquals("shut off (destroyed)\n\n", ok(e, "domstate", "--reason", "guest1").stdout());
            ok(e, "undefine", "guest1");
            assertFalse(Files.exists(domainDir("guest1")), "undefined: the <UUID> directory is gone");
            Commands.Result gone = virsh(e, "dominfo", "guest1");
            assertEquals(1, gone.exit());
            assertEquals("error: failed to get domain 'guest1'\n", gone.stderr());
            Commands.Result dom0 = virsh(e, "destroy", "Domain-0");
            assertEquals("error: Failed to destroy domain 'Domain-0'\n"
                    + "error: Requested operation is not valid: Domain-0 does not support requested operation\n", dom0.stderr());
        }
    }

    @Test
    void saveRestoreAndManagedSave() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            ok(e, "define", Daemons.writeFile(dir, "s.xml", guestXml("saver", 128)).toString());
            ok(e, "start", "saver");
            Path image = dir.resolve("saver.img");
            assertEquals("\nDomain 'saver' saved to " + image + "\n\n", ok(e, "save", "saver", image.toString()).stdout());
            assertEquals("shut off (saved)\n\n", ok(e, "domstate", "--reason", "saver").stdout());
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(image), 16);
            assertEquals("libvirt-xml\n \0 \r", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1), "libvirt's libxl image");
            ok(e, "restore", image.toString());
            assertEquals("running (restored)\n\n", ok(e, "domstate", "--reason", "saver").stdout());
            ok(e, "managedsave", "saver");
            assertTrue(ok(e, "dominfo", "saver").stdout().contains("Managed save:   yes\n"));
            Commands.Result refused = virsh(e, "undefine", "saver");
            // virsh asks first and refuses by itself, as against libvirtd.
            assertEquals("error: Refusing to undefine while domain managed save image exists\n", refused.stderr());
            ok(e, "start", "saver");
            assertEquals("running (restored)\n\n", ok(e, "domstate", "--reason", "saver").stdout());
            assertTrue(ok(e, "dominfo", "saver").stdout().contains("Managed save:   no\n"));
            Commands.Result bad = virsh(e, "restore", dir.resolve("s.xml").toString());
            assertEquals("error: Failed to restore domain from " + dir.resolve("s.xml") + "\n"
                    + "error: invalid argument: image magic is incorrect\n", bad.stderr());
        }
    }

    @Test
    void lifecycleEventsReachVirshEventAndRebootGivesANewDomain() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            ok(e, "define", Daemons.writeFile(dir, "ev.xml", guestXml("ev1", 128)).toString());
            var loop = new java.util.concurrent.CompletableFuture<Commands.Result>();
            Thread.ofPlatform().start(() -> {
                try {
                    loop.complete(virsh(e, "event", "--all", "--loop", "--timeout", "8"));
                } catch (Exception ex) {
                    loop.completeExceptionally(ex);
                }
            });
            Thread.sleep(1500); // virsh registers its callbacks
            ok(e, "start", "ev1");
            ok(e, "suspend", "ev1");
            ok(e, "resume", "ev1");
            ok(e, "reboot", "ev1");
            waitForState(e, "ev1", "running (booted)\n\n");
            for (int i = 0; i < 50 && ok(e, "domid", "ev1").stdout().trim().equals("1"); i++) Thread.sleep(100);
            assertEquals("2", ok(e, "domid", "ev1").stdout().trim(), "a reboot is a new domain on Xen");
            ok(e, "destroy", "ev1");
            Commands.Result events = loop.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("""
                    event 'lifecycle' for domain 'ev1': Started Booted
                    event 'lifecycle' for domain 'ev1': Suspended Paused
                    event 'lifecycle' for domain 'ev1': Resumed Unpaused
                    event 'lifecycle' for domain 'ev1': Stopped Shutdown
                    event 'lifecycle' for domain 'ev1': Started Booted
                    event 'lifecycle' for domain 'ev1': Stopped Destroyed
                    """, events.stdout().lines().filter(l -> l.startsWith("event '")).map(l -> l + "\n")
                    .reduce("", String::concat), events.describe());
        }
    }

    static Commands.Result xs(Path root, String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "XENSTORED_PATH=" + root.resolve("run/xenstored/socket")));
        cmd.addAll(List.of(argv));
        return Commands.run(cmd, 30);
    }

    /** The domain's XenStore tree, seen with Debian's xenstore tools, and the simulated guest steered through it. */
    @Test
    void xenstoreShowsTheRunningDomainAndSteersItsGuest() throws Exception {
        Peers.require("xenstore-utils", Path.of("/usr/bin/xenstore-ls"));
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            ok(e, "define", Daemons.writeFile(dir, "x.xml", guestXml("xsguest", 128)).toString());
            ok(e, "start", "xsguest");
            String id = ok(e, "domid", "xsguest").stdout().trim();
            Commands.Result tree = xs(dir, "xenstore-ls", "-p", "/local/domain/" + id);
            assertEquals(0, tree.exit(), tree.describe());
            assertTrue(tree.stdout().startsWith("vm = \"/vm/" + UUID.nameUUIDFromBytes("xsguest".getBytes()) + "\"")
                    && tree.stdout().contains("\nname = \"xsguest\"") && tree.stdout().contains(" static-max = \"131072\"")
                    && tree.stdout().matches("(?s).*\\n shutdown = \"\" [ .]*\\(n" + id + "\\)\\n.*"), tree.stdout());
            assertEquals("xsguest\n", xs(dir, "xenstore-read", "/vm/" + UUID.nameUUIDFromBytes("xsguest".getBytes()) + "/name").stdout());
            // A guest told to ignore requests leaves the request pending and keeps running.
            assertEquals(0, xs(dir, "xenstore-write", "/local/domain/" + id + "/virtd-sim/ignore-shutdown", "1").exit());
            ok(e, "shutdown", "xsguest");
            Thread.sleep(500);
            assertEquals("poweroff\n", xs(dir, "xenstore-read", "/local/domain/" + id + "/control/shutdown").stdout());
            assertEquals("running\n\n", ok(e, "domstate", "xsguest").stdout());
            assertEquals(0, xs(dir, "xenstore-rm", "/local/domain/" + id + "/virtd-sim/ignore-shutdown").exit());
            ok(e, "shutdown", "xsguest");
            waitForState(e, "xsguest", "shut off (shutdown)\n\n");
            assertEquals(1, xs(dir, "xenstore-exists", "/local/domain/" + id).exit(), "the tree goes with the domain");
            // A crash injected through XenStore.
            ok(e, "start", "xsguest");
            String id2 = ok(e, "domid", "xsguest").stdout().trim();
            assertEquals(0, xs(dir, "xenstore-write", "/local/domain/" + id2 + "/virtd-sim/crash", "1").exit());
            waitForState(e, "xsguest", "shut off (crashed)\n\n");
            assertEquals("Domain-0\n", xs(dir, "xenstore-read", "/local/domain/0/name").stdout());
        }
    }

    /** xen-sxpr both ways with the real virsh, malformed input located, and an xend pool imported at start. */
    @Test
    void xendSexpressionsBothWaysAndAnXendPoolImported() throws Exception {
        UUID imported = UUID.nameUUIDFromBytes("fromxend".getBytes());
        Path xend = dir.resolve("var/lib/xend/domains").resolve(imported.toString());
        Files.createDirectories(xend);
        Files.writeString(xend.resolve("config.sxp"), "(domain (domid 7)(name fromxend)(uuid " + imported + ")\n"
                + "  (memory 64)(maxmem 64)(vcpus 1)(on_poweroff destroy)(on_reboot restart)(on_crash destroy)\n"
                + "  (image (linux (kernel /boot/vmlinuz))))\n");
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            assertEquals(List.of("0 Domain-0 running", "- fromxend shut off"), rows(ok(e, "list", "--all").stdout()));
            assertTrue(Files.exists(dir.resolve("var/lib/virtd/xen/domains").resolve(imported.toString()).resolve("config.sxp")));
            Path xml = Daemons.writeFile(dir, "n.xml", guestXml("native1", 128));
            String sexpr = ok(e, "domxml-to-native", "xen-sxpr", xml.toString()).stdout();
            assertTrue(sexpr.startsWith("(vm (name 'native1')(memory 128)(maxmem 128)(vcpus 1)"), sexpr);
            Path sx = Daemons.writeFile(dir, "n.sxp", sexpr);
            String back = ok(e, "domxml-from-native", "xen-sxpr", sx.toString()).stdout();
            assertTrue(back.contains("<name>native1</name>") && back.contains("<memory unit='KiB'>131072</memory>"), back);
            Path bad = Daemons.writeFile(dir, "bad.sxp", "(domain (name x)\n  (memory 64\n  (uuid \"unterminated");
            Commands.Result r = virsh(e, "domxml-from-native", "xen-sxpr", bad.toString());
            assertEquals(1, r.exit());
            assertTrue(r.stderr().matches("(?s)error: configuration file syntax error: .*line 3, column \\d+.*"), r.stderr());
            Commands.Result other = virsh(e, "domxml-from-native", "xen-xm", bad.toString());
            assertEquals("error: invalid argument: unsupported config type xen-xm\n", other.stderr());
        }
    }

    /**
     * A domain another toolstack started (here: the simulated host driven directly, with its XenStore tree in a
     * xenstored that was already running) appears in the running pool as a transient domain named from XenStore.
     */
    @Test
    void aDomainAnotherToolstackStartedAppearsAsTransient() throws Exception {
        Path socket = dir.resolve("run/xenstored/socket");
        try (var xenstored = org.virtd.driver.xen.store.XenStoreServer.persistent(dir.resolve("var/lib/xenstored"), socket,
                org.virtd.driver.xen.store.Store.Quotas.XEN_DEFAULTS, false, null)) {
            xenstored.start();
            try (var client = org.virtd.driver.xen.store.XenStoreClient.open(socket);
                 var host = org.virtd.driver.xen.hv.SimXenHypervisor.open(dir.resolve("var/lib/virtd/xen/sim"),
                         org.virtd.driver.xen.hv.SimXenHypervisor.Host.likeThisMachine())) {
                host.attach(client);
                var def = org.virtd.xml.DomainXml.parse(guestXml("byxl", 64));
                org.virtd.xml.DomainDefaults.applyGeneric(def, false, "x86_64");
                assertEquals(1, host.create(def, false));
            }
            try (Daemons d = new Daemons()) {
                Endpoint e = d.startVirtdProcess(dir);
                assertEquals(List.of("0 Domain-0 running", "1 byxl running"), rows(ok(e, "list", "--all").stdout()));
                assertTrue(ok(e, "dominfo", "byxl").stdout().contains("Persistent:     no\n"));
                ok(e, "destroy", "byxl");
                assertEquals(List.of("0 Domain-0 running"), rows(ok(e, "list", "--all").stdout()), "transient: gone");
            }
        }
    }

    private void waitForState(Endpoint e, String name, String want) throws Exception {
        Commands.awaitDomState(uri(e), name, want, 10);
    }

    private static List<String> rows(String listOutput) {
        return Commands.listRows(listOutput);
    }

    @Test
    void runningDomainsSurviveDaemonRestarts() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            ok(e, "define", Daemons.writeFile(dir, "p.xml", guestXml("persistent1", 128)).toString());
            ok(e, "define", Daemons.writeFile(dir, "q.xml", guestXml("idle1", 128)).toString());
            ok(e, "start", "persistent1");
            ok(e, "create", Daemons.writeFile(dir, "t.xml", guestXml("transient1", 128)).toString());
            List<String> before = rows(ok(e, "list", "--all").stdout());
            assertEquals(List.of("0 Domain-0 running", "1 persistent1 running", "2 transient1 running", "- idle1 shut off"), before);
            d.killProcess(e);
            Endpoint again = d.startVirtdProcess(dir);
            assertEquals(before, rows(ok(again, "list", "--all").stdout()), "after SIGKILL");
            assertTrue(ok(again, "dominfo", "transient1").stdout().contains("Persistent:     no\n"));
            d.stopProcess(again);
            Endpoint third = d.startVirtdProcess(dir);
            assertEquals(before, rows(ok(third, "list", "--all").stdout()), "after a clean stop");
            ok(third, "shutdown", "persistent1");
            waitForState(third, "persistent1", "shut off (shutdown)\n\n");
            // Autostart: started by the daemon itself when it starts.
            ok(third, "autostart", "idle1");
            assertTrue(Files.exists(domainDir("idle1").resolve("autostart")));
            d.stopProcess(third);
            Endpoint fourth = d.startVirtdProcess(dir);
            assertEquals("running\n\n", ok(fourth, "domstate", "idle1").stdout());
            assertTrue(ok(fourth, "dominfo", "idle1").stdout().contains("Autostart:      enable\n"));
        }
    }

    @Test
    void exhaustedMemoryFailsTheNextStartAndChangesNothing() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            StringBuilder script = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                String name = "many" + i;
                Path f = Daemons.writeFile(dir, name + ".xml", guestXml(name, 32));
                script.append("define ").append(f).append(" ; start ").append(name).append(" ; ");
            }
            ok(e, script.toString());
            List<String> running = rows(ok(e, "list").stdout());
            assertEquals(201, running.size(), "Domain-0 and 200 guests");
            String free = ok(e, "nodeinfo").stdout().replaceAll("(?s).*Memory size:\\s+(\\d+) KiB.*", "$1");
            int tooBig = (int) (Long.parseLong(free) / 1024);
            ok(e, "define", Daemons.writeFile(dir, "big.xml", guestXml("big", tooBig)).toString());
            Commands.Result r = virsh(e, "start", "big");
            assertEquals(1, r.exit());
            assertEquals("error: Failed to start domain 'big'\nerror: operation failed: Failed to balloon domain0 memory\n",
                    r.stderr());
            assertEquals(running, rows(ok(e, "list").stdout()), "nothing else changed");
            assertEquals("shut off\n\n", ok(e, "domstate", "big").stdout());
        }
    }
}
