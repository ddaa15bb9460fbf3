package org.virtd.api;

/** What {@code virDomainInterfaceStats} reports for one interface; −1 marks a value the driver does not know. */
public record DomainInterfaceStats(long rxBytes, long rxPackets, long rxErrs, long rxDrop, long txBytes,
                                   long txPackets, long txErrs, long txDrop) {
}
