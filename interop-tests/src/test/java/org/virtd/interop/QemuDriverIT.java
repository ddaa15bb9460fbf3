package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QEMU driver on Debian's real QEMU 7.2, driven by Debian's real virsh through a virtd process: lifecycle,
 * save images, daemon restarts under running guests, QEMU dying, a hung QEMU, and bad definitions. Guests here
 * have no OS (SeaBIOS finds nothing to boot and waits), which is all the control plane needs; booting a real
 * guest is {@link QemuGuestIT}'s part.
 */
class QemuDriverIT {
    @TempDir Path dir;

    @BeforeAll
    static void tools() {
        Peers.require("virsh", Peers.VIRSH);
        Peers.require("QEMU (qemu-system-x86)", Path.of("/usr/bin/qemu-system-x86_64"));
    }

    /** QEMU runs in a session of its own and outlives a killed daemon: whatever a test left running goes here. */
    @AfterEach
    void killLeftoverQemus() throws Exception {
        Commands.run(List.of("pkill", "-9", "-f", "guest=.*" + dir), 10);
        Commands.run(List.of("pkill", "-9", "-f", dir.toString() + "/var/lib/virtd/qemu"), 10);
    }

    static String uri(Endpoint e) {
        return "qemu+unix:///system?socket=" + e.rwSocket();
    }

    static String guestXml(String name, String type, int memMiB) {
        return "<domain type='" + type + "'>\n  <name>" + name + "</name>\n  <uuid>" + UUID.nameUUIDFromBytes(name.getBytes())
                + "</uuid>\n  <memory unit='MiB'>" + memMiB + "</memory>\n  <vcpu>1</vcpu>\n"
                + "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
                + "  <devices><serial type='pty'/><console type='pty'/></devices>\n</domain>\n";
    }

    Commands.Result virsh(Endpoint e, String... args) throws Exception {
        return Commands.virsh(uri(e), args);
    }

    Commands.Result ok(Endpoint e, String... args) throws Exception {
        Commands.Result r = virsh(e, args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.describe());
        return r;
    }

    Path define(Endpoint e, String name, String type) throws Exception {
        Path xml = Daemons.writeFile(dir, name + ".xml", guestXml(name, type, 128));
        ok(e, "define", xml.toString());
        return xml;
    }

    static long qemuPid(String name) throws Exception {
        Commands.Result r = Commands.run(List.of("pgrep", "-f", "guest=" + name + ","), 10);
        return r.stdout().isBlank() ? -1 : Long.parseLong(r.stdout().lines().findFirst().orElseThrow().trim());
    }

    static void waitForState(QemuDriverIT t, Endpoint e, String name, String state) throws Exception {
        Commands.awaitDomState(uri(e), name, state, 10);
    }

    static List<String> rows(String listOutput) {
        return Commands.listRows(listOutput);
    }

