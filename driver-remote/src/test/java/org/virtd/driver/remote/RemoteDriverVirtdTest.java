package org.virtd.driver.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.ConnectUri;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainMemoryStat;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.api.Virt;
import org.virtd.daemon.VirtDaemon;
import org.virtd.daemon.config.DaemonConfig;
import org.virtd.daemon.config.DaemonPaths;
import org.virtd.api.DriverEnvironment;
import org.virtd.driver.spi.OpenResult;

/**
 * The remote driver against virtd running in this JVM (driver-test behind it), through the public API as an
 * embedding program uses it: {@code Virt.connect("test+tcp://...")} finds this driver by ServiceLoader.
 */
class RemoteDriverVirtdTest {
    @TempDir
    static Path root;

    static VirtDaemon daemon;
    static String tcpUri;
    static Path rwSocket;
    static Path roSocket;

    @BeforeAll
    static void startVirtd() throws Exception {
        int port = Ports.free();
        DaemonConfig config = DaemonConfig.parse(String.join("\n",
                "listen_tcp = 1", "listen_tls = 0", "listen_addr = \"127.0.0.1\"", "tcp_port = \"" + port + "\"",
                "auth_tcp = \"none\"", "auth_unix_rw = \"none\"", "auth_unix_ro = \"none\"",
                "unix_sock_ro_perms = \"0777\"", "unix_sock_rw_perms = \"0770\"",
                "root_dir = \"" + root.toAbsolutePath() + "\"") + "\n", "remote-test.conf");
        DaemonPaths paths = DaemonPaths.of(config, root.toAbsolutePath(), null, null);
        daemon = new VirtDaemon(config, paths, true, "test:///default", 0);
        daemon.start();
        tcpUri = "test+tcp://127.0.0.1:" + daemon.tcpAddress().getPort() + "/default";
        rwSocket = paths.rwSocket();
        roSocket = paths.roSocket();
    }

    @AfterAll
    static void stopVirtd() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void hostAndConnectionCalls() {
        try (Connect c = Virt.connect(tcpUri)) {
            assertEquals(tcpUri, c.getUri());
            assertEquals("TEST", c.getType());
            assertTrue(c.getVersion() > 0);
            assertFalse(c.getHostname().isEmpty());
            assertTrue(c.getCapabilities().contains("<capabilities>"));
            assertNotNull(c.getSysinfo(0));
            assertTrue(c.getMaxVcpus(null) > 0);
            assertFalse(c.isSecure(), "plain TCP is never secure");
            assertFalse(c.isEncrypted());
            c.supportsFeature(9);
            assertEquals(16, c.nodeGetInfo().cpus());
            assertTrue(c.nodeGetFreeMemory() > 0);
            assertEquals(2, c.nodeGetCellsFreeMemory(0, 2).length);
            assertNotNull(c.nodeGetSecurityModel().model());
            assertEquals(1, c.numOfDomains());
            assertArrayEquals(new int[] {1}, c.listDomains(10));
            assertEquals(List.of(), c.listDefinedDomains(c.numOfDefinedDomains()));
            VirException e = assertThrows(VirException.class,
                    () -> c.domainXmlFromNative("qemu-argv", "/usr/bin/qemu", 0));
            assertEquals(3, e.code());
            assertEquals("this function is not supported by the connection driver: virConnectDomainXMLFromNative",
                    e.getMessage());
            assertEquals(3, assertThrows(VirException.class, () -> c.domainXmlToNative("qemu-argv", "<domain/>", 0))
                    .code());
        }
    }

