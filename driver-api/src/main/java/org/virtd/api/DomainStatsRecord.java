package org.virtd.api;

import java.util.List;
import java.util.Objects;

/**
 * One domain's statistics from {@code virConnectGetAllDomainStats} / {@code virDomainListGetStats}: libvirt's
 * {@code virDomainStatsRecord}. Field names are the documented ones of each group ("state.state",
 * "iothread.count", "iothread.1.poll-max-ns", ...), in the order the driver produced them.
 */
public record DomainStatsRecord(DomainRef domain, List<TypedParameter> params) {
    public DomainStatsRecord {
        Objects.requireNonNull(domain, "domain");
        params = List.copyOf(params);
    }
}
