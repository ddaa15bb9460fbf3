package org.virtd.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.rpc.proto.remote.RemoteError;
import org.virtd.rpc.wire.Limits;
import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.MessageStatus;
import org.virtd.rpc.wire.MessageType;
import org.virtd.rpc.wire.RpcMessage;
import org.virtd.rpc.xdr.XdrOutput;

/**
 * The server side of one stream (libvirt's {@code daemonClientStream}): relays between a {@link StreamEndpoint}
 * and STREAM messages carrying the opening call's program, procedure and serial.
 *
 * <p>Life: registered while the opening call runs; started once its successful REPLY is written, so no data can
 * overtake the reply; discarded (endpoint aborted) if the call failed. Then two virtual threads run it:
 * <ul>
 * <li>the <b>reader</b> moves endpoint data to the client in packets of at most 262120 bytes (libvirtd's
 *     chunk), with at most one packet in flight as libvirtd's {@code tx} flag allows: the next read waits until
 *     the previous packet was written to the socket, so a slow client slows the source instead of filling
 *     memory. End of data sends an empty STREAM/CONTINUE; a failure sends STREAM/ERROR with a remote_error.</li>
 * <li>the <b>writer</b> serves what the client sends: CONTINUE data is written to the endpoint; OK (finish)
 *     finishes the endpoint and confirms with an empty STREAM/OK, or answers a REPLY/ERROR if finishing failed;
 *     ERROR (abort) aborts the endpoint and confirms with an empty STREAM/OK, as libvirtd does.</li>
 * </ul>
 * Incoming packets wait in a queue of at most {@code maxQueued} (the client's request limit, which libvirtd
 * applies to stream packets too); when it is full the connection is not read until the writer catches up. A
 * client that goes away aborts the endpoint and ends both threads. STREAM_HOLE is not supported (no procedure
 * here opens a sparse stream); a hole is answered as libvirtd answers one on a non-sparse stream.
 */
