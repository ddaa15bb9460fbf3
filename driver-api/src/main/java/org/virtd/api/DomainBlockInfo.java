package org.virtd.api;

/**
 * What {@code virDomainGetBlockInfo} reports for one disk, in bytes (unsigned 64-bit values in a long).
 *
 * @param capacity   the size the guest sees
 * @param allocation how much of the host storage the disk uses
 * @param physical   the host storage's size (for a file, its length)
 */
public record DomainBlockInfo(long capacity, long allocation, long physical) {
}
