package org.virtd.rpc.server;

/**
 * The local end of a stream the server relays to a client: what a stream-opening procedure hands to
 * {@link CallContext#openStream}. Called from the stream's own (virtual) threads, never from an event loop, so
 * every method may block. {@link #read} and {@link #write} may run at the same time on two threads (a console
 * carries data both ways).
 */
public interface StreamEndpoint {
    /**
     * Fills {@code buffer} with up to {@code buffer.length} bytes of data for the client and returns their count;
     * 0 means end of stream. Blocks until data, end of stream or failure; must return (or throw) promptly once
     * {@link #abort} was called.
     */
    int read(byte[] buffer) throws Exception;

    /** Takes data the client sent. */
    void write(byte[] data, int offset, int length) throws Exception;

    /** The client finished the stream: complete the local side (a failure is reported to the client). */
    void finish() throws Exception;

    /** The stream ends abnormally (client abort, client gone, call failed, or a relay failure). Idempotent. */
    void abort();
}
