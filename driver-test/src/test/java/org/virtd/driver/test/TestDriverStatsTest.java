package org.virtd.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainBlockStats;
import org.virtd.api.DomainInterfaceStats;
import org.virtd.api.DomainMemoryStat;
import org.virtd.api.DomainVcpus;
import org.virtd.api.VcpuInfo;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.Flags;
import org.virtd.api.NodeCpuMap;
import org.virtd.api.NodeStats;
import org.virtd.api.VirException;
import org.virtd.api.Virt;

/** virDomainMemoryStats / BlockStats / InterfaceStats with libvirtd 9.0's test-driver answers. */
class TestDriverStatsTest {
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

    private static void error(int code, int domain, String message, Runnable r) {
        VirException e = assertThrows(VirException.class, r::run);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(domain, e.domain(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void memoryStatsFollowTheBalloonInLibvirtsOrder() {
        Domain test = conn.lookupByName("test");
        long cur = test.getInfo().memoryKiB();
        assertEquals(List.of(new DomainMemoryStat(DomainMemoryStat.ACTUAL_BALLOON, cur),
                new DomainMemoryStat(DomainMemoryStat.SWAP_IN, 0), new DomainMemoryStat(DomainMemoryStat.SWAP_OUT, 0),
                new DomainMemoryStat(DomainMemoryStat.MAJOR_FAULT, 0),
                new DomainMemoryStat(DomainMemoryStat.MINOR_FAULT, 0),
                new DomainMemoryStat(DomainMemoryStat.UNUSED, cur / 2),
                new DomainMemoryStat(DomainMemoryStat.AVAILABLE, cur),
                new DomainMemoryStat(DomainMemoryStat.USABLE, cur / 2),
                new DomainMemoryStat(DomainMemoryStat.LAST_UPDATE, 627319920),
                new DomainMemoryStat(DomainMemoryStat.DISK_CACHES, cur / 8),
                new DomainMemoryStat(DomainMemoryStat.HUGETLB_PGALLOC, 0),
                new DomainMemoryStat(DomainMemoryStat.HUGETLB_PGFAIL, 0),
                new DomainMemoryStat(DomainMemoryStat.RSS, cur / 2)), test.memoryStats(DomainMemoryStat.NR, 0));
        assertEquals(2097152, cur, "the test domain's balloon, as libvirtd reports it");
        assertEquals(3, test.memoryStats(3, 0).size());
        assertEquals(13, test.memoryStats(-1, 0).size(), "unsigned count, capped at VIR_DOMAIN_MEMORY_STAT_NR");
        assertEquals(List.of(), test.memoryStats(0, 7), "no stats asked: the driver is not asked, flags unchecked");
        error(8, 12, "unsupported flags (0x1) in function testDomainMemoryStats", () -> test.memoryStats(13, 1));

        Domain noBalloon = conn.createXml("<domain type='test'><name>nob</name><memory>2048</memory>"
                + "<os><type>hvm</type></os><devices><memballoon model='none'/></devices></domain>", 0);
        assertEquals(List.of(), noBalloon.memoryStats(13, 0));
        Domain implicit = conn.createXml("<domain type='test'><name>imp</name><memory>2048</memory>"
                + "<os><type>hvm</type></os></domain>", 0);
        assertEquals(List.of(), implicit.memoryStats(13, 0), "the test driver adds no balloon by default");
        noBalloon.destroy();
        error(42, 12, "Domain not found", () -> conn.lookupByName("nob"));
    }

    @Test
    void blockAndInterfaceStatsGrowWithTheClock() {
        Domain test = conn.lookupByName("test");
        DomainBlockStats b1 = test.blockStats("vda");
        assertTrue(b1.rdReq() > 0 && b1.rdReq() / 2 - b1.rdBytes() <= 1, "rd_req = t/10, rd_bytes = t/20");
        assertTrue(b1.wrBytes() > 0 && b1.errs() > 0);
        DomainInterfaceStats i1 = test.interfaceStats("testnet0");
        assertTrue(i1.rxBytes() > 0 && i1.txDrop() > 0);
        assertEquals(i1.rxBytes() / 10, i1.rxPackets(), 1);
        DomainInterfaceStats byMac = test.interfaceStats("AA:bb:cc:dd:ee:ff");
        assertTrue(byMac.rxBytes() >= i1.rxBytes());
        assertTrue(test.blockStats("/guest/diskimage1").rdReq() >= b1.rdReq(), "a disk by its source path");

        error(84, 12, "Operation not supported: summary statistics are not supported yet", () -> test.blockStats(""));
        error(8, 12, "invalid argument: invalid path: vdz", () -> test.blockStats("vdz"));
        error(8, 12, "invalid argument: invalid path: /nope", () -> test.blockStats("/nope"));
        error(8, 20, "invalid argument: 'eth9' is not a known interface", () -> test.interfaceStats("eth9"));
        error(8, 20, "invalid argument: '00:11:22:33:44:55' is not a known interface",
                () -> test.interfaceStats("00:11:22:33:44:55"));
    }

    @Test
    void vcpusReportAffinityAndTheLastAllowedHostCpu() {
        Domain test = conn.lookupByName("test");
        DomainVcpus v = test.getVcpus(8, 2);
        assertEquals(2, v.info().size(), "clamped to the domain's vCPUs");
        assertEquals(0, v.info().get(0).number());
        assertEquals(1, v.info().get(1).number());
        assertEquals(VcpuInfo.RUNNING, v.info().get(1).state());
        assertEquals(15, v.info().get(1).cpu(), "the last of the test node's 16 host CPUs");
        assertTrue(v.info().get(0).cpuTimeNs() > 0);
        byte[] maps = new byte[16];
        Arrays.fill(maps, 0, 4, (byte) 0xff);
        assertArrayEquals(maps, v.cpumaps(), "16 host CPUs for vCPUs 0 and 1, zeroes for the slots not filled");
        assertEquals(0, test.getVcpus(1, 0).cpumaps().length);

        Domain pinned = conn.createXml("<domain type='test'><name>v4</name><memory>2048</memory>"
                + "<vcpu cpuset='1-3,^2,9' current='3'>4</vcpu><os><type>hvm</type></os></domain>", 0);
        DomainVcpus p = pinned.getVcpus(4, 1);
        assertEquals(3, p.info().size());
        assertEquals(9, p.info().get(2).cpu());
        assertArrayEquals(new byte[] {0x0a, 0x0a, 0x0a, 0}, p.cpumaps());

        error(8, 20, "maxinfo in virDomainGetVcpus must be greater than zero", () -> test.getVcpus(0, 1));
        error(8, 20, "maplen in virDomainGetVcpus must be greater than zero", () -> test.getVcpus(1, -1));
        error(82, 20, "numerical overflow: input too large: 65536 * 65536", () -> test.getVcpus(65536, 65536));
        pinned.destroy();
        Domain inactive = conn.defineXml("<domain type='test'><name>off</name><memory>2048</memory>"
                + "<os><type>hvm</type></os></domain>");
        error(55, 12, "Requested operation is not valid: cannot list vcpus for an inactive domain",
                () -> inactive.getVcpus(1, 1));
    }

    @Test
    void nodeCpuMapIsTheTestDriversFixedAnswer() {
        NodeCpuMap m = conn.nodeGetCpuMap(true, true, 0);
        assertEquals(8, m.cpus());
        assertArrayEquals(new byte[] {0x15}, m.map());
        assertEquals(3, m.online());
        NodeCpuMap bare = conn.nodeGetCpuMap(false, false, 0);
        assertEquals(new NodeCpuMap(8, null, 0), bare);
        error(8, 12, "unsupported flags (0x1) in function testNodeGetCPUMap", () -> conn.nodeGetCpuMap(true, true, 1));
    }

    @Test
    void nodeCpuStatsAreFixedTimesForAnyCpu() {
        assertEquals(new NodeStats(4, List.of()), conn.nodeGetCpuStats(NodeStats.ALL_CPUS, 0, 0));
        List<NodeStats.Field> all = List.of(new NodeStats.Field("user", 9797400000L),
                new NodeStats.Field("kernel", 34678723400000L), new NodeStats.Field("idle", 87264900000L),
                new NodeStats.Field("iowait", 763600000L));
        assertEquals(new NodeStats(4, all), conn.nodeGetCpuStats(NodeStats.ALL_CPUS, 4, 0));
        assertEquals(new NodeStats(4, all), conn.nodeGetCpuStats(99, 16, 0), "the CPU number is not checked");
        assertEquals(new NodeStats(2, all.subList(0, 2)), conn.nodeGetCpuStats(0, 2, 0));
        error(8, 20, "cpuNum in virNodeGetCPUStats only accepts -1 as a negative value",
                () -> conn.nodeGetCpuStats(-2, 0, 0));
        error(8, 20, "*nparams in virNodeGetCPUStats must be zero or greater", () -> conn.nodeGetCpuStats(0, -1, 0));
        error(8, 12, "unsupported flags (0x1) in function testNodeGetCPUStats", () -> conn.nodeGetCpuStats(0, 4, 1));
    }

    @Test
    void nodeMemoryStatsAreNotPartOfTheTestDriverButArgumentsAreCheckedFirst() {
        error(3, 20, "this function is not supported by the connection driver: virNodeGetMemoryStats",
                () -> conn.nodeGetMemoryStats(NodeStats.ALL_CELLS, 0, 0));
        VirException e = assertThrows(VirException.class, () -> conn.nodeGetMemoryStats(-2, 0, 0));
        assertEquals("cellNum in virNodeGetMemoryStats only accepts -1 as a negative value", e.getMessage());
        assertEquals("cpuNum", e.str2(), "the argument name libvirt 9.0 reports");
    }

    @Test
    void jobsAreNotPartOfTheTestDriver() {
        Domain test = conn.lookupByName("test");
        error(3, 20, "this function is not supported by the connection driver: virDomainGetJobInfo", test::getJobInfo);
        error(3, 20, "this function is not supported by the connection driver: virDomainAbortJob", test::abortJob);
        try (Connect ro = Virt.connect("test:///default", Flags.CONNECT_RO, DriverEnvironment.under(tmp, false))) {
            error(29, 20, "operation forbidden: read only access prevents virDomainAbortJob",
                    () -> ro.lookupByName("test").abortJob());
        }
    }

    @Test
    void statsNeedARunningDomainButNotAWritableConnection() {
        conn.lookupByName("test").destroy();
        Domain test = conn.lookupByName("test");
        String msg = "Requested operation is not valid: domain is not running";
        error(55, 20, msg, () -> test.memoryStats(13, 0));
        error(55, 20, msg, () -> test.blockStats("vda"));
        error(55, 20, msg, () -> test.interfaceStats("testnet0"));
        test.create();
        try (Connect ro = Virt.connect("test:///default", Flags.CONNECT_RO, DriverEnvironment.under(tmp, false))) {
            Domain d = ro.lookupByName("test");
            assertEquals(13, d.memoryStats(13, 0).size());
            assertTrue(d.blockStats("vda").rdReq() > 0);
            assertTrue(d.interfaceStats("testnet0").txBytes() > 0);
        }
    }
}
