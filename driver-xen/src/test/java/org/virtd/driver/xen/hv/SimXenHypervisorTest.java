package org.virtd.driver.xen.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Vcpu;

class SimXenHypervisorTest {
    @TempDir Path dir;
    static final long GIB = 1 << 20;

    static Domain guest(String name, long memKib, int vcpus) {
        Domain d = new Domain();
        d.type = "xen";
        d.name = name;
        d.uuid = UUID.nameUUIDFromBytes(name.getBytes()).toString();
        d.memory = new ScaledInteger();
        d.memory.value = Long.toString(memKib);
        d.vcpu = new Vcpu();
        d.vcpu.count = Integer.toString(vcpus);
        return d;
    }

    @Test
    void domainZeroHoldsTheHostAndIsBalloonedForGuests() throws Exception {
        try (SimXenHypervisor h = SimXenHypervisor.open(dir, SimXenHypervisor.Host.withMemory(8 * GIB))) {
            List<DomainInfo> all = h.domains();
            assertEquals(1, all.size());
            DomainInfo d0 = all.get(0);
            assertEquals(0, d0.domid());
            assertEquals("r-----", d0.xlState());
            assertEquals(8 * GIB - 2 * (8 * GIB / 64), d0.memoryKib());
            assertEquals(8 * GIB / 64, h.physinfo().freeMemoryKib());
            int id = h.create(guest("a", GIB, 2), false);
            assertEquals(1, id);
            assertEquals(8 * GIB - 2 * (8 * GIB / 64) - (GIB - 8 * GIB / 64), h.domain(0).orElseThrow().memoryKib(),
                    "the free slice first, then Domain-0 gave the rest");
            assertEquals(0, h.physinfo().freeMemoryKib());
            assertEquals("-b----", h.domain(id).orElseThrow().xlState());
            // Domain-0 keeps its floor (512 MiB): 6.5 GiB more cannot be found.
            XenHypervisorException e = assertThrows(XenHypervisorException.class, () -> h.create(guest("big", 6 * GIB + GIB / 2, 1), false));
            assertEquals("ENOMEM", e.errno());
            assertEquals(2, h.domains().size(), "a failed create changes nothing");
        }
    }

    @Test
    void idsAreAllocatedLikeXensAndSurviveAReopenWithTheirCpuTime() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        int a, b;
        try (SimXenHypervisor h = SimXenHypervisor.open(dir, SimXenHypervisor.Host.withMemory(8 * GIB), now::get)) {
            a = h.create(guest("a", 128 << 10, 1), false);
            b = h.create(guest("b", 128 << 10, 1), true);
            h.destroy(a);
            int c = h.create(guest("c", 128 << 10, 1), false);
            assertEquals(List.of(1, 2, 3), List.of(a, b, c), "one past the last created, not the freed one");
            now.addAndGet(10_000);
        }
        now.addAndGet(5_000);
        try (SimXenHypervisor h = SimXenHypervisor.open(dir, SimXenHypervisor.Host.withMemory(1), now::get)) {
            assertEquals(8 * GIB, h.physinfo().totalMemoryKib(), "an existing host keeps its figures");
            DomainInfo c = h.domain(3).orElseThrow();
            assertEquals((long) (15_000 * 1_000_000L * SimXenHypervisor.CPU_SHARE), c.cpuTimeNs(), "running the whole time");
            assertEquals(0, h.domain(b).orElseThrow().cpuTimeNs(), "paused from the start");
            assertTrue(h.domain(b).orElseThrow().paused());
            assertEquals(4, h.create(guest("d", 128 << 10, 1), false));
        }
    }

    @Test
    void guestsHonourOrIgnoreShutdownRequestsAndCanCrash() throws Exception {
        try (SimXenHypervisor h = SimXenHypervisor.open(dir, SimXenHypervisor.Host.withMemory(8 * GIB))) {
            CountDownLatch changed = new CountDownLatch(2);
            h.watchDomainChanges(changed::countDown);
            int polite = h.create(guest("polite", 128 << 10, 1), false);
            int deaf = h.create(guest("deaf", 128 << 10, 1), false);
            int fragile = h.create(guest("fragile", 128 << 10, 1), false);
            h.setIgnoresShutdown(deaf, true);
            h.requestShutdown(polite, ShutdownReason.POWEROFF);
            h.requestShutdown(deaf, ShutdownReason.POWEROFF);
            h.crash(fragile);
            assertTrue(changed.await(10, TimeUnit.SECONDS));
            DomainInfo p = h.domain(polite).orElseThrow();
            assertTrue(p.shutdown());
            assertEquals(ShutdownReason.POWEROFF, p.shutdownReason());
            assertEquals("---s--", p.xlState());
            assertFalse(h.domain(deaf).orElseThrow().shutdown());
            DomainInfo f = h.domain(fragile).orElseThrow();
            assertEquals("---sc-", f.xlState());
            assertEquals(ShutdownReason.CRASH, f.shutdownReason());
            h.destroy(polite);
            assertTrue(h.domain(polite).isEmpty());
            assertEquals("ESRCH", assertThrows(XenHypervisorException.class, () -> h.pause(polite)).errno());
        }
    }

    @Test
    void oneProcessPerSimulatedHost() throws Exception {
        try (SimXenHypervisor h = SimXenHypervisor.open(dir, SimXenHypervisor.Host.withMemory(8 * GIB))) {
            assertTrue(assertThrows(java.io.IOException.class,
                    () -> SimXenHypervisor.open(dir, SimXenHypervisor.Host.withMemory(8 * GIB))).getMessage().contains("in use"));
        }
    }
}