public final class ServerStream {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStream.class);

    private final ServerConnection connection;
    private final MessageHeader call;
    private final StreamEndpoint endpoint;
    private final ErrorMapper errors;
    private final int maxQueued;

    private final Object lock = new Object();
    // Guarded by lock.
    private final ArrayDeque<RpcMessage> inbound = new ArrayDeque<>();
    private boolean readsPaused;
    private boolean closed;
    private boolean started;

    ServerStream(ServerConnection connection, MessageHeader call, StreamEndpoint endpoint, ErrorMapper errors,
            int maxQueued) {
        this.connection = connection;
        this.call = call;
        this.endpoint = endpoint;
        this.errors = errors;
        this.maxQueued = Math.max(1, maxQueued);
    }

    int serial() {
        return call.serial();
    }

    int procedure() {
        return call.procedure();
    }

    /** Whether the stream is still open (neither finished, aborted nor failed). */
    public boolean isOpen() {
        synchronized (lock) {
            return !closed;
        }
    }

    /** Runs on the event loop right after the successful reply was written. */
    void start() {
        synchronized (lock) {
            if (closed || started) {
                return;
            }
            started = true;
        }
        String name = "stream-" + connection.id() + "-" + Integer.toUnsignedString(call.serial());
        Thread.ofVirtual().name(name + "-out").start(this::relayToClient);
        Thread.ofVirtual().name(name + "-in").start(this::relayFromClient);
    }

    /** The opening call failed or the client went away: nothing more is sent, the endpoint is aborted. */
    void discard() {
        if (close()) {
            abortEndpoint();
        }
    }

    /** Runs on the event loop: a STREAM or STREAM_HOLE message for this stream. Takes ownership of it. */
    void offer(RpcMessage message) {
        synchronized (lock) {
            if (closed) {
                message.release();
                return;
            }
            inbound.add(message);
            lock.notifyAll();
            if (inbound.size() >= maxQueued && !readsPaused) {
                readsPaused = true;
                connection.channel().config().setAutoRead(false);
            }
        }
    }

    /** True while the queue of incoming packets is full and the connection must not be read. */
    boolean backedUp() {
        synchronized (lock) {
            return readsPaused;
        }
    }

    // ---- reader thread: endpoint -> client ------------------------------------------------------------------

    private void relayToClient() {
        byte[] buffer = new byte[Limits.LEGACY_PAYLOAD_MAX];
        ChannelFuture last = null;
        try {
            while (isOpen()) {
                int n = endpoint.read(buffer);
                if (last != null) {
                    last.awaitUninterruptibly(); // one packet in flight, as libvirtd
                }
                if (!isOpen()) {
                    return;
                }
                if (n <= 0) {
                    // End of data is an empty CONTINUE packet (OK is reserved for confirming the client's finish
                    // or abort; libvirt's client drops the connection on an unsolicited OK). The stream stays
                    // registered until the client finishes or aborts it.
                    write(MessageStatus.CONTINUE, Unpooled.EMPTY_BUFFER);
                    return;
                }
                last = write(MessageStatus.CONTINUE, Unpooled.copiedBuffer(buffer, 0, n));
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    // ---- writer thread: client -> endpoint ------------------------------------------------------------------

    private void relayFromClient() {
        while (true) {
            RpcMessage m = take();
            if (m == null) {
                return;
            }
            try {
                if (!serve(m)) {
                    return;
                }
            } finally {
                m.release();
            }
        }
    }

    private @Nullable RpcMessage take() {
        synchronized (lock) {
            while (inbound.isEmpty() && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            if (closed) {
                return null;
            }
            RpcMessage m = inbound.poll();
            if (readsPaused && inbound.size() < maxQueued) {
                readsPaused = false;
                connection.resumeReads();
            }
            return m;
        }
    }

    /** Returns false once the stream is over. */
    private boolean serve(RpcMessage m) {
        MessageHeader h = m.header();
        if (h.type() == MessageType.STREAM_HOLE.wireValue()) {
            fail(RpcErrors.rpc("Unexpected stream hole"));
            return false;
        }
        if (h.status() == MessageStatus.CONTINUE.wireValue()) {
            ByteBuf body = m.body();
            byte[] data = new byte[body.readableBytes()];
            body.getBytes(body.readerIndex(), data);
            try {
                endpoint.write(data, 0, data.length);
                return true;
            } catch (Throwable t) {
                fail(t);
                return false;
            }
        }
        if (h.status() == MessageStatus.OK.wireValue()) {
            if (!close()) {
                return false;
            }
            try {
                endpoint.finish();
            } catch (Throwable t) {
                endpoint.abort();
                sendNow(call.with(MessageType.REPLY, MessageStatus.ERROR), errorBody(t));
                return false;
            }
            sendNow(call.with(MessageType.STREAM, MessageStatus.OK), Unpooled.EMPTY_BUFFER);
            return false;
        }
        // ERROR (the client's abort) or an unknown status: libvirtd aborts either way and only complains about
        // the latter.
        if (!close()) {
            return false;
        }
        abortEndpoint();
        if (h.status() == MessageStatus.ERROR.wireValue()) {
            sendNow(call.with(MessageType.STREAM, MessageStatus.OK), Unpooled.EMPTY_BUFFER);
        } else {
            sendNow(call.with(MessageType.REPLY, MessageStatus.ERROR), encodeError(RpcErrors.rpc(
                    "stream aborted with unexpected status " + h.status())));
        }
        return false;
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    /** A relay failed: tell the client with STREAM/ERROR and end the stream. */
    private void fail(Throwable t) {
        if (close()) {
            LOG.debug("{}: stream {} failed: {}", connection, call, t.toString());
            abortEndpoint();
            sendNow(call.with(MessageType.STREAM, MessageStatus.ERROR), errorBody(t));
        }
    }

    private void fail(RemoteError e) {
        if (close()) {
            abortEndpoint();
            sendNow(call.with(MessageType.STREAM, MessageStatus.ERROR), encodeError(e));
        }
    }

    private ByteBuf errorBody(Throwable t) {
        return encodeError(errors.toRemoteError(t));
    }

    private ByteBuf encodeError(RemoteError e) {
        ByteBuf body = Unpooled.buffer();
        RemoteError.CODEC.encode(new XdrOutput(body), e);
        return body;
    }

    /** Marks the stream closed; returns true for the caller that closed it. Wakes and empties the queue. */
    private boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            RpcMessage m;
            while ((m = inbound.poll()) != null) {
                m.release();
            }
            lock.notifyAll();
            if (readsPaused) {
                readsPaused = false;
                connection.resumeReads();
            }
        }
        connection.removeStream(this);
        return true;
    }

    private void abortEndpoint() {
        try {
            endpoint.abort();
        } catch (RuntimeException e) {
            LOG.debug("{}: aborting stream {}: {}", connection, call, e.toString());
        }
    }

    private ChannelFuture write(MessageStatus status, ByteBuf body) {
        return sendNow(call.with(MessageType.STREAM, status), body);
    }

    private ChannelFuture sendNow(MessageHeader header, ByteBuf body) {
        Channel ch = connection.channel();
        return ch.writeAndFlush(new RpcMessage(header, body));
    }

    @Override
    public String toString() {
        return "stream " + call;
    }
}
