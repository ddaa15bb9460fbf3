package org.virtd.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.api.Connect;
import org.virtd.api.Virt;
import org.virtd.daemon.config.AuthMode;
import org.virtd.daemon.config.DaemonConfig;
import org.virtd.daemon.config.DaemonPaths;
import org.virtd.daemon.dispatch.RemoteDispatch;
import org.virtd.daemon.dispatch.RemoteErrors;
import org.virtd.api.DriverEnvironment;
import org.virtd.rpc.server.RpcServer;
import org.virtd.rpc.server.ServerConnection;

/**
 * One running virtd: the RPC server with its listeners, the dispatch table, and the daemon's own lifecycle
 * (pid file, idle timeout, orderly stop). Usable embedded: construct, {@link #start()}, {@link #close()}.
 */
public final class VirtDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtDaemon.class);

    private final DaemonConfig config;
    private final DaemonPaths paths;
    private final boolean listen;
    private final @Nullable String defaultUri;
    private final int timeoutSeconds;
    private final DriverEnvironment environment;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong idleSince = new AtomicLong(System.nanoTime());
    private final List<String> endpoints = new ArrayList<>();
    private @Nullable RpcServer server;
    private @Nullable PidFile pidFile;
    private @Nullable ScheduledExecutorService timer;
    private @Nullable InetSocketAddress tcpAddress;
    private @Nullable AutoCloseable driverStates;

    /**
     * @param listen libvirtd's {@code --listen}: TCP listeners only start with it (and {@code listen_tcp = 1})
     * @param defaultUri the URI opened for clients that send none ({@code LIBVIRT_DEFAULT_URI} semantics)
     * @param timeoutSeconds libvirtd's {@code --timeout}: stop after this long without clients; 0 = never
     */
    public VirtDaemon(DaemonConfig config, DaemonPaths paths, boolean listen, @Nullable String defaultUri,
                      int timeoutSeconds) {
        this.config = config;
        this.paths = paths;
        this.listen = listen;
        this.defaultUri = defaultUri;
        this.timeoutSeconds = timeoutSeconds;
        this.environment = new DriverEnvironment(paths.root(), paths.configDir(), paths.stateDir(), paths.runDir(), isRoot(),
                config.xenHypervisor() == null ? java.util.Map.of() : java.util.Map.of("xen_hypervisor", config.xenHypervisor()));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public DriverEnvironment environment() {
        return environment;
    }

    /** Opens the hypervisor connection of a client's CONNECT_OPEN. */
    private Connect openConnection(@Nullable String name, int flags) {
        String uri = name == null || name.isEmpty() ? (defaultUri == null ? "" : defaultUri) : name;
        return Virt.connectInProcess(uri, flags, environment);
    }

    /**
     * Creates the directories, takes the pid file, binds every listener, and serves.
     *
     * @throws IOException when a listener cannot bind or the pid file is held by a running daemon
     * @throws IllegalStateException for a configuration virtd cannot serve (an auth scheme it lacks)
     */
    public void start() throws IOException {
        checkSupported();
        Files.createDirectories(paths.runDir());
        Files.createDirectories(paths.socketDir());
        Files.createDirectories(paths.pidFile().toAbsolutePath().getParent());
        pidFile = PidFile.acquire(paths.pidFile());
        driverStates = Virt.startDaemonStates(environment,
                (driver, e) -> LOG.error("driver {}: cannot start its state: {}", driver, e.getMessage()));

        RemoteDispatch dispatch = new RemoteDispatch(this::openConnection);
        RpcServer s = RpcServer.builder()
                .dispatcher(dispatch.build())
                .dispatcher(dispatch.buildQemu())
                .errorMapper(new RemoteErrors())
                .workers(config.maxWorkers(), config.prioWorkers())
                .maxClientRequests(config.maxClientRequests())
                .maxClients(config.maxClients())
                .maxQueuedClients(config.maxQueuedClients())
                .keepalive(config.keepaliveInterval(), config.keepaliveCount())
                .connectionListener(new RpcServer.ConnectionListener() {
                    @Override
                    public void opened(ServerConnection c) {
                        dispatch.attach(c);
                        LOG.debug("new {}", c);
                    }

                    @Override
                    public void closed(ServerConnection c) {
                        dispatch.detach(c);
                        idleSince.set(System.nanoTime());
                        LOG.debug("closed {}", c);
                    }
                })
                .build();
        server = s;
        try {
            s.listenUnix(paths.rwSocket(), "unix-rw", false, config.unixSockRwPerms(), config.unixSockGroup(),
                    peer -> trusts(config.authUnixRw(), peer));
            endpoints.add("unix " + paths.rwSocket());
            s.listenUnix(paths.roSocket(), "unix-ro", true, config.unixSockRoPerms(), config.unixSockGroup(),
                    peer -> trusts(config.authUnixRo(), peer));
            endpoints.add("unix read-only " + paths.roSocket());
            if (listen && config.listenTcp()) {
                String host = config.listenAddr() == null ? "0.0.0.0" : config.listenAddr();
                tcpAddress = s.listenTcp(host, config.tcpPort());
                endpoints.add("tcp " + tcpAddress.getHostString() + ":" + tcpAddress.getPort());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (timeoutSeconds > 0) {
            ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "virtd-timeout");
                th.setDaemon(true);
                return th;
            });
            timer = t;
            t.scheduleAtFixedRate(this::checkIdle, 1, 1, TimeUnit.SECONDS);
        }
        LOG.info("virtd ready: {}", String.join(", ", endpoints));
    }

    private void checkSupported() {
        if (config.listenTls()) {
            throw new IllegalStateException("listen_tls = 1 is not supported by this virtd yet; set listen_tls = 0");
        }
        if (listen && config.listenTcp() && config.authTcp() != AuthMode.NONE) {
            throw new IllegalStateException("auth_tcp = \"" + config.authTcp().confName()
                    + "\" is not supported by this virtd yet; set auth_tcp = \"none\" (TCP then has no"
                    + " authentication: bind listen_addr to a trusted address)");
        }
        for (AuthMode m : List.of(config.authUnixRw(), config.authUnixRo())) {
            if (m == AuthMode.SASL) {
                throw new IllegalStateException("auth_unix_rw/auth_unix_ro = \"sasl\" is not supported by this"
                        + " virtd yet; use \"none\" or \"polkit\"");
            }
        }
    }

    /** Auth "none" trusts everyone; "polkit" trusts root and the daemon's own user (libvirtd's polkit fast path). */
    private static boolean trusts(AuthMode mode, ServerConnection.@Nullable PeerIdentity peer) {
        if (mode == AuthMode.NONE) {
            return true;
        }
        if (mode == AuthMode.POLKIT && peer != null) {
            return peer.uid() == 0 || peer.uid() == currentUid();
        }
        return false;
    }

    private static int currentUid() {
        try {
            Object uid = Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i ? i : -1;
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private void checkIdle() {
        RpcServer s = server;
        if (s == null) {
            return;
        }
        if (s.clientCount() > 0) {
            idleSince.set(System.nanoTime());
            return;
        }
        if (System.nanoTime() - idleSince.get() >= TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
            LOG.info("no clients for {} s; stopping (--timeout)", timeoutSeconds);
            stopped.countDown();
        }
    }

    /** The TCP address when a TCP listener runs (its port is the real one even when 0 was configured). */
    public @Nullable InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    public DaemonPaths paths() {
        return paths;
    }

    /** Number of connected clients. */
    public int clientCount() {
        RpcServer s = server;
        return s == null ? 0 : s.clientCount();
    }

    /** Blocks until {@link #requestStop()} or the idle timeout. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public void requestStop() {
        stopped.countDown();
    }

    /** Stops listening, disconnects every client, removes sockets and the pid file. Idempotent. */
    @Override
    public synchronized void close() {
        stopped.countDown();
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (driverStates != null) {
            try {
                driverStates.close();
            } catch (Exception e) {
                LOG.warn("stopping driver state: {}", e.getMessage());
            }
            driverStates = null;
        }
        if (pidFile != null) {
            try {
                pidFile.close();
            } catch (IOException e) {
                LOG.warn("cannot remove pid file {}: {}", paths.pidFile(), e.getMessage());
            }
            pidFile = null;
        }
    }
}
