package org.virtd.rpc.server;

import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.Procedure;

/**
 * What a {@link CallHandler} knows about the call it serves: the client connection (identity, read-only flag,
 * per-client state) and the request header. Passed explicitly; nothing lives in thread-locals.
 */
public record CallContext(ServerConnection connection, MessageHeader header, Procedure<?, ?> procedure,
        ErrorMapper errors, int maxQueuedStreamPackets) {

    /** A context for a call that cannot open streams' flow control beyond one queued packet (tests, tools). */
    public CallContext(ServerConnection connection, MessageHeader header, Procedure<?, ?> procedure) {
        this(connection, header, procedure, t -> RpcErrors.unset(), 1);
    }

    /**
     * Ties a stream to this call (procedures annotated {@code @stream}): once the call's successful reply has
     * been written, data flows between {@code endpoint} and the client as STREAM messages with this call's
     * serial. If the call fails instead, the endpoint is aborted and nothing is sent.
     *
     * @throws IllegalStateException the procedure opens no stream, or this call already opened one
     */
    public ServerStream openStream(StreamEndpoint endpoint) {
        if (procedure.stream() == Procedure.StreamDirection.NONE) {
            throw new IllegalStateException(procedure + " opens no stream");
        }
        return connection.openStream(header, endpoint, errors, maxQueuedStreamPackets);
    }
}