    @Test
    void aDomainGoesThroughItsLifeWithTheRealVirsh() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            assertTrue(ok(e, "version").stdout().matches("(?s).*Running hypervisor: QEMU 7\\.2\\.\\d+\n.*"));
            String caps = ok(e, "capabilities").stdout();
            assertTrue(caps.contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>")
                    && caps.contains(">pc</machine>") && caps.contains("<domain type='qemu'/>"), caps);
            define(e, "life1", "qemu");
            assertTrue(Files.exists(dir.resolve("etc/virtd/qemu/life1.xml")), "defined: in the config dir");
            String inactive = ok(e, "dumpxml", "life1").stdout();
            assertTrue(inactive.contains("machine='pc-i440fx-7.2'") && inactive.contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>"),
                    "the machine alias and the emulator are settled at define: " + inactive);
            ok(e, "start", "life1");
            assertEquals(List.of("1 life1 running"), rows(ok(e, "list").stdout()));
            long pid = qemuPid("life1");
            assertTrue(pid > 0, "a QEMU runs");
            assertTrue(Files.exists(dir.resolve("run/virtd/qemu/life1.xml")), "a status file");
            String live = ok(e, "dumpxml", "life1").stdout();
            assertTrue(live.startsWith("<domain type='qemu' id='1'>") && live.matches("(?s).*<console type='pty' tty='/dev/pts/\\d+'>.*"), live);
            String info = ok(e, "dominfo", "life1").stdout();
            assertTrue(info.contains("State:          running\n") && info.contains("Max memory:     131072 KiB\n")
                    && info.contains("OS Type:        hvm\n"), info);
            ok(e, "suspend", "life1");
            assertEquals("paused (user)\n\n", ok(e, "domstate", "--reason", "life1").stdout());
            ok(e, "resume", "life1");
            assertEquals("running (unpaused)\n\n", ok(e, "domstate", "--reason", "life1").stdout());
            Commands.Result again = virsh(e, "resume", "life1");
            assertEquals("error: Failed to resume domain 'life1'\nerror: Requested operation is not valid: domain is already running\n",
                    again.stderr());
            ok(e, "setmem", "life1", "100M", "--config");
            assertTrue(ok(e, "dumpxml", "--inactive", "life1").stdout().contains("<currentMemory unit='KiB'>102400</currentMemory>"));
            Commands.Result maxLive = virsh(e, "setmaxmem", "life1", "300M", "--live");
            assertEquals("error: Unable to change MaxMemorySize\n"
                    + "error: Requested operation is not valid: cannot resize the maximum memory on an active domain\n",
                    maxLive.stderr());
            ok(e, "setvcpus", "life1", "2", "--maximum", "--config");
            assertEquals("2\n\n", ok(e, "vcpucount", "life1", "--maximum", "--config").stdout());
            long t0 = System.nanoTime();
            ok(e, "destroy", "life1");
            long destroyMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("shut off (destroyed)\n\n", ok(e, "domstate", "--reason", "life1").stdout());
            assertEquals(-1, qemuPid("life1"), "QEMU is gone after destroy (" + destroyMs + " ms with virsh)");
            assertFalse(Files.exists(dir.resolve("run/virtd/qemu/life1.xml")), "no status file once stopped");
            ok(e, "start", "--paused", "life1");
            assertEquals("paused (user)\n\n", ok(e, "domstate", "--reason", "life1").stdout());
            assertEquals("2", ok(e, "domid", "life1").stdout().trim(), "ids count up as libvirt's do");
            ok(e, "destroy", "--graceful", "life1");
            ok(e, "undefine", "life1");
            assertFalse(Files.exists(dir.resolve("etc/virtd/qemu/life1.xml")));
            assertEquals("error: failed to get domain 'life1'\n", virsh(e, "dominfo", "life1").stderr());

