package org.virtd.rpc.server;

import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.Procedure;

/**
 * What a {@link CallHandler} knows about the call it serves: the client connection (identity, read-only flag,
 * per-client state) and the request header. Passed explicitly; nothing lives in thread-locals.
 */
public record CallContext(ServerConnection connection, MessageHeader header, Procedure<?, ?> procedure) {
}
