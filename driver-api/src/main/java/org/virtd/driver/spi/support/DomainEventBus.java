package org.virtd.driver.spi.support;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainEventListener;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * Domain event registrations of one driver state: libvirt's {@code virObjectEventState}.
 *
 * <p>Callback ids come from one counter per bus starting at 0, so every connection sharing the state gets
 * distinct ids (a second client after one holding 0..26 gets 27 on). {@link #publish} only enqueues and never
 * blocks: each registration has its own queue drained on a virtual thread, so events reach a listener in
 * publication order, on a thread other than the publisher's, and a slow listener delays nobody else.
 */
public final class DomainEventBus {
    private static final Executor DELIVERY = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("virtd-domain-event-", 0).factory());

    private final AtomicInteger nextId = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Registration> registrations = new ConcurrentHashMap<>();

    private static final class Registration implements Runnable {
        final int id;
        final Object owner;
        final @Nullable UUID domain;
        final int eventId;
        final DomainEventListener listener;
        final ConcurrentLinkedQueue<DomainEvent> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();
        volatile boolean active = true;

        Registration(int id, Object owner, @Nullable UUID domain, int eventId, DomainEventListener listener) {
            this.id = id;
            this.owner = owner;
            this.domain = domain;
            this.eventId = eventId;
            this.listener = listener;
        }

        void offer(DomainEvent e) {
            queue.add(e);
            if (scheduled.compareAndSet(false, true)) {
                DELIVERY.execute(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                DomainEvent e;
                while ((e = queue.poll()) != null) {
                    if (!active) {
                        queue.clear();
                        break;
                    }
                    try {
                        listener.onEvent(id, e);
                    } catch (RuntimeException ignored) {
                        // A failing listener must not stop delivery to itself or to anyone else.
                    }
                }
                scheduled.set(false);
                // An event offered between the last poll and the reset would otherwise wait for the next one.
                if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /**
     * Registers {@code listener} for events {@code eventId} about {@code domain} (every domain when null).
     *
     * @param owner the connection the registration belongs to ({@link #deregisterAll} on close)
     * @throws VirException INVALID_ARG "event callback already tracked" when the same owner registered the same
     *         listener for the same event and domain
     */
    public int register(Object owner, @Nullable UUID domain, int eventId, DomainEventListener listener) {
        synchronized (registrations) {
            for (Registration r : registrations.values()) {
                if (r.owner == owner && r.listener == listener && r.eventId == eventId
                        && Objects.equals(r.domain, domain)) {
                    throw VirException.of(VirErrorDomain.NONE, VirErrorCode.INVALID_ARG,
                            "event callback already tracked");
                }
            }
            int id = nextId.getAndIncrement();
            registrations.put(id, new Registration(id, owner, domain, eventId, listener));
            return id;
        }
    }

    /** @throws VirException INVALID_ARG "could not find event callback N for deletion" for another owner's id */
    public void deregister(Object owner, int callbackId) {
        synchronized (registrations) {
            Registration r = registrations.get(callbackId);
            if (r == null || r.owner != owner) {
                throw VirException.of(VirErrorDomain.NONE, VirErrorCode.INVALID_ARG,
                        "could not find event callback " + callbackId + " for deletion");
            }
            r.active = false;
            registrations.remove(callbackId);
        }
    }

    /** Drops every registration of {@code owner} (its connection closed). */
    public void deregisterAll(Object owner) {
        synchronized (registrations) {
            registrations.values().removeIf(r -> {
                if (r.owner == owner) {
                    r.active = false;
                    return true;
                }
                return false;
            });
        }
    }

    /** Queues {@code event} for every matching registration; returns at once. */
    public void publish(DomainEvent event) {
        int eventId = event.id().wireValue();
        UUID uuid = event.domain().uuid();
        for (Registration r : registrations.values()) {
            if (r.eventId == eventId && (r.domain == null || r.domain.equals(uuid))) {
                r.offer(event);
            }
        }
    }

    public int registrationCount() {
        return registrations.size();
    }
}
