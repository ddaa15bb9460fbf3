package org.virtd.driver.spi;

/**
 * What moves a stream's bytes, supplied by the driver that opened it (libvirt's {@code virStreamDriver}): a local
 * driver reads a file or a pty, the remote driver relays RPC stream packets. Calls may block. {@link #recv} and
 * {@link #send} may run at the same time on two threads (a console); everything else is called once, by one
 * thread. Errors are thrown as {@link org.virtd.api.VirException}.
 */
public interface StreamBackend {
    /** Sends {@code length} bytes; returns how many were taken (all of them for a blocking stream). */
    int send(byte[] data, int offset, int length);

    /** Receives up to {@code length} bytes; returns their count, 0 at the end of the stream. Blocks for data. */
    int recv(byte[] buffer, int offset, int length);

    /** Completes the stream; reports a failure that happened on the far side. */
    void finish();

    /** Ends the stream abnormally and releases what it holds; wakes a blocked {@link #recv}. Idempotent. */
    void abort();
}