            // A type='kvm' domain: QEMU with -accel kvm on /dev/kvm (the control plane; a guest OS barely runs here).
            Peers.require("KVM (/dev/kvm)", Path.of("/dev/kvm"));
            define(e, "kvm1", "kvm");
            ok(e, "start", "kvm1");
            String args = Files.readString(Path.of("/proc/" + qemuPid("kvm1") + "/cmdline")).replace('\0', ' ');
            assertTrue(args.contains("-accel kvm"), args);
            ok(e, "suspend", "kvm1");
            assertEquals("paused (user)\n\n", ok(e, "domstate", "--reason", "kvm1").stdout());
            ok(e, "resume", "kvm1");
            ok(e, "destroy", "kvm1");
            assertEquals("shut off (destroyed)\n\n", ok(e, "domstate", "--reason", "kvm1").stdout());
        }
    }

    @Test
    void saveRestoreAndManagedSaveThroughQemusMigrationStream() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            define(e, "saver", "qemu");
            ok(e, "start", "saver");
            Path image = dir.resolve("saver.img");
            assertEquals("\nDomain 'saver' saved to " + image + "\n\n", ok(e, "save", "saver", image.toString()).stdout());
            assertEquals("shut off (saved)\n\n", ok(e, "domstate", "--reason", "saver").stdout());
            assertEquals(-1, qemuPid("saver"));
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(image), 16);
            assertEquals("LibvirtQemudSave", new String(head, java.nio.charset.StandardCharsets.US_ASCII), "libvirt's QEMU image");
            // QEMU leaves zero pages out: firmware, device state and the touched RAM remain.
            assertTrue(Files.size(image) > 100_000, "QEMU's state is in the image: " + Files.size(image) + " bytes");
            ok(e, "restore", image.toString());
            assertEquals("running (restored)\n\n", ok(e, "domstate", "--reason", "saver").stdout());
            ok(e, "managedsave", "saver");
            assertTrue(ok(e, "dominfo", "saver").stdout().contains("Managed save:   yes\n"));
            assertEquals(List.of("- saver saved"), rows(ok(e, "list", "--all", "--managed-save").stdout()));
            ok(e, "start", "saver");
            assertEquals("running (restored)\n\n", ok(e, "domstate", "--reason", "saver").stdout());
            assertTrue(ok(e, "dominfo", "saver").stdout().contains("Managed save:   no\n"));
            Commands.Result bad = virsh(e, "restore", dir.resolve("saver.xml").toString());
            assertEquals("error: Failed to restore domain from " + dir.resolve("saver.xml") + "\n"
                    + "error: operation failed: image magic is incorrect\n", bad.stderr());
            ok(e, "destroy", "saver");
        }
    }

    /** Acceptance: virtd killed with -9 and restarted while two guests run; both still run and are listed. */
    @Test
    void runningGuestsSurviveADaemonKilledWithSigkill() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            define(e, "keep1", "qemu");
            define(e, "keep2", "qemu");
            ok(e, "start", "keep1");
            ok(e, "create", Daemons.writeFile(dir, "t.xml", guestXml("trans1", "qemu", 128)).toString());
            ok(e, "start", "keep2");
            ok(e, "suspend", "keep2");
            long pid1 = qemuPid("keep1"), pid2 = qemuPid("keep2"), pidT = qemuPid("trans1");
            List<String> before = rows(ok(e, "list", "--all").stdout());
            assertEquals(List.of("1 keep1 running", "2 trans1 running", "3 keep2 paused"), before);
            d.killProcess(e);
            Thread.sleep(300);
            assertEquals(pid1, qemuPid("keep1"), "QEMU outlives the daemon");
            Endpoint again = d.startVirtdProcess(dir);
            assertEquals(before, rows(ok(again, "list", "--all").stdout()), "after SIGKILL");
            assertEquals(List.of(pid1, pid2, pidT), List.of(qemuPid("keep1"), qemuPid("keep2"), qemuPid("trans1")),
                    "re-attached, not restarted");
            assertTrue(ok(again, "dominfo", "trans1").stdout().contains("Persistent:     no\n"));
            ok(again, "resume", "keep2");
            // A guest that dies while no daemon watches is noticed at the next start.
            d.stopProcess(again);
            Commands.run(List.of("kill", "-9", Long.toString(pidT)), 10);
            Thread.sleep(300);
            Endpoint third = d.startVirtdProcess(dir);
            assertEquals(List.of("1 keep1 running", "3 keep2 running"), rows(ok(third, "list", "--all").stdout()));
            ok(third, "destroy", "keep1");
            ok(third, "destroy", "keep2");
            assertEquals(List.of("- keep1 shut off", "- keep2 shut off"), rows(ok(third, "list", "--all").stdout()));
        }
    }

    /** Acceptance: QEMU killed with -9 shows shut off (crashed), and the event reaches a virsh event --loop client. */
    @Test
    void qemuKilledIsACrashWithAnEvent() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            define(e, "crash1", "qemu");
            var loop = new CompletableFuture<Commands.Result>();
            Thread.ofPlatform().start(() -> {
                try {
                    loop.complete(virsh(e, "event", "--all", "--loop", "--timeout", "8"));
                } catch (Exception ex) {
                    loop.completeExceptionally(ex);
                }
            });
            Thread.sleep(1500);  // virsh registers its callbacks
            ok(e, "start", "crash1");
            ok(e, "suspend", "crash1");
            ok(e, "resume", "crash1");
            Commands.run(List.of("kill", "-9", Long.toString(qemuPid("crash1"))), 10);
            waitForState(this, e, "crash1", "shut off (crashed)\n\n");
            Commands.Result events = loop.get(30, TimeUnit.SECONDS);
            assertEquals("""
                    event 'lifecycle' for domain 'crash1': Started Booted
                    event 'lifecycle' for domain 'crash1': Suspended Paused
                    event 'lifecycle' for domain 'crash1': Resumed Unpaused
                    event 'lifecycle' for domain 'crash1': Stopped Failed
                    """, events.stdout().lines().filter(l -> l.startsWith("event '")).map(l -> l + "\n")
                    .reduce("", String::concat), events.describe());
        }
    }

    /** A QEMU that stops answering (SIGSTOP) delays nobody else, and destroy still ends it at once. */
    @Test
    void aHungQemuBlocksNoOneAndIsDestroyed() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            define(e, "hung1", "qemu");
            define(e, "fine1", "qemu");
            ok(e, "start", "hung1");
            ok(e, "start", "fine1");
            long hung = qemuPid("hung1");
            Commands.run(List.of("kill", "-STOP", Long.toString(hung)), 10);
            try {
                var stuck = CompletableFuture.supplyAsync(() -> {
                    try {
                        return virsh(e, "suspend", "hung1");
                    } catch (Exception ex) {
                        throw new RuntimeException(ex);
                    }
                });
                Thread.sleep(500);
                long t0 = System.nanoTime();
                ok(e, "suspend", "fine1");
                ok(e, "resume", "fine1");
                assertTrue(ok(e, "dominfo", "hung1").stdout().contains("State:          running\n"));
                long othersMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(othersMs < 5000, "calls beside a hung monitor took " + othersMs + " ms");
                assertFalse(stuck.isDone(), "the call on the hung monitor is still waiting");
                t0 = System.nanoTime();
                ok(e, "destroy", "hung1");
                long destroyMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(destroyMs < 3000, "destroy of a hung QEMU took " + destroyMs + " ms");
                Commands.Result r = stuck.get(10, TimeUnit.SECONDS);
                assertEquals(1, r.exit(), "the waiting call fails once QEMU is gone: " + r.describe());
                assertEquals("shut off (destroyed)\n\n", ok(e, "domstate", "--reason", "hung1").stdout());
            } finally {
                Commands.run(List.of("kill", "-9", Long.toString(hung)), 10);
            }
            ok(e, "destroy", "fine1");
        }
    }

    /** Acceptance: bad definitions fail at define or start with libvirt's errors, and leave no QEMU behind. */
    @Test
    void badDefinitionsFailWithLibvirtsErrorsAndLeaveNoQemu() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            Path machine = Daemons.writeFile(dir, "m.xml", guestXml("badm", "qemu", 128).replace("machine='pc'", "machine='nosuch'"));
            assertEquals("error: Failed to define domain from " + machine + "\nerror: XML error: No PCI buses available\n",
                    virsh(e, "define", machine.toString()).stderr());
            Path emulator = Daemons.writeFile(dir, "x.xml", guestXml("bade", "qemu", 128)
                    .replace("<devices>", "<devices><emulator>/usr/bin/nope</emulator>"));
            assertEquals("error: Failed to define domain from " + emulator
                    + "\nerror: Cannot check QEMU binary /usr/bin/nope: No such file or directory\n",
                    virsh(e, "define", emulator.toString()).stderr());
            Path disk = Daemons.writeFile(dir, "d.xml", guestXml("badd", "qemu", 128).replace("<devices>",
                    "<devices><disk type='file' device='disk'><source file='" + dir.resolve("nope.img")
                            + "'/><target dev='vda' bus='virtio'/></disk>"));
            ok(e, "define", disk.toString());
            assertEquals("error: Failed to start domain 'badd'\nerror: Cannot access storage file '" + dir.resolve("nope.img")
                    + "': No such file or directory\n", virsh(e, "start", "badd").stderr());
            assertEquals("shut off\n\n", ok(e, "domstate", "badd").stdout());
            assertEquals(-1, qemuPid("badd"), "no QEMU left behind");
            Commands.Result create = virsh(e, "create", disk.toString());
            assertEquals(1, create.exit());
            assertEquals(-1, qemuPid("badd"));
            assertEquals(List.of("- badd shut off"), rows(ok(e, "list", "--all").stdout()));
        }
    }

    /** Disks and NICs: domblklist/domiflist from the live XML, statistics from QEMU and the host's tap. */
    @Test
    void diskAndBridgedNicStatistics() throws Exception {
        String bridge = "vbrit" + (ProcessHandle.current().pid() % 10000);
        Assumptions.assumeTrue(Peers.isRoot(), "bridges and taps need root");
        assertEquals(0, Commands.run(List.of("ip", "link", "add", bridge, "type", "bridge"), 10).exit());
        try (Daemons d = new Daemons()) {
            Commands.run(List.of("ip", "link", "set", bridge, "up"), 10);
            Endpoint e = d.startVirtdProcess(dir);
            Path img = dir.resolve("disk.img");
            Files.write(img, new byte[4 << 20]);
            String xml = guestXml("dev1", "qemu", 128).replace("<devices>", "<devices>"
                    + "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + img
                    + "'/><target dev='vda' bus='virtio'/></disk>"
                    + "<interface type='bridge'><mac address='52:54:00:aa:bb:01'/><source bridge='" + bridge
                    + "'/><model type='virtio'/></interface><interface type='user'><mac address='52:54:00:aa:bb:02'/></interface>");
            ok(e, "define", Daemons.writeFile(dir, "dev1.xml", xml).toString());
            ok(e, "start", "dev1");
            String blocks = ok(e, "domblklist", "dev1").stdout();
            assertTrue(blocks.startsWith(" Target   Source\n") && blocks.endsWith("\n vda      " + img + "\n\n"), blocks);
            String ifaces = ok(e, "domiflist", "dev1").stdout();
            Matcher tap = Pattern.compile(" (vnet\\d+) +bridge +" + bridge + " +virtio +52:54:00:aa:bb:01").matcher(ifaces);
            assertTrue(tap.find(), ifaces);
            assertTrue(Pattern.compile("\\n -\\s+user\\s+-\\s+rtl8139\\s+52:54:00:aa:bb:02\\n").matcher(ifaces).find(), ifaces);
            String master = Commands.run(List.of("ip", "-br", "link", "show", "master", bridge), 10).stdout();
            assertTrue(master.startsWith(tap.group(1) + " ") && master.contains("fe:54:00:aa:bb:01"), master);
            // SeaBIOS reads the disk's boot sector soon after the start: QEMU's counters show it.
            String blk = ok(e, "domblkstat", "dev1", "vda").stdout();
            for (int i = 0; i < 100 && blk.startsWith("vda rd_req 0\n"); i++) {
                Thread.sleep(100);
                blk = ok(e, "domblkstat", "dev1", "vda").stdout();
            }
            assertTrue(blk.matches("(?s)vda rd_req [1-9]\\d*\nvda rd_bytes [1-9]\\d*\n.*vda flush_total_times \\d+\n\n"), blk);
            String ifstat = ok(e, "domifstat", "dev1", tap.group(1)).stdout();
            assertTrue(ifstat.startsWith(tap.group(1) + " rx_bytes ") && ifstat.contains(tap.group(1) + " tx_drop "), ifstat);
            assertEquals("error: Failed to get interface stats dev1 vnet999\nerror: invalid argument: 'vnet999' is not a known interface\n",
                    virsh(e, "domifstat", "dev1", "vnet999").stderr());
            ok(e, "destroy", "dev1");
            assertEquals("", Commands.run(List.of("ip", "-br", "link", "show", "master", bridge), 10).stdout(), "the tap goes with the domain");
            // A bridge that does not exist, and a libvirt network (virtd has no network driver): libvirt's errors.
            ok(e, "define", Daemons.writeFile(dir, "dev2.xml", guestXml("dev2", "qemu", 128).replace("<devices>",
                    "<devices><interface type='bridge'><source bridge='nosuchbr0'/></interface>")).toString());
            assertEquals("error: Failed to start domain 'dev2'\nerror: Cannot get interface MTU on 'nosuchbr0': No such device\n",
                    virsh(e, "start", "dev2").stderr());
            ok(e, "define", Daemons.writeFile(dir, "dev3.xml", guestXml("dev3", "qemu", 128).replace("<devices>",
                    "<devices><interface type='network'><source network='default'/></interface>")).toString());
            assertEquals("error: Failed to start domain 'dev3'\nerror: Network not found: no network with matching name 'default'\n",
                    virsh(e, "start", "dev3").stderr());
            assertEquals(-1, qemuPid("dev2"));
            assertEquals(-1, qemuPid("dev3"));
        } finally {
            // A failed run leaves its tap behind (QEMU killed without virtd): find it by the test's MAC.
            for (String line : Commands.run(List.of("ip", "-br", "link"), 10).stdout().lines().toList()) {
                if (line.contains("fe:54:00:aa:bb:01")) Commands.run(List.of("ip", "link", "del", line.split("\\s+")[0]), 10);
            }
            Commands.run(List.of("ip", "link", "del", bridge), 10);
        }
    }

    /** Autostart: a link in the config dir; the daemon starts such domains itself when it starts. */
    @Test
    void autostartedDomainsStartWithTheDaemon() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            define(e, "auto1", "qemu");
            ok(e, "autostart", "auto1");
            assertTrue(Files.isSymbolicLink(dir.resolve("etc/virtd/qemu/autostart/auto1.xml")));
            assertEquals(List.of("- auto1 shut off"), rows(ok(e, "list", "--all", "--autostart").stdout()));
            d.stopProcess(e);
            Endpoint again = d.startVirtdProcess(dir);
            waitForState(this, again, "auto1", "running (booted)\n\n");
            assertTrue(ok(again, "dominfo", "auto1").stdout().contains("Autostart:      enable\n"));
            ok(again, "autostart", "--disable", "auto1");
            assertFalse(Files.exists(dir.resolve("etc/virtd/qemu/autostart/auto1.xml"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            ok(again, "destroy", "auto1");
            Commands.Result transientOne = virsh(again, "create", Daemons.writeFile(dir, "tr.xml", guestXml("tr1", "qemu", 64)).toString());
            assertEquals(0, transientOne.exit(), transientOne.describe());
            assertEquals("error: Failed to mark domain 'tr1' as autostarted\nerror: Requested operation is not valid: cannot set autostart for transient domain\n",
                    virsh(again, "autostart", "tr1").stderr());
            ok(again, "destroy", "tr1");
        }
    }

    /** A VNC display: a port from 5900 on loopback, and a screenshot streamed as QEMU's PPM. */
    @Test
    void vncDisplayAndScreenshot() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            ok(e, "create", Daemons.writeFile(dir, "vnc.xml", guestXml("vnc1", "qemu", 64).replace("<devices>",
                    "<devices><graphics type='vnc'/><video><model type='vga'/></video>")).toString());
            String display = ok(e, "domdisplay", "vnc1").stdout();
            assertTrue(display.matches("vnc://127\\.0\\.0\\.1:\\d+\n"), display);
            Path shot = dir.resolve("shot.ppm");
            assertEquals("Screenshot saved to " + shot + ", with type of image/x-portable-pixmap\n",
                    ok(e, "screenshot", "vnc1", shot.toString()).stdout());
            byte[] ppm = Files.readAllBytes(shot);
            String head = new String(ppm, 0, 16, java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(head.startsWith("P6\n720 400\n255\n") && ppm.length == 15 + 720 * 400 * 3, head + " " + ppm.length);
            ok(e, "destroy", "vnc1");
        }
    }
}
