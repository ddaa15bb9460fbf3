package org.virtd.rpc.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.virtd.rpc.proto.remote.RemoteError;
import org.virtd.rpc.wire.Limits;
import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.MessageStatus;
import org.virtd.rpc.wire.MessageType;
import org.virtd.rpc.wire.RpcMessage;
import org.virtd.rpc.xdr.XdrException;

/**
 * The client side of a stream opened by a call (libvirt's {@code virNetClientStream}): STREAM messages with the
 * call's serial arrive here in order; {@link #send}, {@link #finish} and {@link #abort} send them. Blocking, like
 * {@code virStreamRecv}/{@code virStreamSend} on a blocking stream. Thread-safe: one thread may receive while
 * another sends (a console).
 *
 * <p>Incoming data waits in a queue; past {@value #QUEUE_HIGH_BYTES} bytes the connection is not read until the
 * caller catches up, so a slow consumer holds the server back instead of filling memory.
 *
 * @param <R> the type of the opening call's reply
 */
public final class ClientStream<R> {
    static final int QUEUE_HIGH_BYTES = 4 << 20;

    private final RpcClient client;
    private final Channel channel;
    private final MessageHeader call;
    private final CompletableFuture<R> reply;

    private final Object lock = new Object();
    // Guarded by lock.
    private final ArrayDeque<RpcMessage> inbound = new ArrayDeque<>();
    private long queuedBytes;
    private boolean paused;
    private @Nullable RuntimeException failure;
    private boolean eof;
    /** The server's STREAM/ERROR once received: the server has dropped the stream and confirms nothing more. */
    private @Nullable RuntimeException serverError;
    private boolean closed;
    private @Nullable RpcMessage current;

    ClientStream(RpcClient client, Channel channel, MessageHeader call, CompletableFuture<R> reply) {
        this.client = client;
        this.channel = channel;
        this.call = call;
        this.reply = reply;
    }

    /** The opening call's reply; completes before any data is delivered. */
    public CompletableFuture<R> reply() {
        return reply;
    }

    int serial() {
        return call.serial();
    }

    /** Runs on the event loop: a STREAM message for this serial, or the REPLY answering finish or abort. */
    void deliver(RpcMessage message) {
        synchronized (lock) {
            inbound.add(message.retain());
            queuedBytes += message.body().readableBytes();
            if (queuedBytes > QUEUE_HIGH_BYTES && !paused) {
                paused = true;
                channel.config().setAutoRead(false);
            }
            lock.notifyAll();
        }
    }