    @Test
    void saveRestoreAndManagedSave() throws Exception {
        String xml = "<domain type='test'><name>remote-save</name><memory>1024</memory>"
                + "<os><type>hvm</type></os></domain>";
        Path image = root.resolve("remote-save.img");
        try (Connect c = Virt.connect(tcpUri)) {
            Domain d = c.defineXml(xml).create();
            d.save(image.toString());
            assertEquals(List.of(5, 5), List.of(d.getState(0).state(), d.getState(0).reason()));
            assertTrue(Files.size(image) > 19, "the daemon's driver wrote the image");
            VirException e = assertThrows(VirException.class, () -> d.save(image.toString()));
            assertEquals(55, e.code());
            assertEquals("Requested operation is not valid: domain is not running", e.getMessage());

            c.domainRestore(image.toString());
            Domain back = c.lookupByName("remote-save");
            assertEquals(List.of(1, 3), List.of(back.getState(0).state(), back.getState(0).reason()));
            e = assertThrows(VirException.class, () -> c.domainRestore(root.resolve("none").toString()));
            assertEquals(38, e.code());
            assertEquals(12, e.domain());
            assertEquals(2, e.int1(), "errno travels in int1");

            back.managedSave(0);
            assertTrue(back.hasManagedSaveImage(0));
            e = assertThrows(VirException.class, () -> back.managedSave(Flags.SAVE_RUNNING | Flags.SAVE_PAUSED));
            assertEquals(8, e.code());
            back.managedSaveRemove(0);
            assertFalse(back.hasManagedSaveImage(0));
            back.undefine();
        }
        try (Connect ro = Virt.connect("test+unix:///default?socket=" + roSocket, Flags.CONNECT_RO)) {
            VirException e = assertThrows(VirException.class, () -> ro.domainRestore(image.toString()));
            assertEquals("operation forbidden: read only access prevents virDomainRestore", e.getMessage());
            e = assertThrows(VirException.class, () -> ro.lookupByName("test").managedSaveRemove(0));
            assertEquals("operation forbidden: read only access prevents virDomainManagedSaveRemove",
                    e.getMessage());
        }
    }

    @Test
    void domainStatistics() {
        try (Connect c = Virt.connect("test+unix:///default?socket=" + roSocket, Flags.CONNECT_RO)) {
            Domain test = c.lookupByName("test");
            var mem = test.memoryStats(DomainMemoryStat.NR, 0);
            assertEquals(13, mem.size());
            assertEquals(new DomainMemoryStat(DomainMemoryStat.ACTUAL_BALLOON, test.getInfo().memoryKiB()), mem.get(0));
            assertEquals(new DomainMemoryStat(DomainMemoryStat.LAST_UPDATE, 627319920), mem.get(8));
            assertEquals(2, test.memoryStats(2, 0).size());
            assertTrue(test.blockStats("vda").rdReq() > 0);
            assertTrue(test.interfaceStats("testnet0").rxBytes() > 0);
            VirException e = assertThrows(VirException.class, () -> test.blockStats(""));
            assertEquals(84, e.code());
            assertEquals(12, e.domain());
            e = assertThrows(VirException.class, () -> test.interfaceStats("eth9"));
            assertEquals("invalid argument: 'eth9' is not a known interface", e.getMessage());
            var vcpus = test.getVcpus(4, 2);
            assertEquals(2, vcpus.info().size());
            assertEquals(15, vcpus.info().get(0).cpu());
            assertEquals(8, vcpus.cpumaps().length, "maxinfo * maplen bytes, as libvirtd sends");
            assertEquals((byte) 0xff, vcpus.cpumaps()[3]);
            e = assertThrows(VirException.class, () -> test.getVcpus(20000, 1));
            assertEquals("vCPU count exceeds maximum: 20000 > 16384", e.getMessage());
            assertEquals(13, e.domain());
            var cpuMap = c.nodeGetCpuMap(true, true, 0);
            assertEquals(8, cpuMap.cpus());
            assertArrayEquals(new byte[] {0x15}, cpuMap.map());
            assertEquals(3, cpuMap.online());
            assertEquals(null, c.nodeGetCpuMap(false, true, 0).map());
            assertEquals(4, c.nodeGetCpuStats(-1, 0, 0).nparams());
            var cpu = c.nodeGetCpuStats(-1, 16, 0);
            assertEquals(List.of("user", "kernel", "idle", "iowait"),
                    cpu.params().stream().map(f -> f.field()).toList());
            assertEquals(763600000L, cpu.params().get(3).value());
            e = assertThrows(VirException.class, () -> c.nodeGetCpuStats(-1, 17, 0));
            assertEquals("internal error: nparams too large", e.getMessage());
            e = assertThrows(VirException.class, () -> c.nodeGetMemoryStats(-1, 0, 0));
            assertEquals("this function is not supported by the connection driver: virNodeGetMemoryStats",
                    e.getMessage());
            e = assertThrows(VirException.class, () -> c.nodeGetMemoryStats(-1, 17, 0));
            assertEquals("internal error: nparams too large", e.getMessage());
            e = assertThrows(VirException.class, test::getJobInfo);
            assertEquals("this function is not supported by the connection driver: virDomainGetJobInfo",
                    e.getMessage());
            e = assertThrows(VirException.class, test::abortJob);
            assertEquals("operation forbidden: read only access prevents virDomainAbortJob", e.getMessage());
            e = assertThrows(VirException.class, () -> test.memoryStats(13, 1));
            assertEquals("unsupported flags (0x1) in function testDomainMemoryStats", e.getMessage());
        }
    }

