package org.virtd.driver.remote;

import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.rpc.client.RemoteErrorException;
import org.virtd.rpc.client.RpcClientException;
import org.virtd.rpc.proto.remote.RemoteError;

/**
 * Turns what the RPC layer throws into the {@link VirException} libvirt's client library would raise:
 * a peer's {@code remote_error} field for field, and transport failures as virnetsocket.c / virnetclient.c
 * report them (so virsh-style output reads the same).
 */
final class RemoteErrors {
    /** errno values libvirt's system errors carry in int1 (Linux numbering). */
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EACCES = 13;
    static final int ECONNRESET = 104;
    static final int ECONNREFUSED = 111;

    private RemoteErrors() {
    }

    /** A peer's error, unchanged: the one mapping from the wire's remote_error to the API's error. */
    static VirException fromRemote(RemoteError e) {
        return new VirException(e.code(), e.domain(), e.message(), e.level(), e.str1(), e.str2(), e.str3(),
                e.int1(), e.int2());
    }

    /** Any failure of one call. */
    static VirException fromCall(RuntimeException e) {
        if (e instanceof VirException v) {
            return v;
        }
        if (e instanceof RemoteErrorException r) {
            return fromRemote(r.error());
        }
        if (e instanceof RpcClientException r) {
            return fromClient(r);
        }
        return VirException.of(VirErrorDomain.RPC, VirErrorCode.INTERNAL_ERROR, String.valueOf(e.getMessage()));
    }

    /**
     * A call without a usable reply. The connection going away while a call waits is what libvirt's socket
     * read reports: a reset as "Cannot recv data: ...", an orderly close as "End of file while reading data".
     */
    static VirException fromClient(RpcClientException e) {
        Throwable cause = e.getCause();
        String msg = String.valueOf(e.getMessage());
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return VirException.of(VirErrorDomain.RPC, VirErrorCode.OPERATION_TIMEOUT, msg);
        }
        if (cause instanceof InterruptedException) {
            return VirException.of(VirErrorDomain.RPC, VirErrorCode.INTERNAL_ERROR, msg);
        }
        if (msg.startsWith("cannot send ")) {
            return socketClosed();
        }
        if (msg.startsWith("cannot decode reply") || msg.startsWith("unexpected status")) {
            return VirException.of(VirErrorDomain.RPC, VirErrorCode.RPC, msg);
        }
        if (cause instanceof IOException io) {
            String text = String.valueOf(io.getMessage());
            if (text.contains("Connection reset")) {
                return system("Cannot recv data", ECONNRESET);
            }
            return system("Cannot recv data", EIO);
        }
        // Closed without an error: the peer shut the connection down in order (EOF).
        return system("End of file while reading data", EIO);
    }

    /** virnetclient.c's refusal to send on a connection that is already gone. */
    static VirException socketClosed() {
        return VirException.of(VirErrorDomain.RPC, VirErrorCode.INTERNAL_ERROR, "client socket is closed");
    }

    /**
     * A failure to connect, as virnetsocket.c reports it.
     *
     * @param what "Failed to connect socket to '/path'" or "unable to connect to server at 'host:port'"
     */
    static VirException connectFailed(String what, @Nullable Throwable cause) {
        return system(what, errnoOf(cause));
    }

    /** libvirt's system error: the text, ": ", strerror(errno); str1 "%s", str2 the text, int1 errno. */
    static VirException system(String text, int errno) {
        String detail = text + ": " + strerror(errno);
        return new VirException(VirErrorCode.SYSTEM_ERROR.wireValue(), VirErrorDomain.RPC.wireValue(), detail,
                VirException.LEVEL_ERROR, "%s", detail, null, errno, -1);
    }

    private static int errnoOf(@Nullable Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("refused")) {
                return ECONNREFUSED;
            }
            if (m.contains("no such file")) {
                return ENOENT;
            }
            if (m.contains("permission denied")) {
                return EACCES;
            }
            if (m.contains("reset")) {
                return ECONNRESET;
            }
        }
        return EIO;
    }

    static String strerror(int errno) {
        return switch (errno) {
            case ENOENT -> "No such file or directory";
            case EACCES -> "Permission denied";
            case ECONNRESET -> "Connection reset by peer";
            case ECONNREFUSED -> "Connection refused";
            default -> "Input/output error";
        };
    }
}
