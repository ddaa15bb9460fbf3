package org.virtd.api;

/**
 * A domain event delivered to a {@link DomainEventListener}. One record per event kind a driver emits;
 * kinds without a record here can be registered for but are never delivered yet.
 */
public sealed interface DomainEvent permits DomainEvent.Lifecycle, DomainEvent.Reboot, DomainEvent.BalloonChange {

    /** The domain the event is about (a handle carrying its name, UUID and id at the time of the event). */
    DomainRef domain();

    DomainEventId id();

    /**
     * A lifecycle change ({@code VIR_DOMAIN_EVENT_ID_LIFECYCLE}).
     *
     * @param event {@code virDomainEventType}: 0 DEFINED, 1 UNDEFINED, 2 STARTED, 3 SUSPENDED, 4 RESUMED,
     *              5 STOPPED, 6 SHUTDOWN, 7 PMSUSPENDED, 8 CRASHED
     * @param detail the detail enum of that type (e.g. STOPPED/DESTROYED = 1)
     */
    record Lifecycle(DomainRef domain, int event, int detail) implements DomainEvent {
        public static final int DEFINED = 0;
        public static final int UNDEFINED = 1;
        public static final int STARTED = 2;
        public static final int SUSPENDED = 3;
        public static final int RESUMED = 4;
        public static final int STOPPED = 5;
        public static final int SHUTDOWN = 6;
        public static final int PMSUSPENDED = 7;
        public static final int CRASHED = 8;

        @Override
        public DomainEventId id() {
            return DomainEventId.LIFECYCLE;
        }
    }

    /** The guest rebooted ({@code VIR_DOMAIN_EVENT_ID_REBOOT}). */
    record Reboot(DomainRef domain) implements DomainEvent {
        @Override
        public DomainEventId id() {
            return DomainEventId.REBOOT;
        }
    }

    /** The guest's balloon changed size ({@code VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE}); {@code actualKiB} is its new size. */
    record BalloonChange(DomainRef domain, long actualKiB) implements DomainEvent {
        @Override
        public DomainEventId id() {
            return DomainEventId.BALLOON_CHANGE;
        }
    }
}
