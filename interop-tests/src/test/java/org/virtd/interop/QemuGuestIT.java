package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real guest OS under the QEMU driver (TCG): Debian's cloud kernel with a busybox initramfs (GuestFixture),
 * driven by Debian's real virsh through a virtd process. Its serial console reaches userspace and a shell through
 * {@code virsh console}, it powers off cleanly on {@code virsh shutdown} (ACPI power button), reboots, and a fresh
 * one is destroyed.
 */
class QemuGuestIT {
    @TempDir Path dir;
    static GuestFixture.Guest guest;

    @BeforeAll
    static void fixture() throws Exception {
        Peers.require("virsh", Peers.VIRSH);
        Peers.require("QEMU (qemu-system-x86)", Path.of("/usr/bin/qemu-system-x86_64"));
        Peers.require("script (util-linux)", Path.of("/usr/bin/script"));
        guest = GuestFixture.get();
    }

    @AfterEach
    void killLeftoverQemus() throws Exception {
        Commands.run(List.of("pkill", "-9", "-f", dir.toString() + "/var/lib/virtd/qemu"), 10);
    }

    String guestXml(String name) {
        return guestXml(name, "");
    }

    String guestXml(String name, String cmdlineWords) {
        return "<domain type='qemu'>\n  <name>" + name + "</name>\n  <memory unit='MiB'>256</memory>\n  <vcpu>1</vcpu>\n"
                + "  <os><type arch='x86_64' machine='pc'>hvm</type>\n    <kernel>" + guest.kernel() + "</kernel>\n"
                + "    <initrd>" + guest.initrd() + "</initrd>\n    <cmdline>console=ttyS0 quiet" + cmdlineWords + "</cmdline>\n  </os>\n"
                + "  <features><acpi/></features>\n"
                + "  <devices><serial type='pty'/><console type='pty'/></devices>\n</domain>\n";
    }

    static String uri(Endpoint e) {
        return "qemu+unix:///system?socket=" + e.rwSocket();
    }

    Commands.Result ok(Endpoint e, String... args) throws Exception {
        Commands.Result r = Commands.virsh(uri(e), args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.describe());
        return r;
    }

    /** The real virsh's console on a pseudo-terminal (it wants one), read and typed into by the test. */
    static final class Console implements AutoCloseable {
        final Process p;
        final StringBuffer seen = new StringBuffer();
        final OutputStream keys;

        Console(String uri, String... virshArgs) throws Exception {
            String cmd = "virsh -c '" + uri + "' " + String.join(" ", virshArgs);
            p = new ProcessBuilder("script", "-qfc", cmd, "/dev/null").redirectErrorStream(true).start();
            keys = p.getOutputStream();
            InputStream in = p.getInputStream();
            Thread.ofVirtual().start(() -> {
                byte[] b = new byte[4096];
                try {
                    for (int n; (n = in.read(b)) > 0; ) seen.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException ignored) {
                    // the session ended
                }
            });
        }

        /** Waits until {@code text} has appeared after position {@code from}; returns where it ends. */
        int await(String text, int from, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                int at = seen.indexOf(text, from);
                if (at >= 0) return at + text.length();
                Thread.sleep(50);
            }
            throw new AssertionError("'" + text + "' did not appear within " + seconds + " s; console so far:\n" + seen);
        }

        void type(String s) throws Exception {
            keys.write(s.getBytes(StandardCharsets.ISO_8859_1));
            keys.flush();
        }

