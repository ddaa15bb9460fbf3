package org.virtd.driver.spi;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The driver's view of a stream a caller created with {@link org.virtd.api.Connect#newStream}: a slot the
 * stream-opening driver method fills with its {@link StreamBackend} (libvirt's drivers set {@code st->driver}
 * the same way). Attached once; thread-safe.
 */
public final class StreamHandle {
    private final int flags;
    private final AtomicReference<@Nullable StreamBackend> backend = new AtomicReference<>();

    public StreamHandle(int flags) {
        this.flags = flags;
    }

    /** The flags the stream was created with ({@code VIR_STREAM_NONBLOCK}). */
    public int flags() {
        return flags;
    }

    /**
     * Gives the stream its data source/sink.
     *
     * @throws IllegalStateException the stream already carries another call's data
     */
    public void attach(StreamBackend b) {
        if (!backend.compareAndSet(null, b)) {
            throw new IllegalStateException("stream already attached");
        }
    }

    /** The attached backend, or null while no stream-opening call used the stream. */
    public @Nullable StreamBackend backend() {
        return backend.get();
    }
}
