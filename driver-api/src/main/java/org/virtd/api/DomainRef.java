package org.virtd.api;

import java.util.UUID;

/**
 * The identity of a domain as libvirt passes it around: name, UUID and id (−1 when inactive). A plain value;
 * holding one does not keep anything alive or looked up. {@link Connect#domain(DomainRef)} turns it into a
 * {@link Domain} to act on.
 */
public record DomainRef(String name, UUID uuid, int id) {
    public static final int NO_ID = -1;
}