        /** Ctrl-] ends virsh console, as a user leaves it. */
        int leave() throws Exception {
            type("\u001d");
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "virsh console ends on ^]: " + seen);
            return p.exitValue();
        }

        @Override
        public void close() {
            p.destroyForcibly();
        }
    }

    static void waitForState(QemuGuestIT t, Endpoint e, String name, String state, int seconds) throws Exception {
        Commands.awaitDomState(uri(e), name, state, seconds);
    }

    /** Acceptance: userspace on the serial console, a shell through virsh console, ACPI shutdown, destroy. */
    @Test
    void aTcgGuestBootsToAShellAndPowersOffOnShutdown() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            ok(e, "define", Daemons.writeFile(dir, "g.xml", guestXml("tcg1")).toString());
            long t0 = System.nanoTime();
            try (Console c = new Console(uri(e), "start", "--console", "tcg1")) {
                int at = c.await("USERSPACE-READY", 0, 60);
                long bootMs = (System.nanoTime() - t0) / 1_000_000;
                c.type("\r");
                c.type("echo hello-$((6*7))\r");
                at = c.await("hello-42", at, 20);
                // One session per console, as with libvirtd: a second is refused, --force takes it over.
                try (Console second = new Console(uri(e), "console", "tcg1")) {
                    second.await("error: operation failed: Active console session exists for this domain", 0, 20);
                }
                try (Console forced = new Console(uri(e), "console", "--force", "tcg1")) {
                    forced.await("Escape character is ^]", 0, 20);
                    assertTrue(c.p.waitFor(10, TimeUnit.SECONDS), "the first session ends: " + c.seen);
                    forced.type("echo forced-$((6*7))\r");
                    forced.await("forced-42", 0, 20);
                    assertEquals(0, forced.leave());
                }
                System.out.println("QemuGuestIT: start to USERSPACE-READY on the console: " + bootMs + " ms");
            }
            assertEquals("running (booted)\n\n", ok(e, "domstate", "--reason", "tcg1").stdout());
            ok(e, "shutdown", "tcg1");
            waitForState(this, e, "tcg1", "shut off (shutdown)\n\n", 60);
            assertEquals(-1, QemuDriverIT.qemuPid("tcg1"), "QEMU ends with the guest");
            ok(e, "start", "tcg1");
            ok(e, "destroy", "tcg1");
            assertEquals("shut off (destroyed)\n\n", ok(e, "domstate", "--reason", "tcg1").stdout());
        }
    }

    /** Reboot (ACPI, libvirt's fake reboot), a live balloon change, a guest panic: states and events as libvirt's. */
    @Test
    void rebootBalloonAndPanicWithTheirEvents() throws Exception {
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            ok(e, "define", Daemons.writeFile(dir, "r.xml", guestXml("rb1")).toString());
            ok(e, "define", Daemons.writeFile(dir, "p.xml", guestXml("panic1", " crash")
                    .replace("<devices>", "<devices><panic model='isa'/>")).toString());
            var loop = new java.util.concurrent.CompletableFuture<Commands.Result>();
            Thread.ofPlatform().start(() -> {
                try {
                    loop.complete(Commands.virsh(uri(e), "event", "--all", "--loop", "--timeout", "30"));
                } catch (Exception ex) {
                    loop.completeExceptionally(ex);
                }
            });
            Thread.sleep(1500);  // virsh registers its callbacks
            try (Console c = new Console(uri(e), "start", "--console", "rb1")) {
                int at = c.await("USERSPACE-READY", 0, 60);
                c.type("\r");
                Thread.sleep(500);
                assertEquals(0, c.leave());
            }
            ok(e, "setmem", "rb1", "200M", "--live");
            String info = "";
            for (int i = 0; i < 100 && !info.contains("Used memory:    204800 KiB\n"); i++) {
                Thread.sleep(100);
                info = ok(e, "dominfo", "rb1").stdout();
            }
            assertTrue(info.contains("Used memory:    204800 KiB\n") && info.contains("Max memory:     262144 KiB\n"), info);
            try (Console c = new Console(uri(e), "console", "rb1")) {
                c.await("Escape character", 0, 20);
                ok(e, "reboot", "rb1");
                c.await("USERSPACE-READY", 0, 60);
                assertEquals(0, c.leave());
            }
            assertEquals("running (booted)\n\n", ok(e, "domstate", "--reason", "rb1").stdout(), "a reboot keeps the domain running");
            ok(e, "destroy", "rb1");
            ok(e, "start", "panic1");
            waitForState(this, e, "panic1", "shut off (crashed)\n\n", 60);
            Commands.Result events = loop.get(60, TimeUnit.SECONDS);
            String lines = events.stdout().lines().filter(l -> l.startsWith("event '")).map(l -> l + "\n")
                    .reduce("", String::concat);
            // libvirt's event sequence: a reboot done as power-off + reset shows no shutdown or stop, only QEMU's
            // resets (reboot events); the balloon reports each size the guest reaches.
            assertTrue(lines.startsWith("event 'lifecycle' for domain 'rb1': Started Booted\n"
                    + "event 'balloon-change' for domain 'rb1': "), lines);
            assertTrue(lines.contains("event 'balloon-change' for domain 'rb1': 204800KiB\nevent 'reboot' for domain 'rb1'\n"), lines);
            assertFalse(lines.contains("'rb1': Shutdown") || lines.contains("'rb1': Suspended"), lines);
            assertTrue(lines.endsWith("event 'lifecycle' for domain 'rb1': Stopped Destroyed\n"
                    + "event 'lifecycle' for domain 'panic1': Started Booted\n"
                    + "event 'lifecycle' for domain 'panic1': Crashed Panicked\n"
                    + "event 'lifecycle' for domain 'panic1': Stopped Crashed\n"), lines);
        }
    }
}
