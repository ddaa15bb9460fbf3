package org.virtd.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainState;
import org.virtd.api.Flags;
import org.virtd.api.NodeInfo;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.api.Virt;
import org.virtd.api.DriverEnvironment;

class TestDriverTest {
    static final UUID TEST_UUID = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    static final String DEMO_XML = """
            <domain type='test'>
              <name>demo</name>
              <uuid>7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c</uuid>
              <memory unit='KiB'>524288</memory>
              <currentMemory unit='KiB'>524288</currentMemory>
              <vcpu placement='static' current='1'>4</vcpu>
              <os>
                <type arch='x86_64'>hvm</type>
                <boot dev='hd'/>
              </os>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
              </devices>
            </domain>
            """;

    @TempDir
    Path tmp;
    Connect conn;

    @BeforeEach
    void open() {
        conn = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false));
    }

    @AfterEach
    void close() {
        conn.close();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = TestDriverTest.class.getResourceAsStream("/oracle/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertError(int code, int domain, String message, Runnable r) {
        VirException e = assertThrows(VirException.class, r::run);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(domain, e.domain(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void initialContentMatchesLibvirtd() throws IOException {
        Domain test = conn.lookupByName("test");
        assertEquals(TEST_UUID, test.uuid());
        assertEquals(1, test.id());
        assertEquals(golden("dumpxml-test.xml"), test.getXmlDesc(0));
        assertEquals(golden("dumpxml-test-inactive.xml"), test.getXmlDesc(Flags.XML_INACTIVE));
        assertEquals(golden("capabilities.xml"), conn.getCapabilities());
        assertEquals(golden("sysinfo.xml"), conn.getSysinfo(0));
        assertEquals(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), conn.nodeGetInfo());
        assertEquals("TEST", conn.getType());
        assertEquals(2, conn.getVersion());
        assertEquals(32, conn.getMaxVcpus(null));
        assertEquals(3145728, conn.nodeGetFreeMemory());
        assertArrayEquals(new long[] {2097152, 4194304}, conn.nodeGetCellsFreeMemory(0, 5));
        assertEquals("testSecurity", conn.nodeGetSecurityModel().model());
        assertEquals(DomainState.RUNNING.wireValue(), test.getState(0).state());
        assertEquals(0, test.getState(0).reason());
        DomainInfo info = test.getInfo();
        assertEquals(8388608, info.maxMemKiB());
        assertEquals(2097152, info.memoryKiB());
        assertEquals(2, info.nrVirtCpu());
        assertEquals("linux", test.getOsType());
        assertEquals("libvirt-test", test.getSecurityLabel().label());
        assertArrayEquals(new int[] {1}, conn.listDomains(10));
        assertEquals(0, conn.numOfDefinedDomains());
    }

    @Test
    void lookupErrors() {
        assertError(42, 12, "Domain not found", () -> conn.lookupByName("nope"));
        assertError(42, 12, "Domain not found", () -> conn.lookupById(99));
        assertError(42, 12, "Domain not found", () -> conn.lookupByUuid(UUID.randomUUID()));
    }

    @Test
    void lifecycleTransitionsAndErrors() {
        Domain test = conn.lookupByName("test");
        assertError(1, 12, "internal error: Domain 'test' is already running", test::create);
        assertError(1, 12, "internal error: domain 'test' not paused", test::resume);
        assertError(55, 12, "Requested operation is not valid: cannot resize the maximum memory on an active domain",
                () -> test.setMaxMemory(100));
        assertError(8, 12, "invalid argument: cannot set memory higher than max memory",
                () -> test.setMemory(99999999));
        assertError(8, 12, "invalid argument: requested cpu amount exceeds maximum supported amount (40 > 32)",
                () -> test.setVcpus(40));
        assertError(8, 12, "invalid argument: requested cpu amount exceeds maximum (3 > 2)", () -> test.setVcpus(3));
        assertError(8, 12, "unsupported flags (0x40) in function testDomainSetMemoryFlags",
                () -> test.setMemoryFlags(100, 64));

        test.suspend();
        assertEquals(List.of(3, 1), stateOf(test));
        assertError(1, 12, "internal error: domain 'test' not running", test::suspend);
        test.resume();
        assertEquals(List.of(1, 5), stateOf(test));
        test.destroy();
        assertEquals(List.of(5, 2), stateOf(test));
        assertEquals(-1, conn.lookupByName("test").id());
        assertError(55, 20, "Requested operation is not valid: domain is not running", test::destroy);
        assertError(1, 12, "internal error: domain 'test' not running", test::shutdown);
        assertError(55, 20, "Requested operation is not valid: domain is not running", () -> test.reboot(0));

        test.setMaxMemory(100);
        assertEquals(100, test.getInfo().maxMemKiB());
        assertEquals(100, test.getInfo().memoryKiB());
        Domain started = test.create();
        assertEquals(2, started.id());
        assertEquals(List.of(1, 1), stateOf(test));
        test.shutdown();
        assertEquals(List.of(5, 1), stateOf(test));

        test.create();
        test.undefine();
        assertFalse(test.isPersistent());
        test.destroy();
        assertError(42, 12, "Domain not found", () -> conn.lookupByName("test"));
    }

    private static List<Integer> stateOf(Domain d) {
        var s = d.getState(0);
        return List.of(s.state(), s.reason());
    }

    @Test
    void defineStartAndDumpxmlMatchLibvirtd() throws IOException {
        Domain demo = conn.defineXml(DEMO_XML);
        assertEquals(-1, demo.id());
        assertEquals(golden("dumpxml-demo.xml"), demo.getXmlDesc(0));
        assertEquals(List.of("demo"), conn.listDefinedDomains(10));
        Domain running = demo.create();
        assertTrue(running.isActive());
        assertTrue(running.getXmlDesc(0).startsWith("<domain type='test' id='" + running.id() + "'>\n"));
        assertEquals(1, running.getInfo().nrVirtCpu());
        assertEquals(4, running.getMaxVcpus());
    }

    @Test
    void defineErrorsMatchLibvirtd() {
        assertError(35, 20, "(domain_definition):1: Document is empty\n(null)\n^", () -> conn.defineXml(""));
        assertError(21, 20, "missing name information",
                () -> conn.defineXml("<domain type='test'><memory>1024</memory><os><type>hvm</type></os></domain>"));
        assertError(27, 5, "XML error: expecting root element of 'domain', not 'foo'", () -> conn.defineXml("<foo/>"));
        assertError(9, 20,
                "operation failed: domain 'test' already exists with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f",
                () -> conn.defineXml("<domain type='test'><name>test</name><memory>1024</memory>"
                        + "<os><type>hvm</type></os></domain>"));
        VirException malformed = assertThrows(VirException.class,
                () -> conn.defineXml("<domain type='test'>\n  <name>bad</name>\n  <memory>1024</memory\n</domain>\n"));
        assertEquals(VirErrorCode.XML_DETAIL.wireValue(), malformed.code());
        assertTrue(malformed.getMessage().startsWith("(domain_definition):"), malformed.getMessage());
    }

    @Test
    void stateIsSharedAndResetAfterLastClose() {
        Connect second = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false));
        try {
            conn.defineXml(DEMO_XML);
            assertEquals("demo", second.lookupByName("demo").name());
        } finally {
            second.close();
        }
        conn.close();
        conn = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false));
        assertError(42, 12, "Domain not found", () -> conn.lookupByName("demo"));
        assertEquals(1, conn.lookupByName("test").id());
    }

    @Test
    void eventsAreDeliveredInOrderWithSharedCallbackIds() throws InterruptedException {
        Connect other = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false));
        try {
            for (int i = 0; i < 27; i++) {
                assertEquals(i, other.domainEventRegisterAny(null, i, (id, e) -> { }));
            }
            List<DomainEvent> seen = new CopyOnWriteArrayList<>();
            CountDownLatch latch = new CountDownLatch(4);
            Thread caller = Thread.currentThread();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            int id = conn.domainEventRegisterAny(null, 0, (cb, e) -> {
                threads.add(Thread.currentThread());
                seen.add(e);
                latch.countDown();
            });
            assertEquals(27, id);
            Domain test = conn.lookupByName("test");
            test.suspend();
            test.resume();
            test.destroy();
            conn.defineXml(DEMO_XML);
            assertTrue(latch.await(5, TimeUnit.SECONDS));
            assertEquals(List.of(List.of(3, 0), List.of(4, 0), List.of(5, 1), List.of(0, 0)),
                    seen.stream().map(e -> List.of(((DomainEvent.Lifecycle) e).event(),
                            ((DomainEvent.Lifecycle) e).detail())).toList());
            assertEquals(-1, seen.get(2).domain().id());
            assertFalse(threads.contains(caller));
            conn.domainEventDeregisterAny(id);
            assertError(8, 0, "invalid argument: could not find event callback 27 for deletion",
                    () -> conn.domainEventDeregisterAny(27));
        } finally {
            other.close();
        }
    }

    @Test
    void readOnlyConnectionRefusesChanges() {
        try (Connect ro = Virt.connect("test:///default", Flags.CONNECT_RO, DriverEnvironment.under(tmp, false))) {
            Domain test = ro.lookupByName("test");
            assertEquals(1, test.getInfo().state());
            VirException e = assertThrows(VirException.class, test::suspend);
            assertEquals(VirErrorCode.OPERATION_DENIED.wireValue(), e.code());
            assertThrows(VirException.class, () -> ro.defineXml(DEMO_XML));
        }
    }

    @Test
    void uriHandling() {
        VirException e = assertThrows(VirException.class,
                () -> Virt.connect("test:///", 0, DriverEnvironment.under(tmp, false)));
        assertEquals("invalid argument: testOpen: supply a path or use test:///default", e.getMessage());
        assertEquals("test:///default", conn.getUri());
    }

    @Test
    void customConfigFile() throws IOException {
        Files.writeString(tmp.resolve("guest.xml"), """
                <domain type='test'>
                  <name>fromfile</name>
                  <memory>65536</memory>
                  <os><type>hvm</type></os>
                </domain>
                """);
        Path cfg = tmp.resolve("node.xml");
        Files.writeString(cfg, """
                <node>
                  <cpu><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads>
                       <mhz>2000</mhz><model>custom</model></cpu>
                  <memory>1048576</memory>
                  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                    <name>inline</name>
                    <memory>131072</memory>
                    <os><type>hvm</type></os>
                    <test:runstate>5</test:runstate>
                  </domain>
                  <domain file='guest.xml'/>
                </node>
                """);
        try (Connect c = Virt.connect("test://" + cfg, 0, DriverEnvironment.under(tmp, false))) {
            assertEquals(new NodeInfo("custom", 1048576, 4, 2000, 1, 1, 4, 1), c.nodeGetInfo());
            assertEquals(5, c.lookupByName("inline").getState(0).state());
            assertEquals(1, c.lookupByName("fromfile").id());
            assertNull(c.listAllDomains(Flags.LIST_DOMAINS_ACTIVE).stream()
                    .filter(d -> d.name().equals("inline")).findAny().orElse(null));
            assertError(42, 12, "Domain not found", () -> c.lookupByName("test"));
        }
    }
}
