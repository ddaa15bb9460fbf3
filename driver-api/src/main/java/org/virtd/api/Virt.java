package org.virtd.api;

import org.jspecify.annotations.Nullable;
import org.virtd.driver.internal.DriverRegistry;

/** Entry point of the public API: opens {@link Connect}ions by URI, like {@code virConnectOpen}. */
public final class Virt {
    /** The libvirt release whose API and wire behaviour virtd reproduces, as libvirt encodes versions. */
    public static final long LIBVIRT_COMPAT_VERSION = 9_000_000L;

    private Virt() {
    }

    /**
     * Opens {@code uri} with the drivers found on the class path, files under {@code env}.
     *
     * @param flags {@link Flags#CONNECT_RO} for a read-only connection
     * @throws VirException NO_CONNECT "no connection driver available for URI" when no driver takes the URI,
     *         or the error of the driver that took it and failed
     */
    public static Connect connect(String uri, int flags, DriverEnvironment env) {
        return new Connect(DriverRegistry.defaultRegistry().open(uri, flags, env), flags);
    }

    /**
     * Opens {@code uri} with the in-process drivers only, never forwarding it to a daemon: what a daemon uses to
     * serve its clients, so a URI it has no driver for is refused ("no connection driver available") instead of
     * being sent to another daemon, or back to itself.
     */
    public static Connect connectInProcess(String uri, int flags, DriverEnvironment env) {
        return new Connect(DriverRegistry.defaultRegistry().inProcess().open(uri, flags, env), flags);
    }

    /**
     * Starts the daemon-wide state of every in-process driver (see
     * {@link org.virtd.driver.spi.DriverProvider#startDaemonState}); the result stops them in reverse order. A
     * driver whose state fails to start is reported to {@code failed} and skipped.
     */
    public static AutoCloseable startDaemonStates(DriverEnvironment env,
                                                  java.util.function.BiConsumer<String, Exception> failed) {
        java.util.List<AutoCloseable> started = new java.util.ArrayList<>();
        for (var p : DriverRegistry.defaultRegistry().inProcess().providers()) {
            try {
                started.add(p.startDaemonState(env));
            } catch (Exception e) {
                failed.accept(p.name(), e);
            }
        }
        return () -> {
            for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
        };
    }

    /** {@link #connect(String, int, DriverEnvironment)} for a user process: files under {@code ~/.local/share/virtd}. */
    public static Connect connect(String uri, int flags) {
        return connect(uri, flags, DriverEnvironment.under(
                java.nio.file.Path.of(System.getProperty("user.home"), ".local/share/virtd"), false));
    }

    /** Read-write connection to {@code uri}. */
    public static Connect connect(@Nullable String uri) {
        return connect(uri == null ? "" : uri, 0);
    }
}
