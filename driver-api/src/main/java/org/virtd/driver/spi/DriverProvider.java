package org.virtd.driver.spi;

import org.virtd.api.ConnectUri;
import org.virtd.api.DriverEnvironment;

/**
 * A hypervisor driver as found through {@link java.util.ServiceLoader}: it looks at a URI and either accepts it,
 * declines it (another driver may take it) or fails the open (the probe stops, as in libvirt's driver.h).
 */
public interface DriverProvider {

    /** A short name for logs and {@code docs/driver-support.md} ("test", "qemu", "xen", "uml"). */
    String name();

    /**
     * Where this provider stands in the probe: lower first. In-process drivers keep 0; the remote driver, which
     * would take a local URI whenever a daemon socket exists, probes last, as libvirt's does.
     */
    default int probeOrder() {
        return 0;
    }

    /**
     * Opens a connection for {@code uri}.
     *
     * @param flags libvirt's {@code virConnectFlags}; {@code VIR_CONNECT_RO} is enforced by the API layer
     * @param env where the driver keeps its files and what it may do
     * @return {@link OpenResult.Declined} when the URI is not this driver's
     * @throws org.virtd.api.VirException when the URI is this driver's but cannot be opened
     */
    OpenResult open(ConnectUri uri, int flags, DriverEnvironment env);

    /**
     * Opens a connection when no URI was given at all (and no default URI is configured): libvirt then asks each
     * driver whether it can serve the host's default hypervisor; the remote driver ends the probe with the local
     * daemon's socket.
     */
    default OpenResult openDefault(int flags, DriverEnvironment env) {
        return OpenResult.declined();
    }

    /**
     * Called once when a daemon starts serving, before its listeners open (what libvirt's state drivers do at
     * initialization): the driver brings up what its connections rely on and what must run without any client
     * (the Xen driver: XenStore). Returns what to close when the daemon stops. A failure is logged by the daemon,
     * which serves on; the driver's connections then report the cause.
     *
     * @throws Exception when the driver's daemon-wide state cannot start
     */
    default AutoCloseable startDaemonState(DriverEnvironment env) throws Exception {
        return () -> { };
    }
}
