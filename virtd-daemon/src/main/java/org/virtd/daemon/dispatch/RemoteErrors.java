package org.virtd.daemon.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.api.VirException;
import org.virtd.rpc.proto.remote.RemoteError;
import org.virtd.rpc.server.ErrorMapper;
import org.virtd.rpc.server.RpcErrors;

/** The daemon's one error mapping: a {@link VirException} becomes {@code remote_error} field for field. */
public final class RemoteErrors implements ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteErrors.class);

    @Override
    public RemoteError toRemoteError(Throwable failure) {
        if (failure instanceof VirException e) {
            return new RemoteError(e.code(), e.domain(), e.getMessage(), e.level(), null, e.str1(), e.str2(),
                    e.str3(), e.int1(), e.int2(), null);
        }
        // A bug, not a user error: log it with its stack, answer as libvirtd does when no error was set.
        LOG.error("call failed without a libvirt error", failure);
        return RpcErrors.unset();
    }
}
