package org.virtd.driver.spi.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.StreamBackend;

/**
 * A stream fed from, or draining into, JDK channels: the local drivers' counterpart of libvirt's fdstream. A
 * read-only stream (a screenshot file) refuses {@link #send}; a write-only one refuses {@link #recv}.
 */
public final class ChannelStreamBackend implements StreamBackend {
    private final @Nullable ReadableByteChannel in;
    private final @Nullable WritableByteChannel out;
    private volatile boolean aborted;

    public ChannelStreamBackend(@Nullable ReadableByteChannel in, @Nullable WritableByteChannel out) {
        this.in = in;
        this.out = out;
    }

    /**
     * A stream that delivers the contents of {@code file}; fails as libvirt's fdstream does when it cannot be
     * opened ("Unable to open stream for 'PATH'").
     */
    public static ChannelStreamBackend readingFile(Path file) {
        try {
            return new ChannelStreamBackend(FileChannel.open(file, StandardOpenOption.READ), null);
        } catch (IOException e) {
            throw VirException.format(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR,
                    "Unable to open stream for '%s': %s", file, reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                : e instanceof java.nio.file.AccessDeniedException ? "Permission denied" : String.valueOf(e.getMessage());
    }

    @Override
    public int send(byte[] data, int offset, int length) {
        if (out == null) {
            throw VirException.of(VirErrorDomain.STREAMS, VirErrorCode.OPERATION_INVALID,
                    "cannot write to stream");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(data, offset, length);
            while (b.hasRemaining()) {
                out.write(b);
            }
            return length;
        } catch (IOException e) {
            throw VirException.format(VirErrorDomain.STREAMS, VirErrorCode.SYSTEM_ERROR,
                    "cannot write to stream: %s", e.getMessage());
        }
    }

    @Override
    public int recv(byte[] buffer, int offset, int length) {
        if (in == null) {
            throw VirException.of(VirErrorDomain.STREAMS, VirErrorCode.OPERATION_INVALID,
                    "cannot read from stream");
        }
        if (aborted) {
            return 0;
        }
        try {
            int n = in.read(ByteBuffer.wrap(buffer, offset, length));
            return Math.max(n, 0);
        } catch (IOException e) {
            if (aborted) {
                return 0;
            }
            throw VirException.format(VirErrorDomain.STREAMS, VirErrorCode.SYSTEM_ERROR,
                    "cannot read from stream: %s", e.getMessage());
        }
    }

    @Override
    public void finish() {
        closeAll();
    }

    @Override
    public void abort() {
        aborted = true;
        closeAll();
    }

    private void closeAll() {
        try {
            if (in != null) {
                in.close();
            }
            if (out != null && out != in) {
                out.close();
            }
        } catch (IOException e) {
            throw VirException.format(VirErrorDomain.STREAMS, VirErrorCode.SYSTEM_ERROR,
                    "cannot close stream: %s", e.getMessage());
        }
    }
}
