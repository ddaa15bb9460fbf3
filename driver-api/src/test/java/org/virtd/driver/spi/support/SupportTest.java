package org.virtd.driver.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainRef;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

class SupportTest {
    @Test
    void listIndexesByNameUuidAndId() {
        DomainObjectList<String> list = new DomainObjectList<>();
        UUID u = UUID.randomUUID();
        var added = list.add("a", u, "def");
        assertTrue(added.created());
        assertSame(added.object(), list.findByName("a"));
        assertSame(added.object(), list.findByUuid(u));
        list.setId(added.object(), 7);
        assertSame(added.object(), list.findById(7));
        assertEquals(1, list.countActive());
        list.setId(added.object(), DomainRef.NO_ID);
        assertNull(list.findById(7));
        assertEquals(1, list.countInactive());
        assertFalse(list.add("a", u, "other").created());
        VirException e = assertThrows(VirException.class, () -> list.add("a", UUID.randomUUID(), "x"));
        assertEquals("operation failed: domain 'a' already exists with uuid " + u, e.getMessage());
        VirException e2 = assertThrows(VirException.class, () -> list.add("b", u, "x"));
        assertEquals("operation failed: domain 'a' is already defined with uuid " + u, e2.getMessage());
        list.remove(added.object());
        assertNull(list.findByName("a"));
    }

    @Test
    void flagCheckFillsLibvirtFields() {
        VirException e = assertThrows(VirException.class, () -> FlagCheck.check(0x41, 1, "fooBar", VirErrorDomain.TEST));
        assertEquals("unsupported flags (0x40) in function fooBar", e.getMessage());
        assertEquals(8, e.code());
        assertEquals(12, e.domain());
        assertEquals("fooBar", e.str1());
        assertEquals("flags", e.str2());
        assertEquals(0, e.int1());
        FlagCheck.check(1, 1, "fooBar", VirErrorDomain.TEST);
    }

    @Test
    void slowListenerDoesNotDelayOthersAndOrderIsKept() throws InterruptedException {
        DomainEventBus bus = new DomainEventBus();
        Object owner = new Object();
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> fast = new CopyOnWriteArrayList<>();
        CountDownLatch fastDone = new CountDownLatch(100);
        assertEquals(0, bus.register(owner, null, 0, (id, e) -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }));
        assertEquals(1, bus.register(owner, null, 0, (id, e) -> {
            fast.add(((DomainEvent.Lifecycle) e).detail());
            fastDone.countDown();
        }));
        DomainRef ref = new DomainRef("d", UUID.randomUUID(), 1);
        for (int i = 0; i < 100; i++) {
            bus.publish(new DomainEvent.Lifecycle(ref, 0, i));
        }
        assertTrue(fastDone.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            assertEquals(i, fast.get(i));
        }
        release.countDown();
        assertThrows(VirException.class, () -> bus.deregister(new Object(), 1));
        bus.deregisterAll(owner);
        assertEquals(0, bus.registrationCount());
        assertEquals(2, bus.register(owner, null, 0, (id, e) -> { }));
    }
}
