package org.virtd.rpc.server;

/**
 * Serves one procedure: gets the decoded arguments, returns the value to encode as the reply. Runs on a worker
 * thread, never on a Netty event loop, so it may block. Any exception becomes an error reply through the
 * server's {@link ErrorMapper}.
 */
@FunctionalInterface
public interface CallHandler<A, R> {
    R handle(CallContext context, A args) throws Exception;
}
