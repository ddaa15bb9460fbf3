package org.virtd.rpc.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.rpc.wire.KeepaliveHandler;
import org.virtd.rpc.wire.RpcFrameDecoder;
import org.virtd.rpc.wire.RpcMessageEncoder;

/**
 * libvirt's RPC server: listeners (unix sockets, TCP), one pipeline per client, and the dispatch of calls to the
 * bound {@link ProgramDispatcher}s on workers.
 *
 * <p>Pipeline per client: frame decoder (length word, 32 MiB limit) → message encoder → keepalive (answered here,
 * never queued behind work) → {@link ServerHandler}. Event loops only frame, check headers and answer keepalives.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    /** Replies queued for a slow reader beyond 8 MiB pause reading its calls; below 2 MiB it resumes. */
    private static final io.netty.channel.WriteBufferWaterMark WRITE_WATER_MARK =
            new io.netty.channel.WriteBufferWaterMark(2 << 20, 8 << 20);

    private final List<ProgramDispatcher> dispatchers;
    private final ErrorMapper errorMapper;
    private final int maxClientRequests;
    private final int maxClients;
    private final int maxQueuedClients;
    private final int keepaliveInterval;
    private final int keepaliveCount;
    private final ConnectionListener listener;
    private final WorkerScheduler scheduler;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean epoll;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final Set<ServerConnection> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clientCount = new AtomicInteger();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final List<Path> socketFiles = new CopyOnWriteArrayList<>();

    /** Told when clients come and go (the daemon closes the client's hypervisor connection, tracks idleness). */
    public interface ConnectionListener {
        default void opened(ServerConnection connection) {
        }

        default void closed(ServerConnection connection) {
        }
    }

    private RpcServer(Builder b) {
        this.dispatchers = List.copyOf(b.dispatchers);
        this.errorMapper = Objects.requireNonNull(b.errorMapper, "errorMapper");
        this.maxClientRequests = Math.max(1, b.maxClientRequests);
        this.maxClients = b.maxClients;
        this.maxQueuedClients = Math.max(1, b.maxQueuedClients);
        this.keepaliveInterval = b.keepaliveInterval;
        this.keepaliveCount = b.keepaliveCount;
        this.listener = b.listener;
        this.scheduler = new WorkerScheduler(b.maxWorkers, b.prioWorkers);
        this.epoll = Epoll.isAvailable();
        this.boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        this.workers = epoll ? new EpollEventLoopGroup(b.ioThreads) : new NioEventLoopGroup(b.ioThreads);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Nullable ProgramDispatcher dispatcher(int program, int version) {
        for (ProgramDispatcher d : dispatchers) {
            if (d.program().number() == program && d.program().version() == version) {
                return d;
            }
        }
        return null;
    }

    ErrorMapper errorMapper() {
        return errorMapper;
    }

    int maxClientRequests() {
        return maxClientRequests;
    }

    WorkerScheduler scheduler() {
        return scheduler;
    }

    /** Number of connected clients. */
    public int clientCount() {
        return clientCount.get();
    }

    /**
     * Listens on TCP. Clients of TCP are authenticated from the start (auth "none").
     *
     * @return the bound address (useful with port 0)
     */
    public InetSocketAddress listenTcp(String host, int port) throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, maxQueuedClients)
                .handler(acceptGate)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_WATER_MARK)
                .childHandler(initializer("tcp", false, peer -> true));
        Channel ch = bind(b, new InetSocketAddress(host, port), "tcp " + host + ":" + port);
        return (InetSocketAddress) ch.localAddress();
    }

    /**
     * Listens on a unix socket at {@code path} (an old socket file there is replaced), with {@code perms}
     * (e.g. 0700) and, when given, group ownership {@code group}.
     *
     * @param readOnly whether clients of this socket get read-only connections
     * @param authenticatedAtConnect whether a peer with these credentials needs no further authentication
     */
    public void listenUnix(Path path, String name, boolean readOnly, int perms, @Nullable String group,
                           Predicate<ServerConnection.@Nullable PeerIdentity> authenticatedAtConnect)
            throws IOException {
        if (!epoll) {
            throw new IOException("unix sockets need Netty's epoll transport, which is not available here");
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.deleteIfExists(path);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers)
                .channel(EpollServerDomainSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, maxQueuedClients)
                .handler(acceptGate)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_WATER_MARK)
                .childHandler(initializer(name, readOnly, authenticatedAtConnect));
        bind(b, new DomainSocketAddress(path.toString()), "unix socket " + path);
        socketFiles.add(path);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setPermissions(permissions(perms));
        if (group != null && !group.isEmpty()) {
            GroupPrincipal gp = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            view.setGroup(gp);
        }
    }

    private Channel bind(ServerBootstrap b, SocketAddress address, String what) throws IOException {
        try {
            Channel ch = b.bind(address).syncUninterruptibly().channel();
            listeners.add(ch);
            LOG.info("listening on {}", what);
            return ch;
        } catch (Exception e) {
            throw new IOException("Failed to bind socket to " + what + ": " + e.getMessage(), e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    private ChannelInitializer<Channel> initializer(String name, boolean readOnly,
            Predicate<ServerConnection.@Nullable PeerIdentity> authenticatedAtConnect) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ServerConnection.PeerIdentity peer = null;
                if (ch instanceof EpollDomainSocketChannel uds) {
                    try {
                        PeerCredentials pc = uds.peerCredentials();
                        int[] gids = pc.gids();
                        peer = new ServerConnection.PeerIdentity(pc.pid(), pc.uid(), gids.length > 0 ? gids[0] : -1);
                    } catch (IOException e) {
                        LOG.debug("no peer credentials for {}: {}", ch, e.getMessage());
                    }
                }
                ServerConnection conn = new ServerConnection(nextClientId.getAndIncrement(), ch, name, readOnly,
                        authenticatedAtConnect.test(peer), peer);
                clients.add(conn);
                ch.pipeline().addLast("frame", new RpcFrameDecoder("client"))
                        .addLast("encoder", new RpcMessageEncoder())
                        .addLast("keepalive", new KeepaliveHandler(keepaliveInterval, keepaliveCount))
                        .addLast("dispatch", new ServerHandler(RpcServer.this, conn));
                ch.closeFuture().addListener(f -> {
                    if (clients.remove(conn)) {
                        try {
                            listener.closed(conn);
                        } catch (RuntimeException e) {
                            LOG.warn("close hook for {} failed", conn, e);
                        }
                    }
                });
                listener.opened(conn);
            }
        };
    }

    /**
     * Counts clients where they are accepted, on the listeners' event loop, and stops accepting at max_clients
     * as libvirtd does: new clients wait in the listen backlog (max_queued_clients) until one leaves, instead of
     * being accepted and dropped. Counting here, not in the child's initializer, leaves no window in which the
     * listener accepts past the limit.
     */
    @io.netty.channel.ChannelHandler.Sharable
    private final class AcceptGate extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            if (maxClients > 0 && clientCount.get() >= maxClients) {
                LOG.error("Too many active clients ({}), dropping connection from {}", maxClients,
                        child.remoteAddress());
                child.unsafe().closeForcibly();
                return;
            }
            if (clientCount.incrementAndGet() >= maxClients && maxClients > 0) {
                LOG.warn("max_clients ({}) reached; not accepting new clients until one leaves", maxClients);
                setAccepting(false);
            }
            child.closeFuture().addListener(f -> {
                if (clientCount.decrementAndGet() < maxClients && !boss.isShuttingDown()) {
                    boss.execute(() -> setAccepting(true));
                }
            });
            ctx.fireChannelRead(child);
        }
    }

    private final AcceptGate acceptGate = new AcceptGate();

    // Runs on the boss event loop, which all listeners share.
    private void setAccepting(boolean on) {
        for (Channel l : listeners) {
            l.config().setAutoRead(on);
        }
    }

    /** Stops listening and closes every client. Waits for the event loops to end. */
    @Override
    public void close() {
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        for (ServerConnection c : new ArrayList<>(clients)) {
            c.close();
        }
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        scheduler.close();
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", p, e.getMessage());
            }
        }
    }

    public static final class Builder {
        private final List<ProgramDispatcher> dispatchers = new ArrayList<>();
        private @Nullable ErrorMapper errorMapper;
        private int maxWorkers = 20;
        private int prioWorkers = 5;
        private int maxClientRequests = 5;
        private int maxClients = 5000;
        private int maxQueuedClients = 1000;
        private int keepaliveInterval = 5;
        private int keepaliveCount = 5;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private ConnectionListener listener = new ConnectionListener() { };

        public Builder dispatcher(ProgramDispatcher d) {
            dispatchers.add(d);
            return this;
        }

        public Builder errorMapper(ErrorMapper m) {
            this.errorMapper = m;
            return this;
        }

        public Builder workers(int maxWorkers, int prioWorkers) {
            this.maxWorkers = maxWorkers;
            this.prioWorkers = prioWorkers;
            return this;
        }

        public Builder maxClientRequests(int n) {
            this.maxClientRequests = n;
            return this;
        }

        /** 0 means unlimited. */
        public Builder maxClients(int n) {
            this.maxClients = n;
            return this;
        }

        /** The listen backlog: connections the kernel holds while the server is not accepting. */
        public Builder maxQueuedClients(int n) {
            this.maxQueuedClients = n;
            return this;
        }

        /** libvirtd's keepalive_interval and keepalive_count; an interval of -1 turns pinging off. */
        public Builder keepalive(int interval, int count) {
            this.keepaliveInterval = interval;
            this.keepaliveCount = count;
            return this;
        }

        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        public Builder connectionListener(ConnectionListener l) {
            this.listener = l;
            return this;
        }

        public RpcServer build() {
            return new RpcServer(this);
        }
    }
}
