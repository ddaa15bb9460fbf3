package org.virtd.driver.xen;

import org.slf4j.LoggerFactory;
import org.virtd.api.ConnectUri;
import org.virtd.api.DriverEnvironment;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.OpenResult;
import org.virtd.driver.xen.store.XenStoreHost;

/**
 * The Xen driver's entry in the driver probe. Daemon-wide, it owns the XenStore the driver works with (a running
 * xenstored, or the embedded one, see {@link XenStoreHost}). Connections ({@code xen:///}) are not served yet:
 * the pools and the hypervisor backends are the Xen driver issue's work, so the probe goes on as before.
 */
public final class XenDriverProvider implements DriverProvider {
    private static volatile XenStoreHost store;

    @Override
    public String name() { return "xen"; }

    @Override
    public OpenResult open(ConnectUri uri, int flags, DriverEnvironment env) {
        return OpenResult.declined();
    }

    @Override
    public AutoCloseable startDaemonState(DriverEnvironment env) throws Exception {
        XenStoreHost host = XenStoreHost.start(env.root());
        store = host;
        if (host.problem() != null) {
            LoggerFactory.getLogger(XenDriverProvider.class).warn("{}", host.problem());
        } else {
            LoggerFactory.getLogger(XenDriverProvider.class).info("XenStore: {} ({})", host.socket(),
                    host.isEmbedded() ? "embedded in this daemon" : "a running xenstored");
        }
        return () -> {
            store = null;
            host.close();
        };
    }

    /** The XenStore of this daemon, or null outside a daemon (or before it started). */
    public static XenStoreHost xenStore() { return store; }
}
