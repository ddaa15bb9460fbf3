package org.virtd.rpc.server;

import org.virtd.rpc.proto.remote.RemoteError;

/** The protocol-level errors the server itself raises: code 39 VIR_ERR_RPC, domain 7 VIR_FROM_RPC. */
public final class RpcErrors {
    public static final int VIR_ERR_INTERNAL_ERROR = 1;
    public static final int VIR_ERR_RPC = 39;
    public static final int VIR_FROM_RPC = 7;
    private static final int LEVEL_ERROR = 2;

    private RpcErrors() {
    }

    /**
     * An RPC error as libvirt reports it: the RPC code's template is a bare {@code %s}, so message and str2 are
     * the text and str1 is {@code "%s"}.
     */
    public static RemoteError rpc(String text) {
        return new RemoteError(VIR_ERR_RPC, VIR_FROM_RPC, text, LEVEL_ERROR, null, "%s", text, null, -1, -1, null);
    }

    /** What libvirtd sends when a call failed without an error: "Library function returned error but did not set virError". */
    public static RemoteError unset() {
        String text = "Library function returned error but did not set virError";
        return new RemoteError(VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC, text, LEVEL_ERROR, null, null, null, null,
                -1, -1, null);
    }
}
