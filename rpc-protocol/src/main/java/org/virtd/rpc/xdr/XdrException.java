package org.virtd.rpc.xdr;

/**
 * Malformed or out-of-bounds XDR data, or a value that cannot be encoded within its declared bounds.
 * Protocol-internal: the server turns it into a {@code VIR_ERR_RPC} error at the boundary.
 */
public class XdrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public XdrException(String message) {
        super(message);
    }
}
