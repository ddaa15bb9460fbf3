package org.virtd.driver.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.virtd.api.ConnectUri;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.api.DriverEnvironment;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.OpenResult;
import org.virtd.rpc.client.RpcClient;

/**
 * The remote driver as found through {@link java.util.ServiceLoader}: takes URIs that name a transport or a
 * host, the {@code remote} scheme, and local URIs ({@code qemu:///system}) when a daemon socket for them exists.
 *
 * <p>Which URIs are claimed:
 * <ul>
 *   <li>{@code driver+unix:///path} and {@code driver+tcp://host[:port]/path}: opened here.</li>
 *   <li>{@code +tls}, {@code +ssh}, {@code +libssh}, {@code +libssh2}, {@code +ext}, and a host without a
 *       transport (which means TLS): claimed, and the open fails with VIR_ERR_NO_SUPPORT naming the transport,
 *       so the user learns why instead of "no connection driver available".</li>
 *   <li>{@code remote:///} (and {@code remote+...}): the daemon chooses the hypervisor (an empty name is
 *       sent).</li>
 *   <li>A local URI (no transport, no host) that no in-process driver took (this provider probes last): sent
 *       to the local daemon's socket ({@link SocketDirs}); when none exists the open fails naming the socket
 *       libvirt would have used, as libvirt's client does. {@code test:///...} is always declined: libvirt's
 *       test driver lives in the client library and is never forwarded to a daemon.</li>
 *   <li>No URI at all: the local daemon's socket, the daemon choosing the hypervisor.</li>
 * </ul>
 *
 * <p>Probe order: the registry asks providers in class-path order. Local {@code test} URIs never collide with
 * driver-test (declined above); other local URIs would be taken from an in-process driver listed later on the
 * class path if a daemon socket exists, so programs that embed both a hypervisor driver and this one should
 * list this one last (libvirt registers its remote driver after the in-process ones for the same reason).
 * A daemon must never have this driver on its class path for its own URIs, or it would connect to itself.
 */
public final class RemoteDriverProvider implements DriverProvider {
    /** REMOTE_DRIVER_OPEN_* bits libvirt's client puts in CONNECT_OPEN's flags beside VIR_CONNECT_RO. */
    static final int OPEN_USER = 1 << 1;
    static final int OPEN_AUTOSTART = 1 << 2;

    private final SocketDirs dirs;
    private final boolean root;

    /** The provider ServiceLoader creates: this host's socket directories and the process's own uid. */
    public RemoteDriverProvider() {
        this(SocketDirs.defaults(), isRoot());
    }

    /**
     * A provider with explicit socket directories (tests, or programs with a relocated daemon).
     *
     * @param root whether to behave as a root client (system sockets for every URI)
     */
    public RemoteDriverProvider(SocketDirs dirs, boolean root) {
        this.dirs = dirs;
        this.root = root;
    }

    @Override
    public int probeOrder() {
        return 100;
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public OpenResult open(ConnectUri uri, int flags, DriverEnvironment env) {
        boolean remoteScheme = uri.driver().equals("remote");
        boolean local = uri.transport() == null && uri.host() == null && !remoteScheme;
        if (local && uri.driver().equals("test")) {
            return OpenResult.declined();
        }
        Transport transport = RemoteUris.transport(uri);
        RemoteUris.checkParams(uri);
        SocketDirs.Mode mode = SocketDirs.Mode.parse(RemoteUris.param(uri, "mode"));
        boolean readOnly = (flags & Flags.CONNECT_RO) != 0;
        boolean user = RemoteUris.wantsUserDaemon(uri, root);
        String driver = remoteScheme ? "" : uri.driver();
        String explicitSocket = RemoteUris.param(uri, "socket");
        Path socket = null;
        if (transport == Transport.UNIX) {
            socket = explicitSocket != null ? Path.of(explicitSocket) : dirs.existing(driver, readOnly, user, mode);
            if (socket == null) {
                socket = dirs.fallback(driver, readOnly, user, mode);
            }
        }
        if (!transport.implemented()) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.NO_SUPPORT,
                    "transport '" + transport.uriName() + "' of URI '" + uri + "' (virtd's remote driver speaks"
                            + " unix and tcp so far)");
        }
        int openFlags = readOnly ? Flags.CONNECT_RO : 0;
        if (user) {
            openFlags |= OPEN_USER;
            String autostart = System.getenv("LIBVIRT_AUTOSTART");
            if (uri.host() == null && transport == Transport.UNIX && (autostart == null || !autostart.equals("0"))) {
                openFlags |= OPEN_AUTOSTART;
            }
        }
        RpcClient rpc = transport == Transport.UNIX ? connectUnix(socket) : connectTcp(uri, transport);
        return OpenResult.success(RemoteDriver.open(rpc, uri.toString(), transport, RemoteUris.openName(uri),
                openFlags, RemoteUris.param(uri, "auth")));
    }

    @Override
    public OpenResult openDefault(int flags, DriverEnvironment env) {
        boolean readOnly = (flags & Flags.CONNECT_RO) != 0;
        boolean user = !root;
        Path socket = dirs.existing("", readOnly, user, SocketDirs.Mode.AUTO);
        if (socket == null) {
            socket = dirs.fallback("", readOnly, user, SocketDirs.Mode.AUTO);
        }
        int openFlags = (readOnly ? Flags.CONNECT_RO : 0) | (user ? OPEN_USER | OPEN_AUTOSTART : 0);
        RpcClient rpc = connectUnix(socket);
        return OpenResult.success(RemoteDriver.open(rpc, "", Transport.UNIX, "", openFlags, null));
    }

    private static RpcClient connectUnix(@Nullable Path socket) {
        String what = "Failed to connect socket to '" + socket + "'";
        if (socket == null || !Files.exists(socket)) {
            throw RemoteErrors.system(what, RemoteErrors.ENOENT);
        }
        try {
            return RpcClient.connectUnix(socket);
        } catch (IOException | RuntimeException e) {
            throw RemoteErrors.connectFailed(what, e);
        }
    }

    private static RpcClient connectTcp(ConnectUri uri, Transport transport) {
        String host = uri.host() != null ? uri.host() : "localhost";
        int port = uri.port() != 0 ? uri.port() : transport.defaultPort();
        try {
            return RpcClient.connectTcp(host, port);
        } catch (IOException | RuntimeException e) {
            throw RemoteErrors.connectFailed("unable to connect to server at '" + host + ":" + port + "'", e);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
