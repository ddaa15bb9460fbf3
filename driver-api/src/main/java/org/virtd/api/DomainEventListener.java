package org.virtd.api;

/**
 * Receives domain events registered with {@link Connect#domainEventRegisterAny}. Called on an event-delivery
 * thread, never on the thread that caused the event; must not block for long.
 */
@FunctionalInterface
public interface DomainEventListener {
    void onEvent(int callbackId, DomainEvent event);
}
