/**
 * XDR (RFC 4506) over Netty buffers: {@link org.virtd.rpc.xdr.XdrInput} and {@link org.virtd.rpc.xdr.XdrOutput},
 * the {@link org.virtd.rpc.xdr.XdrCodec} contract that generated records implement, and unsigned helpers.
 *
 * <p>Everything here is big-endian and padded to 4 bytes. Every length read from the wire is checked against
 * its declared maximum and against the bytes left <em>before</em> anything is allocated, so a hostile
 * 40-byte frame cannot make us allocate gigabytes.
 */
@NullMarked
package org.virtd.rpc.xdr;

import org.jspecify.annotations.NullMarked;
