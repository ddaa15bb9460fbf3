/**
 * The RPC frame: {@link org.virtd.rpc.wire.MessageHeader}, message type and status, the frame decoder and
 * encoder, {@link org.virtd.rpc.wire.Limits}, the {@link org.virtd.rpc.wire.Procedure} and
 * {@link org.virtd.rpc.wire.Program} descriptors the generator fills in, and the keepalive handler.
 *
 * <pre>
 * 0       4       8       12      16      20      24      28
 * +-------+-------+-------+-------+-------+-------+-------+-------- ... --+
 * | len   | prog  | vers  | proc  | type  | serial| status| body (XDR)    |
 * +-------+-------+-------+-------+-------+-------+-------+-------- ... --+
 *   len counts itself: len = 28 + body length; len - 4 &lt;= 32 MiB
 * </pre>
 */
@NullMarked
package org.virtd.rpc.wire;

import org.jspecify.annotations.NullMarked;
