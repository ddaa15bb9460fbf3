package org.virtd.api;

/**
 * What {@code virDomainGetState} reports: a {@link DomainState} wire value and the state's reason code
 * (the reason enums of libvirt, e.g. RUNNING_BOOTED = 1, SHUTOFF_DESTROYED = 2).
 */
public record DomainStateInfo(int state, int reason) {
}