    /**
     * Typed parameters over CONNECT_GET_ALL_DOMAIN_STATS both ways (all domains, a list), the driver's refusal
     * travelling back, and the QEMU program answered on the same connection as REMOTE.
     */
    @Test
    void allDomainStatsDomainCapabilitiesAndTheQemuProgram() {
        try (Connect c = Virt.connect(tcpUri, 0)) {
            Domain test = c.lookupByName("test");
            var all = c.getAllDomainStats(Flags.DOMAIN_STATS_STATE, Flags.LIST_DOMAINS_ACTIVE);
            var mine = all.stream().filter(r -> r.domain().name().equals("test")).findFirst().orElseThrow();
            assertEquals(java.util.List.of(new org.virtd.api.TypedParameter.Int("state.state", 1),
                    new org.virtd.api.TypedParameter.Int("state.reason", 0)), mine.params());
            var listed = c.domainListGetStats(java.util.List.of(test), 0, 0);
            assertEquals(1, listed.size());
            assertEquals(test.uuid(), listed.get(0).domain().uuid());
            VirException e = assertThrows(VirException.class, () -> c.getAllDomainStats(Flags.DOMAIN_STATS_VCPU,
                    Flags.GET_ALL_DOMAINS_STATS_ENFORCE_STATS));
            assertEquals("argument unsupported: Stats types bits 0x8 are not supported by this daemon", e.getMessage());
            e = assertThrows(VirException.class, () -> c.getDomainCapabilities(null, null, null, null, 0));
            assertEquals("this function is not supported by the connection driver: virConnectGetDomainCapabilities",
                    e.getMessage());
            e = assertThrows(VirException.class, () -> test.qemuMonitorCommand("info", 1));
            assertEquals("this function is not supported by the connection driver: virDomainQemuMonitorCommand",
                    e.getMessage());
            assertEquals(0, e.domain());
        }
    }

    @Test
    void unixSocketIsSecure() {
        try (Connect c = Virt.connect("test+unix:///default?socket=" + rwSocket)) {
            assertTrue(c.isSecure());
            assertFalse(c.isEncrypted());
            assertEquals("test", c.lookupById(1).name());
        }
    }

    @Test
    void domainLifecycleAndQueries() {
        String xml = """
                <domain type='test'>
                  <name>remote1</name>
                  <uuid>7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c</uuid>
                  <memory unit='KiB'>524288</memory>
                  <currentMemory unit='KiB'>524288</currentMemory>
                  <vcpu placement='static' current='1'>4</vcpu>
                  <os><type arch='x86_64'>hvm</type></os>
                </domain>
                """;
        try (Connect c = Virt.connect(tcpUri)) {
            Domain d = c.defineXml(xml);
            assertEquals("remote1", d.name());
            assertEquals(-1, d.id());
            assertTrue(c.listDefinedDomains(10).contains("remote1"));
            assertTrue(d.isPersistent());
            assertFalse(d.isActive());
            assertFalse(d.getAutostart());
            d.setAutostart(true);
            assertTrue(d.getAutostart());
            assertFalse(d.hasManagedSaveImage(0));
            assertEquals(0, d.snapshotNum(0));
            assertEquals("linux", d.getOsType(), "what the test driver answers, as libvirt's does");
            assertEquals(524288, d.getMaxMemory());
            Domain running = d.create();
            assertTrue(running.id() > 0, "handle refreshed by LOOKUP_BY_UUID");
            assertTrue(running.isActive());
            assertEquals(1, running.getState(0).state());
            assertEquals(1, running.getInfo().state());
            assertTrue(running.getXmlDesc(0).contains("<name>remote1</name>"));
            assertNotNull(running.getSecurityLabel());
            assertNotNull(running.getMessages(0));
            assertEquals(4, running.getMaxVcpus());
            running.setVcpus(2);
            assertEquals(2, running.getVcpusFlags(0));
            running.setVcpusFlags(1, Flags.AFFECT_LIVE);
            running.setMemory(262144);
            running.setMemoryFlags(131072, Flags.AFFECT_LIVE);
            assertEquals(131072, running.getInfo().memoryKiB());
            running.suspend();
            assertEquals(3, running.getState(0).state());
            running.resume();
            running.reboot(0);
            running.reset(0);
            running.shutdown();
            assertFalse(d.isActive());
            Domain again = d.createWithFlags(0);
            assertTrue(again.id() > 0);
            assertEquals("remote1", c.lookupById(again.id()).name());
            assertEquals(again.uuid(), c.lookupByUuid(again.uuid()).uuid());
            again.shutdownFlags(0);
            d.createWithFlags(0).destroyFlags(0);
            Domain third = d.create();
            third.destroy();
            d.setMaxMemory(1048576);
            d.undefineFlags(0);
            assertThrows(VirException.class, () -> c.lookupByName("remote1"));

            Domain t = c.defineXmlFlags(xml.replace("remote1", "remote2")
                    .replace("7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c", "7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5d"), 0);
            t.undefine();
            Domain transientDom = c.createXml(xml.replace("remote1", "remote3")
                    .replace("7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c", "7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5e"), 0);
            assertFalse(transientDom.isPersistent());
            assertTrue(c.listAllDomains(Flags.LIST_DOMAINS_TRANSIENT).stream()
                    .anyMatch(x -> x.name().equals("remote3")));
            transientDom.destroy();
        }
    }

