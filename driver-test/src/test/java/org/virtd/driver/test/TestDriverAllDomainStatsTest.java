package org.virtd.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainStatsRecord;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.Flags;
import org.virtd.api.MigrateParams;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirException;
import org.virtd.api.Virt;

/**
 * virConnectGetAllDomainStats / virDomainListGetStats as libvirt 9.0's test driver answers them (state and
 * iothread groups), and the test driver's refusals of domain capabilities, QEMU monitor commands and migration.
 */
class TestDriverAllDomainStatsTest {
    private static final String DEMO = """
            <domain type='test'><name>demo</name><uuid>7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c</uuid>
            <memory>524288</memory><vcpu>1</vcpu><os><type arch='i686'>hvm</type></os></domain>""";

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

    private static VirException error(int code, int domain, String message, Runnable r) {
        VirException e = assertThrows(VirException.class, r::run);
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(domain, e.domain(), e.getMessage());
        return e;
    }

    private static List<String> render(List<DomainStatsRecord> records) {
        return records.stream().map(r -> r.domain().name() + " " + r.params()).sorted().toList();
    }

    @Test
    void everyGroupByDefaultIsStateForADomainWithoutIothreads() {
        List<DomainStatsRecord> r = conn.getAllDomainStats(0, 0);
        assertEquals(1, r.size());
        assertEquals("test", r.get(0).domain().name());
        assertEquals(List.of(new TypedParameter.Int("state.state", 1), new TypedParameter.Int("state.reason", 0)),
                r.get(0).params());
    }

    @Test
    void unsupportedGroupsAreDroppedUnlessEnforced() {
        assertEquals(List.of(), conn.getAllDomainStats(Flags.DOMAIN_STATS_CPU_TOTAL, 0).get(0).params());
        error(74, 12, "argument unsupported: Stats types bits 0x77e are not supported by this daemon",
                () -> conn.getAllDomainStats(0x7ff, Flags.GET_ALL_DOMAINS_STATS_ENFORCE_STATS));
        assertEquals(2, conn.getAllDomainStats(Flags.DOMAIN_STATS_STATE | Flags.DOMAIN_STATS_IOTHREAD,
                Flags.GET_ALL_DOMAINS_STATS_ENFORCE_STATS).get(0).params().size());
    }

    @Test
    void unknownFlagsAreRefusedWithTheDriversFunctionName() {
        error(8, 12, "unsupported flags (0x100) in function testConnectGetAllDomainStats",
                () -> conn.getAllDomainStats(0, Flags.LIST_DOMAINS_MANAGEDSAVE));
    }

    @Test
    void listFiltersSelectDomains() {
        conn.defineXml(DEMO);
        assertEquals(List.of("demo [Int[field=state.state, value=5], Int[field=state.reason, value=0]]",
                "test [Int[field=state.state, value=1], Int[field=state.reason, value=0]]"),
                render(conn.getAllDomainStats(0, 0)));
        assertEquals(List.of("demo [Int[field=state.state, value=5], Int[field=state.reason, value=0]]"),
                render(conn.getAllDomainStats(0, Flags.LIST_DOMAINS_INACTIVE)));
        assertEquals(List.of("test [Int[field=state.state, value=1], Int[field=state.reason, value=0]]"),
                render(conn.getAllDomainStats(0, Flags.LIST_DOMAINS_RUNNING | Flags.LIST_DOMAINS_PERSISTENT)));
        assertEquals(List.of(), conn.getAllDomainStats(0, Flags.LIST_DOMAINS_TRANSIENT));
    }

    @Test
    void listedDomainsComeInTheirOrderAndVanishedOnesAreSkipped() {
        Domain demo = conn.defineXml(DEMO);
        Domain test = conn.lookupByName("test");
        List<DomainStatsRecord> r = conn.domainListGetStats(List.of(demo, test), Flags.DOMAIN_STATS_STATE, 0);
        assertEquals(List.of("demo", "test"), r.stream().map(x -> x.domain().name()).toList());
        demo.undefine();
        r = conn.domainListGetStats(List.of(demo, test), 0, 0);
        assertEquals(List.of("test"), r.stream().map(x -> x.domain().name()).toList());
        assertEquals(List.of(), conn.domainListGetStats(List.of(test), 0, Flags.LIST_DOMAINS_SHUTOFF));
    }