    /** Runs on the event loop: the connection closed. */
    void connectionClosed(RuntimeException cause) {
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
            }
            lock.notifyAll();
        }
    }

    /**
     * Receives up to {@code length} bytes into {@code buffer}. Blocks until data arrives. Returns 0 at the end of
     * the stream (the server's empty data packet).
     *
     * @throws RemoteErrorException the server failed the stream (its STREAM/ERROR)
     * @throws RpcClientException   the connection closed
     */
    public int recv(byte[] buffer, int offset, int length) throws InterruptedException {
        synchronized (lock) {
            while (true) {
                if (current != null) {
                    ByteBuf b = current.body();
                    int n = Math.min(length, b.readableBytes());
                    b.readBytes(buffer, offset, n);
                    if (!b.isReadable()) {
                        current.release();
                        current = null;
                    }
                    return n;
                }
                if (eof) {
                    return 0;
                }
                while (inbound.isEmpty() && !closed && failure == null) {
                    lock.wait();
                }
                if (closed) {
                    return 0; // finish or abort owns what arrives now (its confirmation)
                }
                RpcMessage m = next();
                MessageHeader h = m.header();
                if (h.type() == MessageType.STREAM.wireValue() && h.status() == MessageStatus.CONTINUE.wireValue()) {
                    if (m.body().isReadable()) {
                        current = m;
                        continue;
                    }
                    m.release(); // an empty data packet is the server's end of data
                    eof = true;
                    return 0;
                }
                try {
                    if (h.type() == MessageType.STREAM.wireValue() && h.status() == MessageStatus.OK.wireValue()) {
                        eof = true;
                        return 0;
                    }
                    RuntimeException e = error(m);
                    serverError = e;
                    throw e;
                } finally {
                    m.release();
                }
            }
        }
    }

    /** Takes the next queued message; waits for one. Caller holds the lock. */
    private RpcMessage next() throws InterruptedException {
        while (inbound.isEmpty()) {
            if (failure != null) {
                throw failure;
            }
            lock.wait();
        }
        RpcMessage m = inbound.poll();
        queuedBytes -= m.body().readableBytes();
        if (paused && queuedBytes <= QUEUE_HIGH_BYTES / 2) {
            paused = false;
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
        return m;
    }

    private RuntimeException error(RpcMessage m) {
        MessageHeader h = m.header();
        if (h.status() == MessageStatus.ERROR.wireValue()) {
            try {
                return new RemoteErrorException(m.decodeBody(RemoteError.CODEC));
            } catch (XdrException e) {
                return new RpcClientException("cannot decode stream error: " + e.getMessage(), e);
            }
        }
        return new RpcClientException("unexpected stream message " + h, null);
    }

    /** Sends data, in packets of at most 262120 bytes as libvirt's clients do. */
    public void send(byte[] data, int offset, int length) {
        int done = 0;
        do {
            int n = Math.min(length - done, Limits.LEGACY_PAYLOAD_MAX);
            write(MessageStatus.CONTINUE, Unpooled.copiedBuffer(data, offset + done, n)).awaitUninterruptibly();
            done += n;
        } while (done < length);
    }

    /**
     * Finishes the stream: sends STREAM/OK and waits for the server's confirmation (data still queued is dropped).
     *
     * @throws RemoteErrorException the server could not complete its side
     */
    public void finish() throws InterruptedException {
        close(MessageStatus.OK);
    }

    /** Aborts the stream: sends STREAM/ERROR with no body and waits for the server's confirmation. */
    public void abort() throws InterruptedException {
        close(MessageStatus.ERROR);
    }

    private void close(MessageStatus status) throws InterruptedException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            if (current != null) {
                current.release();
                current = null;
            }
            if (serverError != null) {
                // As libvirt's client: nothing is sent for a stream the server already failed; finishing it
                // reports that failure again, aborting it is quiet.
                client.removeStream(this);
                release();
                if (status == MessageStatus.OK) {
                    throw serverError;
                }
                return;
            }
        }
        try {
            write(status, Unpooled.EMPTY_BUFFER);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            synchronized (lock) {
                while (true) {
                    RpcMessage m;
                    while (inbound.isEmpty()) {
                        if (failure != null) {
                            throw failure;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new RpcClientException("no answer to the end of the stream", null);
                        }
                        lock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                    }
                    m = next();
                    try {
                        MessageHeader h = m.header();
                        if (h.status() == MessageStatus.CONTINUE.wireValue()) {
                            continue; // data the caller no longer wants
                        }
                        if (h.status() == MessageStatus.OK.wireValue()) {
                            return;
                        }
                        throw error(m);
                    } finally {
                        m.release();
                    }
                }
            }
        } finally {
            client.removeStream(this);
            release();
        }
    }

    /** Drops what is queued; the stream is forgotten. */
    void release() {
        synchronized (lock) {
            RpcMessage m;
            while ((m = inbound.poll()) != null) {
                m.release();
            }
            if (current != null) {
                current.release();
                current = null;
            }
            queuedBytes = 0;
            if (paused) {
                paused = false;
                channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
            }
        }
    }

    private io.netty.channel.ChannelFuture write(MessageStatus status, ByteBuf body) {
        return channel.writeAndFlush(new RpcMessage(call.with(MessageType.STREAM, status), body));
    }
}
