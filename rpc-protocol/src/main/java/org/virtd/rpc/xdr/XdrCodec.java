package org.virtd.rpc.xdr;

/**
 * Reads and writes one XDR type. Generated records expose theirs as {@code Type.CODEC}.
 *
 * @param <T> the Java type
 */
public interface XdrCodec<T> {
    /** Reads one value; throws {@link XdrException} on malformed or over-bound input. */
    T decode(XdrInput in);

    /** Writes one value; throws {@link XdrException} if it exceeds a declared bound. */
    void encode(XdrOutput out, T value);
}
