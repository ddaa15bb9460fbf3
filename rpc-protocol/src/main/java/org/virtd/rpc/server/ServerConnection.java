package org.virtd.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.virtd.rpc.wire.KeepaliveHandler;
import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.MessageStatus;
import org.virtd.rpc.wire.MessageType;
import org.virtd.rpc.wire.Procedure;

/**
 * One client connection as the server sees it: who it is, whether it came through a read-only socket, whether it
 * authenticated, and a slot for the daemon's per-client state. Thread-safe; handlers on many workers share it.
 */
public final class ServerConnection {
    /** Event messages always carry serial 1 (observed from libvirtd 9.0). */
    static final int EVENT_SERIAL = 1;

    private final long id;
    private final Channel channel;
    private final String listenerName;
    private final boolean readOnly;
    private final @Nullable PeerIdentity peer;
    private volatile boolean authenticated;
    private volatile @Nullable Object attachment;
    private final AtomicBoolean keepaliveStarted = new AtomicBoolean();
    /** Open streams by the serial of the call that opened them. */
    private final Map<Integer, ServerStream> streams = new ConcurrentHashMap<>();
    private volatile @Nullable Runnable resumeReads;

    ServerConnection(long id, Channel channel, String listenerName, boolean readOnly, boolean authenticated,
                     @Nullable PeerIdentity peer) {
        this.id = id;
        this.channel = channel;
        this.listenerName = listenerName;
        this.readOnly = readOnly;
        this.authenticated = authenticated;
        this.peer = peer;
    }

    /** Process credentials of a unix-socket peer (SO_PEERCRED). */
    public record PeerIdentity(int pid, int uid, int gid) {
    }

    /** A server-wide unique number for logs. */
    public long id() {
        return id;
    }

    /** The name of the listener that accepted this client ("unix-rw", "unix-ro", "tcp"). */
    public String listenerName() {
        return listenerName;
    }

    /** True for clients of a read-only socket: the daemon forces {@code VIR_CONNECT_RO} on their connection. */
    public boolean isReadOnly() {
        return readOnly;
    }

    public @Nullable PeerIdentity peer() {
        return peer;
    }

    public @Nullable SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public @Nullable Object attachment() {
        return attachment;
    }

    public void attach(@Nullable Object value) {
        this.attachment = value;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Sends an asynchronous MESSAGE (an event) to the client. Never blocks: the bytes join the channel's outbound
     * queue. Dropped silently if the client has gone.
     */
    public <M> void sendEvent(Procedure<M, ?> event, M body) {
        if (!channel.isActive()) {
            return;
        }
        MessageHeader header = MessageHeader.of(event.program(), event.version(), event.number(),
                MessageType.MESSAGE, EVENT_SERIAL, MessageStatus.OK);
        ByteBuf frame = Frames.encode(channel.alloc(), header, event.args(), body);
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /**
     * Starts pinging this client after keepalive_interval seconds of silence (libvirtd does this once the client
     * asked for the keepalive feature). Idempotent.
     */
    public void startKeepalive() {
        if (keepaliveStarted.compareAndSet(false, true)) {
            channel.pipeline().fireUserEventTriggered(KeepaliveHandler.START);
        }
    }

    /** Closes the connection; pending replies are dropped. */
    public void close() {
        channel.close();
    }

    /** Runs {@code action} once the connection is closed (at once if it already is). */
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    Channel channel() {
        return channel;
    }

    /** Registers the stream of the call with {@code header}; a second stream for one serial is refused. */
    ServerStream openStream(MessageHeader header, StreamEndpoint endpoint, ErrorMapper errors, int maxQueued) {
        ServerStream s = new ServerStream(this, header, endpoint, errors, maxQueued);
        if (streams.putIfAbsent(header.serial(), s) != null) {
            throw new IllegalStateException("serial " + Integer.toUnsignedString(header.serial())
                    + " already has a stream");
        }
        if (!channel.isActive()) {
            // The client left while the call ran: channelInactive has already swept the streams.
            s.discard();
        }
        return s;
    }

    @Nullable ServerStream stream(int serial) {
        return streams.get(serial);
    }

    void removeStream(ServerStream s) {
        streams.remove(s.serial(), s);
    }

    /** Number of open streams (for tests and logs). */
    public int openStreams() {
        return streams.size();
    }

    boolean streamsBackedUp() {
        for (ServerStream s : streams.values()) {
            if (s.backedUp()) {
                return true;
            }
        }
        return false;
    }

    /** Aborts every stream: the client went away. */
    void discardStreams() {
        for (ServerStream s : new ArrayList<>(streams.values())) {
            s.discard();
        }
    }

    void setResumeReads(Runnable action) {
        this.resumeReads = action;
    }

    /** Asks the event loop to read from the client again if nothing else holds reading back. */
    void resumeReads() {
        Runnable r = resumeReads;
        if (r != null) {
            channel.eventLoop().execute(r);
        }
    }

    @Override
    public String toString() {
        return "client " + id + " (" + listenerName + " " + channel.remoteAddress() + ")";
    }
}
