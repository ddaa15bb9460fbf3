package org.virtd.driver.xen.store;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The XenStore a daemon's Xen driver uses: a xenstored already answering on the host's socket, or else our own
 * server started inside the daemon. Paths follow the daemon's root: {@code R/run/xenstored/socket} and the
 * database in {@code R/var/lib/xenstored}; with the root at {@code /}, {@code XENSTORED_PATH} names the socket as
 * it does for Xen's tools. On a host with a Xen hypervisor (a privcmd device), nothing is embedded: its
 * xenstored is the only right one, and a missing one is reported, not replaced.
 */
public final class XenStoreHost implements AutoCloseable {
    private final Path socket;
    private final XenStoreServer embedded;
    private final String problem;

    private XenStoreHost(Path socket, XenStoreServer embedded, String problem) {
        this.socket = socket;
        this.embedded = embedded;
        this.problem = problem;
    }

    /** Finds or starts the XenStore for a daemon whose files live under {@code root}. */
    public static XenStoreHost start(Path root) throws IOException {
        Path socket = socketFor(root);
        if (answers(socket)) return new XenStoreHost(socket, null, null);
        if (isRootSlash(root) && hypervisorPresent()) {
            return new XenStoreHost(socket, null, "xenstored is not running (no answer on " + socket + ")");
        }
        XenStoreServer s = XenStoreServer.persistent(root.resolve("var/lib/xenstored"), socket,
                Store.Quotas.XEN_DEFAULTS, false, null);
        try {
            s.start();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new XenStoreHost(socket, s, null);
    }

    static Path socketFor(Path root) {
        String env = System.getenv("XENSTORED_PATH");
        if (isRootSlash(root) && env != null && !env.isEmpty()) return Path.of(env);
        return root.resolve("run/xenstored/socket");
    }

    private static boolean isRootSlash(Path root) { return root.toAbsolutePath().normalize().getNameCount() == 0; }

    private static boolean hypervisorPresent() {
        return Files.exists(Path.of("/proc/xen/privcmd")) || Files.exists(Path.of("/dev/xen/privcmd"));
    }

    /** Whether a xenstored answers a READ of / on {@code socket} within two seconds. */
    static boolean answers(Path socket) {
        if (!Files.exists(socket)) return false;
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                XsWire.write(Channels.newOutputStream(ch), XsMessage.of(XsType.READ, 1, 0, XsMessage.strings("/")));
                return XsWire.read(Channels.newInputStream(ch)) != null;
            } catch (IOException e) {
                return false;
            }
        }, r -> Thread.ofVirtual().start(r));
        try {
            return probe.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            probe.cancel(true);
            return false;
        }
    }

    /** The socket clients use. */
    public Path socket() { return socket; }

    /** Whether this daemon runs the server itself. */
    public boolean isEmbedded() { return embedded != null; }

    /** Why there is no XenStore to use, or null when there is one. */
    public String problem() { return problem; }

    @Override
    public void close() throws IOException {
        if (embedded != null) embedded.close();
    }
}
