package org.virtd.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One guest interface as {@code virDomainInterfaceAddresses} reports it: its name, MAC address and IP addresses.
 */
public record DomainInterface(String name, @Nullable String hwaddr, List<IpAddress> addrs) {
    /** Where the addresses come from: DHCP leases, the guest agent, or the host's ARP table. */
    public static final int SOURCE_LEASE = 0;
    public static final int SOURCE_AGENT = 1;
    public static final int SOURCE_ARP = 2;

    /** One address: {@link #IPV4} or {@link #IPV6}, the address text and its prefix length. */
    public record IpAddress(int type, String addr, int prefix) {
        public static final int IPV4 = 0;
        public static final int IPV6 = 1;
    }

    public DomainInterface {
        addrs = List.copyOf(addrs);
    }
}
