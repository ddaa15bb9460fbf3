package org.virtd.rpc.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.rpc.proto.remote.RemoteError;
import org.virtd.rpc.wire.KeepaliveHandler;
import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.MessageStatus;
import org.virtd.rpc.wire.MessageType;
import org.virtd.rpc.wire.Procedure;
import org.virtd.rpc.wire.RpcFrameDecoder;
import org.virtd.rpc.wire.RpcMessage;
import org.virtd.rpc.wire.RpcMessageEncoder;
import org.virtd.rpc.xdr.XdrException;

/**
 * One connection to an RPC server. Thread-safe: any thread may call, and many calls may be outstanding;
 * replies are matched by serial, which counts from 0 per connection as libvirt's client does.
 *
 * <p>Pipeline: {@link RpcFrameDecoder} → {@link KeepaliveHandler} → the reply/event router, plus
 * {@link RpcMessageEncoder} outbound. Event listeners run on the connection's event loop and must not block.
 * Keepalive PINGs from the server are always answered; the client pings only after
 * {@link #startKeepalive()}, which callers invoke once the server said yes to feature 10.
 */
public final class RpcClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

    /** Default time a blocking {@link #call} waits for its reply. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private record Pending(Procedure<?, ?> procedure, CompletableFuture<Object> future) {
    }

    private final EventLoopGroup group;
    private volatile boolean closing;
    private volatile @Nullable Consumer<CloseCause> peerCloseHandler;
    private final Channel channel;
    private final KeepaliveHandler keepalive;
    private final AtomicInteger serials = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, List<Consumer<Object>>> listeners = new ConcurrentHashMap<>();
    private final Map<Long, Procedure<?, ?>> eventProcedures = new ConcurrentHashMap<>();
    private final Map<Integer, ClientStream<?>> streams = new ConcurrentHashMap<>();
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    private RpcClient(EventLoopGroup group, Bootstrap bootstrap, java.net.SocketAddress address,
            int keepaliveInterval, int keepaliveCount) throws IOException {
        this.group = group;
        this.keepalive = new KeepaliveHandler(keepaliveInterval, keepaliveCount);
        bootstrap.group(group).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("frame", new RpcFrameDecoder("server"));
                ch.pipeline().addLast("encoder", new RpcMessageEncoder());
                ch.pipeline().addLast("keepalive", keepalive);
                ch.pipeline().addLast("router", new Router());
            }
        });
        try {
            this.channel = bootstrap.connect(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("unable to connect to " + address + ": " + e.getMessage(), e);
        }
    }

    /** Connects over TCP, with libvirt's client keepalive defaults (interval 5 s, count 5). */
    public static RpcClient connectTcp(String host, int port) throws IOException {
        return connectTcp(host, port, 5, 5);
    }

    public static RpcClient connectTcp(String host, int port, int keepaliveInterval, int keepaliveCount)
            throws IOException {
        Bootstrap b = new Bootstrap().channel(NioSocketChannel.class);
        return new RpcClient(new NioEventLoopGroup(1), b, new InetSocketAddress(host, port), keepaliveInterval,
                keepaliveCount);
    }

    /** Connects to a UNIX socket; needs Netty's native epoll transport (Linux). */
    public static RpcClient connectUnix(Path socket) throws IOException {
        return connectUnix(socket, 5, 5);
    }

    public static RpcClient connectUnix(Path socket, int keepaliveInterval, int keepaliveCount) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("UNIX sockets need the native epoll transport", Epoll.unavailabilityCause());
        }
        Bootstrap b = new Bootstrap().channel(EpollDomainSocketChannel.class);
        return new RpcClient(new EpollEventLoopGroup(1), b, new DomainSocketAddress(socket.toFile()),
                keepaliveInterval, keepaliveCount);
    }

    /** Time a blocking {@link #call} waits for its reply. */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** Starts the client's own keepalive pings (call after the server answered feature 10 with 1). */
    public void startKeepalive() {
        keepalive.start(channel);
    }

    /** Keepalive with new settings (interval 0 or less: no more PINGs; PINGs from the server are still answered). */
    public void setKeepalive(int intervalSeconds, int count) {
        keepalive.restart(channel, intervalSeconds, count);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Calls {@code p} and waits for the reply.
     *
     * @throws RemoteErrorException the server answered with status ERROR
     * @throws RpcClientException   timeout, closed connection, or a reply that does not decode
     */
    public <A, R> R call(Procedure<A, R> p, A args) {
        return await(callAsync(p, args), p);
    }

    /**
     * Waits for the reply of a call sent with {@link #callAsync} or {@link #openStream}, as {@link #call} does.
     *
     * @throws RemoteErrorException the server answered with status ERROR
     * @throws RpcClientException   timeout, closed connection, or a reply that does not decode
     */
    public <R> R await(CompletableFuture<R> f, Procedure<?, R> p) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            throw new RpcClientException("interrupted while waiting for " + p.name(), e);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new RpcClientException("no reply to " + p.name() + " within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RpcClientException(p.name() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Sends a call; the future completes with the decoded reply or a {@link RemoteErrorException}. */
    @SuppressWarnings("unchecked")
    public <A, R> CompletableFuture<R> callAsync(Procedure<A, R> p, A args) {
        if (p.kind() != Procedure.Kind.CALL) {
            throw new IllegalArgumentException("procedure: " + p.name() + " (expected: a call, not an event)");
        }
        int serial = serials.getAndIncrement();
        CompletableFuture<Object> f = new CompletableFuture<>();
        RpcMessage msg = RpcMessage.of(channel.alloc(), MessageHeader.call(p, serial), p.args(), args);
        pending.put(serial, new Pending(p, f));
        f.whenComplete((r, e) -> pending.remove(serial));
        channel.writeAndFlush(msg).addListener(w -> {
            if (!w.isSuccess()) {
                f.completeExceptionally(new RpcClientException("cannot send " + p.name(), w.cause()));
            }
        });
        return (CompletableFuture<R>) (CompletableFuture<?>) f;
    }

    /**
     * Calls a procedure that opens a stream ({@code @stream} in the IDL). The stream is registered before the call
     * is sent, so no data can be missed; wait on {@link ClientStream#reply()} for the call's result. If the call
     * fails, the stream is forgotten and the reply future fails.
     */
    public <A, R> ClientStream<R> openStream(Procedure<A, R> p, A args) {
        if (p.stream() == Procedure.StreamDirection.NONE) {
            throw new IllegalArgumentException("procedure: " + p.name() + " (expected: one that opens a stream)");
        }
        int serial = serials.getAndIncrement();
        CompletableFuture<Object> f = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<R> typed = (CompletableFuture<R>) (CompletableFuture<?>) f;
        ClientStream<R> stream = new ClientStream<>(this, channel, MessageHeader.call(p, serial), typed);
        streams.put(serial, stream);
        f.whenComplete((r, e) -> {
            pending.remove(serial);
            if (e != null) {
                removeStream(stream);
                stream.release();
            }
        });
        pending.put(serial, new Pending(p, f));
        if (!channel.isActive()) {
            f.completeExceptionally(new RpcClientException("connection closed", null));
            return stream;
        }
        RpcMessage msg = RpcMessage.of(channel.alloc(), MessageHeader.call(p, serial), p.args(), args);
        channel.writeAndFlush(msg).addListener(w -> {
            if (!w.isSuccess()) {
                f.completeExceptionally(new RpcClientException("cannot send " + p.name(), w.cause()));
            }
        });
        return stream;
    }

    void removeStream(ClientStream<?> stream) {
        streams.remove(stream.serial(), stream);
    }

    /** Registers a listener for a server event (a MESSAGE with this program and procedure). */
    @SuppressWarnings("unchecked")
    public <M> void onEvent(Procedure<M, ?> p, Consumer<M> listener) {
        eventProcedures.put(key(p.program(), p.number()), p);
        listeners.computeIfAbsent(key(p.program(), p.number()), k -> new CopyOnWriteArrayList<>())
                .add((Consumer<Object>) listener);
    }

    private static long key(int program, int procedure) {
        return ((long) program << 32) | (procedure & 0xffffffffL);
    }

    /** Why a connection went away without {@link #close()}. */
    public enum CloseCause {
        /** The peer hung up or the socket failed. */
        PEER,
        /** The peer stopped answering keepalive PINGs. */
        KEEPALIVE
    }

    /**
     * Tells {@code handler} (once, on the event loop) when the connection goes away without {@link #close()}.
     * Set it before the connection can drop to see every case.
     */
    public void onPeerClose(Consumer<CloseCause> handler) {
        this.peerCloseHandler = handler;
    }

    @Override
    public void close() {
        closing = true;
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void failAll(Throwable cause) {
        for (Pending p : pending.values()) {
            p.future().completeExceptionally(cause);
        }
        RuntimeException closed = cause instanceof RuntimeException re ? re
                : new RpcClientException(cause.getMessage(), cause);
        for (ClientStream<?> s : streams.values()) {
            s.connectionClosed(closed);
        }
    }

    /** Routes replies by serial and events by procedure; runs on the event loop. */
    private final class Router extends SimpleChannelInboundHandler<RpcMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RpcMessage msg) {
            MessageHeader h = msg.header();
            MessageType type = h.messageType();
            if (type == MessageType.REPLY) {
                reply(msg, h);
            } else if (type == MessageType.MESSAGE) {
                event(msg, h);
            } else if (type == MessageType.STREAM || type == MessageType.STREAM_HOLE) {
                ClientStream<?> s = streams.get(h.serial());
                if (s != null) {
                    s.deliver(msg);
                } else {
                    LOG.debug("dropping stream data for unknown serial {}", h);
                }
            } else {
                LOG.debug("dropping unexpected message {}", h);
            }
        }

        private void reply(RpcMessage msg, MessageHeader h) {
            Pending p = pending.get(h.serial());
            if (p == null) {
                ClientStream<?> s = streams.get(h.serial());
                if (s != null) {
                    s.deliver(msg); // the answer to finish or abort when the stream's end failed
                    return;
                }
                LOG.debug("dropping reply for unknown serial {}", h);
                return;
            }
            try {
                if (h.status() == MessageStatus.OK.wireValue()) {
                    p.future().complete(msg.decodeBody(p.procedure().ret()));
                } else if (h.status() == MessageStatus.ERROR.wireValue()) {
                    p.future().completeExceptionally(new RemoteErrorException(msg.decodeBody(RemoteError.CODEC)));
                } else {
                    p.future().completeExceptionally(new RpcClientException("unexpected status in " + h, null));
                }
            } catch (XdrException e) {
                p.future().completeExceptionally(new RpcClientException("cannot decode reply to "
                        + p.procedure().name() + ": " + e.getMessage(), e));
            }
        }

        private void event(RpcMessage msg, MessageHeader h) {
            List<Consumer<Object>> l = listeners.get(key(h.program(), h.procedure()));
            if (l == null || l.isEmpty()) {
                return;
            }
            Procedure<?, ?> p = eventProcedures.get(key(h.program(), h.procedure()));
            if (p == null) {
                return;
            }
            Object value;
            try {
                value = msg.decodeBody(p.args());
            } catch (XdrException e) {
                LOG.warn("cannot decode event {}: {}", p.name(), e.getMessage());
                return;
            }
            for (Consumer<Object> c : l) {
                try {
                    c.accept(value);
                } catch (RuntimeException e) {
                    LOG.warn("event listener for {} failed", p.name(), e);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            failAll(new RpcClientException("connection closed", null));
            Consumer<CloseCause> h = peerCloseHandler;
            if (!closing && h != null) {
                peerCloseHandler = null;
                boolean timedOut = Boolean.TRUE.equals(ctx.channel().attr(KeepaliveHandler.TIMED_OUT).get());
                try {
                    h.accept(timedOut ? CloseCause.KEEPALIVE : CloseCause.PEER);
                } catch (RuntimeException e) {
                    LOG.warn("peer-close handler failed", e);
                }
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("closing connection: {}", cause.getMessage());
            failAll(new RpcClientException(cause.getMessage(), cause));
            ctx.close();
        }
    }
}
