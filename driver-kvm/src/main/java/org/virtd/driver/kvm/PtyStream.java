package org.virtd.driver.kvm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.StreamBackend;
import org.virtd.driver.spi.support.SystemErrors;

/**
 * A guest console: the pty QEMU opened, put in raw mode (no echo, no line editing: the guest's own terminal does
 * that), read and written as a stream, as libvirt's console streams do.
 *
 * <p>Why a platform reader thread: the daemon relays streams on virtual threads, and a virtual thread blocked in a
 * read of a tty cannot be woken by closing the channel (the JDK can signal only platform threads out of a blocking
 * read), so a client leaving the console would leave a reader behind that steals the guest's next output and a
 * close that never returns. The platform thread reads into a small queue; {@link #recv} waits on the queue.
 */
final class PtyStream implements StreamBackend {
    private static final byte[] END = new byte[0];

    private final FileChannel in;
    private final FileChannel out;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
    private byte[] pending = END;
    private int pendingOffset;
    private volatile boolean closed;

    private PtyStream(FileChannel in, FileChannel out, Path pty) {
        this.in = in;
        this.out = out;
        Thread.ofPlatform().daemon().name("console-pty " + pty).start(this::readLoop);
    }

    static PtyStream open(Path pty) {
        try {
            // stty is the portable way to set termios from Java; the pty's settings belong to its slave side.
            Process p = new ProcessBuilder("stty", "-F", pty.toString(), "raw", "-echo")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String msg = new String(p.getInputStream().readAllBytes()).strip();
                p.destroyForcibly();
                throw VirException.of(QemuDriverState.FROM, VirErrorCode.INTERNAL_ERROR,
                        "unable to set raw mode on " + pty + ": " + msg);
            }
            return new PtyStream(FileChannel.open(pty, StandardOpenOption.READ), FileChannel.open(pty, StandardOpenOption.WRITE), pty);
        } catch (IOException e) {
            throw SystemErrors.of(QemuDriverState.FROM, e, "Unable to open tty " + pty);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.INTERNAL_ERROR, "interrupted opening " + pty);
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (!closed) {
                buf.clear();
                int n = in.read(buf);
                if (n < 0) break;
                if (n > 0) chunks.put(Arrays.copyOf(buf.array(), n));
            }
        } catch (IOException | InterruptedException e) {
            // closed by abort/finish, or the guest's side went away: the end of the stream either way
        } finally {
            chunks.clear();
            chunks.offer(END);
        }
    }

    @Override
    public int send(byte[] data, int offset, int length) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data, offset, length);
            while (b.hasRemaining()) out.write(b);
            return length;
        } catch (IOException e) {
            throw VirException.format(VirErrorDomain.STREAMS, VirErrorCode.SYSTEM_ERROR, "cannot write to stream: %s", e.getMessage());
        }
    }

    @Override
    public int recv(byte[] buffer, int offset, int length) {
        try {
            if (pendingOffset >= pending.length) {
                pending = chunks.take();
                pendingOffset = 0;
                if (pending == END) {
                    chunks.offer(END);
                    return 0;
                }
            }
            int n = Math.min(length, pending.length - pendingOffset);
            System.arraycopy(pending, pendingOffset, buffer, offset, n);
            pendingOffset += n;
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    boolean isClosed() { return closed; }

    @Override
    public void finish() { close(); }

    @Override
    public void abort() { close(); }

    private void close() {
        if (closed) return;
        closed = true;
        for (FileChannel c : new FileChannel[] {in, out}) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
        chunks.offer(END);
    }
}
