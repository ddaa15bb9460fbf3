package org.virtd.rpc.server;

import org.virtd.rpc.proto.remote.RemoteError;

/** Turns whatever a handler threw into the {@code remote_error} sent back: the daemon's one error mapping. */
@FunctionalInterface
public interface ErrorMapper {
    RemoteError toRemoteError(Throwable failure);
}