    @Test
    void domainListArgumentChecks() {
        error(8, 20, "invalid argument: doms array in virDomainListGetStats must contain at least one domain",
                () -> conn.domainListGetStats(List.of(), 0, 0));
        try (Connect other = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false))) {
            Domain foreign = other.lookupByName("test");
            error(8, 20, "invalid argument: domains in 'doms' array must belong to a single connection",
                    () -> conn.domainListGetStats(List.of(conn.lookupByName("test"), foreign), 0, 0));
        }
    }

    @Test
    void iothreadsOfConfigFileDomainsWhileRunning() throws Exception {
        Path cfg = tmp.resolve("node.xml");
        Files.writeString(cfg, """
                <node><domain type='test'><name>io</name><uuid>2b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d</uuid>
                <memory>262144</memory><vcpu>1</vcpu><iothreads>2</iothreads>
                <iothreadids><iothread id='7'/></iothreadids><os><type arch='i686'>hvm</type></os></domain></node>
                """);
        try (Connect c = Virt.connect("test://" + cfg, 0, DriverEnvironment.under(tmp, false))) {
            Domain io = c.lookupByName("io");
            List<TypedParameter> p = c.domainListGetStats(List.of(io), Flags.DOMAIN_STATS_IOTHREAD, 0).get(0).params();
            assertEquals(List.of(new TypedParameter.UInt("iothread.count", 2),
                    new TypedParameter.ULLong("iothread.7.poll-max-ns", 32768),
                    new TypedParameter.UInt("iothread.7.poll-grow", 0),
                    new TypedParameter.UInt("iothread.7.poll-shrink", 0),
                    new TypedParameter.ULLong("iothread.1.poll-max-ns", 32768),
                    new TypedParameter.UInt("iothread.1.poll-grow", 0),
                    new TypedParameter.UInt("iothread.1.poll-shrink", 0)), p);
            io.destroy();
            assertEquals(List.of(), c.domainListGetStats(List.of(io), Flags.DOMAIN_STATS_IOTHREAD, 0).get(0).params());
        }
    }

    @Test
    void domainCapabilitiesAreNotSupportedAndRefusedReadOnly() {
        error(3, 20, "this function is not supported by the connection driver: virConnectGetDomainCapabilities",
                () -> conn.getDomainCapabilities(null, "x86_64", null, "kvm", 0));
        try (Connect ro = Virt.connect("test:///default", Flags.CONNECT_RO, DriverEnvironment.under(tmp, false))) {
            error(29, 20, "operation forbidden: read only access prevents virConnectGetDomainCapabilities",
                    () -> ro.getDomainCapabilities(null, null, null, null, 0));
        }
    }

    @Test
    void qemuMonitorCommandsReportUnderNoErrorDomain() {
        Domain test = conn.lookupByName("test");
        error(3, 0, "this function is not supported by the connection driver: virDomainQemuMonitorCommand",
                () -> test.qemuMonitorCommand("{\"execute\":\"query-status\"}", 0));
        error(3, 0, "this function is not supported by the connection driver: virDomainQemuMonitorCommandWithFiles",
                () -> test.qemuMonitorCommandWithFiles("info", new int[] {0}, Domain.QEMU_MONITOR_COMMAND_HMP));
    }

    @Test
    void migrationStopsAtLibvirtsClientSideChecks() {
        Domain test = conn.lookupByName("test");
        try (Connect dest = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false))) {
            error(3, 20, "this function is not supported by the connection driver: virDomainMigrate3",
                    () -> test.migrate3(dest, List.of(new TypedParameter.Str(MigrateParams.DEST_NAME, "x")), 0));
            error(74, 20, "argument unsupported: Migration APIs with extensible parameters are not supported but"
                    + " extended parameters were passed",
                    () -> test.migrate3(dest, List.of(new TypedParameter.Str(MigrateParams.GRAPHICS_URI, "x")), 0));
            error(8, 20, "use virDomainMigrateToURI3 for peer-to-peer migration",
                    () -> test.migrate3(dest, List.of(), MigrateParams.PEER2PEER));
            error(8, 20, "Flags 'VIR_MIGRATE_NON_SHARED_DISK' and 'VIR_MIGRATE_NON_SHARED_INC' are mutually exclusive",
                    () -> test.migrate3(dest, List.of(), MigrateParams.NON_SHARED_DISK | MigrateParams.NON_SHARED_INC));
            error(74, 20, "argument unsupported: offline migration is not supported by the source host",
                    () -> test.migrate3(dest, List.of(), MigrateParams.OFFLINE));
        }
        error(74, 20, "argument unsupported: p2p migration is not supported by the source host",
                () -> test.migrateToUri3("test+tcp://h/default", List.of(), MigrateParams.PEER2PEER));
        error(74, 20, "argument unsupported: direct migration is not supported by the source host",
                () -> test.migrateToUri3(null, List.of(), 0));
        error(8, 20, "Flags 'VIR_MIGRATE_TUNNELLED' and 'VIR_MIGRATE_PARALLEL' are mutually exclusive",
                () -> test.migrateToUri3(null, List.of(), MigrateParams.TUNNELLED | MigrateParams.PARALLEL));
    }
}
