package org.virtd.api;

/** What {@code virDomainBlockStats} reports for one disk; −1 marks a value the driver does not know. */
public record DomainBlockStats(long rdReq, long rdBytes, long wrReq, long wrBytes, long errs) {
}