    @Test
    void isUpdatedTravelsAsDomainIsUpdated() {
        try (Connect c = Virt.connect(tcpUri)) {
            assertFalse(c.lookupByName("test").isUpdated(), "the test domain has no pending live changes");
            assertTrue(c.isAlive());
        }
    }

    @Test
    void unknownDomainIsTheServersError() {
        try (Connect c = Virt.connect(tcpUri)) {
            VirException e = assertThrows(VirException.class, () -> c.lookupByName("nosuchdomain"));
            assertEquals(42, e.code());
            assertEquals(12, e.domain());
            assertTrue(e.getMessage().startsWith("Domain not found"), e.getMessage());
        }
    }

    @Test
    void readOnlySocketRefusesWritesOnTheServer() {
        try (Connect c = Virt.connect("test+unix:///default?socket=" + roSocket)) {
            assertFalse(c.isReadOnly(), "the client did not ask for RO; the server forces it");
            Domain d = c.lookupByName("test");
            VirException e = assertThrows(VirException.class, d::suspend);
            assertEquals(29, e.code());
            assertEquals(20, e.domain());
            assertEquals("operation forbidden: read only access prevents virDomainSuspend", e.getMessage());
        }
    }

    @Test
    void lifecycleEventsArrive() throws Exception {
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        try (Connect c = Virt.connect(tcpUri)) {
            int id = c.domainEventRegisterAny(null, 0, (cb, ev) -> events.add(ev));
            Domain d = c.lookupByName("test");
            d.suspend();
            d.resume();
            DomainEvent.Lifecycle s = assertInstanceOf(DomainEvent.Lifecycle.class, events.poll(5, TimeUnit.SECONDS));
            assertEquals("test", s.domain().name());
            assertEquals(DomainEvent.Lifecycle.SUSPENDED, s.event());
            DomainEvent.Lifecycle r = assertInstanceOf(DomainEvent.Lifecycle.class, events.poll(5, TimeUnit.SECONDS));
            assertEquals(DomainEvent.Lifecycle.RESUMED, r.event());
            c.domainEventDeregisterAny(id);
            d.suspend();
            d.resume();
            assertEquals(null, events.poll(500, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void remoteSchemeOverALocalSocketUsesTheDaemonsDefault() {
        RemoteDriverProvider p = new RemoteDriverProvider(new SocketDirs(rwSocket.getParent(), root, null), true);
        var r = p.open(ConnectUri.parse("remote:///"), 0, DriverEnvironment.under(root, true));
        var d = assertInstanceOf(OpenResult.Success.class, r).driver();
        try {
            assertEquals("TEST", d.connectGetType());
            assertEquals("remote:///", d.uri());
        } finally {
            d.close();
        }
    }

    @Test
    void localUriGoesToAnExistingDaemonSocket() {
        RemoteDriverProvider p = new RemoteDriverProvider(new SocketDirs(rwSocket.getParent(), root, null), true);
        // virtd has no LXC driver: the refusal comes from the daemon, proving the socket was used.
        VirException e = assertThrows(VirException.class,
                () -> p.open(ConnectUri.parse("lxc:///system"), 0, DriverEnvironment.under(root, true)));
        assertEquals(5, e.code());
        assertEquals("no connection driver available for lxc:///system", e.getMessage());
    }

    @Test
    void closedConnectionRefusesCalls() {
        Connect c = Virt.connect(tcpUri);
        c.close();
        assertThrows(VirException.class, c::getType);
    }
}
