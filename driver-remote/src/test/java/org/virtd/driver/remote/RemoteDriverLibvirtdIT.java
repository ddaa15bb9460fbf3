package org.virtd.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainEvent;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.api.Virt;

/**
 * The remote driver against the reference server: a private real libvirtd 9.0 with its test driver
 * ({@code shared/tools/libvirtd-oracle}). Skipped when not root or libvirtd is missing, unless
 * {@code -Dvirtd.interop.required=true}, which turns the skip into a failure.
 */
class RemoteDriverLibvirtdIT {
    @TempDir
    static Path dir;

    static long pid = -1;
    static String tcpUri;
    static Path rwSocket;
    static Path roSocket;

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @BeforeAll
    static void startLibvirtd() throws Exception {
        Path oracle = Path.of(System.getProperty("virtd.shared.dir", "/work/shared"), "tools", "libvirtd-oracle");
        boolean available = isRoot() && Files.isExecutable(Path.of("/usr/sbin/libvirtd")) && Files.exists(oracle);
        if (Boolean.getBoolean("virtd.interop.required")) {
            assertTrue(available, "virtd.interop.required: needs root, /usr/sbin/libvirtd and " + oracle);
        }
        assumeTrue(available, "needs root, /usr/sbin/libvirtd and " + oracle);
        int port = Ports.free();
        Process p = new ProcessBuilder(oracle.toString(), "test", Integer.toString(port), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "libvirtd-oracle: " + out);
        pid = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().trim());
        tcpUri = "test+tcp://127.0.0.1:" + port + "/default";
        rwSocket = dir.resolve("sock/libvirt-sock");
        roSocket = dir.resolve("sock/libvirt-sock-ro");
    }

    @AfterAll
    static void stopLibvirtd() throws Exception {
        if (pid > 0) {
            ProcessHandle h = ProcessHandle.of(pid).orElse(null);
            if (h != null) {
                h.destroy();
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        }
    }

    @Test
    void openCloseAndHostCallsOverTcp() {
        try (Connect c = Virt.connect(tcpUri)) {
            assertEquals(tcpUri, c.getUri());
            assertEquals("TEST", c.getType());
            assertEquals(2, c.getVersion());
            assertTrue(c.getCapabilities().contains("<capabilities>"));
            assertEquals(16, c.nodeGetInfo().cpus());
            assertEquals("i686", c.nodeGetInfo().model());
            assertFalse(c.isSecure());
            assertEquals(1, c.numOfDomains());
            assertEquals("test", c.lookupById(1).name());
        }
    }

    @Test
    void unixSocketsAndReadOnlyRefusal() {
        try (Connect c = Virt.connect("test+unix:///default?socket=" + rwSocket)) {
            assertTrue(c.isSecure(), "unix socket and the test driver are both secure");
        }
        try (Connect c = Virt.connect("test+unix:///default?socket=" + roSocket)) {
            Domain d = c.lookupByName("test");
            VirException e = assertThrows(VirException.class, d::suspend);
            assertEquals(29, e.code());
            assertEquals(20, e.domain());
            assertEquals("operation forbidden: read only access prevents virDomainSuspend", e.getMessage());
            assertEquals("operation forbidden: %s", e.str1());
        }
        try (Connect c = Virt.connect("test+unix:///default?socket=" + roSocket, Flags.CONNECT_RO)) {
            assertTrue(c.isReadOnly());
            assertEquals(1, c.lookupByName("test").getState(0).state());
        }
    }

    @Test
    void unknownDomainIsLibvirtsError() {
        try (Connect c = Virt.connect(tcpUri)) {
            VirException e = assertThrows(VirException.class, () -> c.lookupByName("nosuchdomain"));
            assertEquals(42, e.code());
            assertEquals(12, e.domain());
            assertEquals("Domain not found", e.getMessage());
        }
    }

    @Test
    void defineStartDestroyUndefine() {
        String xml = """
                <domain type='test'>
                  <name>remote-it</name>
                  <memory unit='KiB'>262144</memory>
                  <vcpu>2</vcpu>
                  <os><type arch='x86_64'>hvm</type></os>
                </domain>
                """;
        try (Connect c = Virt.connect(tcpUri)) {
            Domain d = c.defineXml(xml);
            assertEquals(-1, d.id());
            assertTrue(d.isPersistent());
            Domain running = d.create();
            assertTrue(running.id() > 0);
            assertEquals(1, running.getState(0).state());
            running.setMemoryFlags(131072, Flags.AFFECT_LIVE);
            assertEquals(131072, running.getInfo().memoryKiB());
            running.suspend();
            running.resume();
            running.destroy();
            assertFalse(d.isActive());
            assertEquals(0, d.snapshotNum(0));
            d.undefineFlags(0);
            assertEquals(42, assertThrows(VirException.class, () -> c.lookupByName("remote-it")).code());
        }
    }

    @Test
    void eventsArriveFromLibvirtd() throws Exception {
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        try (Connect c = Virt.connect(tcpUri)) {
            int id = c.domainEventRegisterAny(null, 0, (cb, ev) -> events.add(ev));
            Domain d = c.lookupByName("test");
            d.suspend();
            d.resume();
            DomainEvent.Lifecycle s = assertInstanceOf(DomainEvent.Lifecycle.class, events.poll(5, TimeUnit.SECONDS));
            assertEquals(DomainEvent.Lifecycle.SUSPENDED, s.event());
            assertEquals("test", s.domain().name());
            DomainEvent.Lifecycle r = assertInstanceOf(DomainEvent.Lifecycle.class, events.poll(5, TimeUnit.SECONDS));
            assertEquals(DomainEvent.Lifecycle.RESUMED, r.event());
            c.domainEventDeregisterAny(id);
            d.suspend();
            d.resume();
            assertNull(events.poll(500, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void remoteSchemeWithoutDefaultUriIsTheServersError() {
        VirException e = assertThrows(VirException.class,
                () -> Virt.connect(tcpUri.replace("test+tcp", "remote+tcp").replace("/default", "/")));
        assertEquals(5, e.code());
        assertEquals("no connection driver available for <null>", e.getMessage());
    }
}
