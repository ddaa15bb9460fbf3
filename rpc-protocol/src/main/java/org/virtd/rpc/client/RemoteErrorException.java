package org.virtd.rpc.client;

import org.virtd.rpc.proto.remote.RemoteError;

/** A REPLY with status ERROR: carries the peer's remote_error unchanged. */
public final class RemoteErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RemoteError error;

    public RemoteErrorException(RemoteError error) {
        super(error.message() == null ? "error code " + error.code() : error.message());
        this.error = error;
    }

    public RemoteError error() {
        return error;
    }
}
