package org.virtd.rpc.client;

import org.jspecify.annotations.Nullable;

/** A call that got no usable reply: timeout, closed connection, undecodable reply. */
public final class RpcClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RpcClientException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
