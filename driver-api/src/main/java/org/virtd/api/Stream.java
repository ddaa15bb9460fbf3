package org.virtd.api;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.virtd.driver.spi.StreamBackend;
import org.virtd.driver.spi.StreamHandle;

/**
 * A data stream of a connection: libvirt's {@code virStreamPtr}. Created empty by {@link Connect#newStream}; a
 * stream-opening call ({@link Domain#screenshot}, {@link Domain#openConsole}) then attaches its data. Blocking:
 * {@link #recv} waits for data and returns 0 at the end of the stream, {@link #send} waits until the data is
 * taken. After the last {@code recv} (or {@code send}) call {@link #finish}; to give up, {@link #abort}.
 *
 * <p>Errors: {@code VIR_ERR_NO_SUPPORT} naming the API while no call attached data to the stream; otherwise what
 * the stream's source reports. Thread-safe for one receiving and one sending thread at a time.
 */
public final class Stream {
    private final Connect connect;
    private final StreamHandle handle;

    Stream(Connect connect, int flags) {
        this.connect = connect;
        this.handle = new StreamHandle(flags);
    }

    public Connect connect() {
        return connect;
    }

    /** The flags given to {@link Connect#newStream}. */
    public int flags() {
        return handle.flags();
    }

    StreamHandle handle() {
        return handle;
    }

    private StreamBackend backend(String api) {
        StreamBackend b = handle.backend();
        if (b == null) {
            // libvirt-stream.c reports from VIR_FROM_STREAMS.
            throw VirException.of(VirErrorDomain.STREAMS, VirErrorCode.NO_SUPPORT, api);
        }
        return b;
    }

    /** {@code virStreamSend}: sends all of {@code data}; returns its length. */
    public int send(byte[] data) {
        return send(data, 0, data.length);
    }

    public int send(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return backend("virStreamSend").send(data, offset, length);
    }

    /** Sends the remaining bytes of {@code data} and advances its position by what was taken. */
    public int send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        int n = send(copy);
        data.position(data.position() + n);
        return n;
    }

    /** {@code virStreamRecv}: receives up to {@code buffer.length} bytes; returns their count, 0 at the end. */
    public int recv(byte[] buffer) {
        return recv(buffer, 0, buffer.length);
    }

    public int recv(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return backend("virStreamRecv").recv(buffer, offset, length);
    }

    /** Receives into the remaining space of {@code buffer}, advancing its position. */
    public int recv(ByteBuffer buffer) {
        byte[] tmp = new byte[buffer.remaining()];
        int n = recv(tmp);
        buffer.put(tmp, 0, n);
        return n;
    }

    /** {@code virStreamFinish}: completes the transfer; reports a failure of the far side. */
    public void finish() {
        backend("virStreamFinish").finish();
    }

    /** {@code virStreamAbort}: ends the transfer early and releases what the stream holds. */
    public void abort() {
        backend("virStreamAbort").abort();
    }
}
