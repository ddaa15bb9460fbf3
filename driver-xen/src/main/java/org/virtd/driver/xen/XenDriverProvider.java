package org.virtd.driver.xen;

import org.virtd.api.ConnectUri;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.OpenResult;

/**
 * The Xen driver in the probe: takes {@code xen:///system} and {@code xen:///} (libvirt's libxl driver refuses any
 * other path, /session included). Daemon-wide it owns {@link XenDriverState}: the XenStore (a running xenstored
 * or the embedded one), the hypervisor backend and the two pools, started with the daemon so that autostart and
 * the running pool's rebuild happen without any client.
 */
public final class XenDriverProvider implements DriverProvider {

    @Override
    public String name() { return "xen"; }

    @Override
    public OpenResult open(ConnectUri uri, int flags, DriverEnvironment env) {
        if (!uri.driver().equals("xen") || !uri.isLocal()) return OpenResult.declined();
        String path = uri.path() == null ? "" : uri.path();
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/system")) {
            throw VirException.of(XenDriverState.FROM, VirErrorCode.INTERNAL_ERROR,
                    "unexpected Xen URI path '" + path + "', try xen:///system");
        }
        return OpenResult.success(new XenConnection(XenDriverState.of(env), uri.toString()));
    }

    @Override
    public AutoCloseable startDaemonState(DriverEnvironment env) {
        XenDriverState.of(env);
        return () -> XenDriverState.stop(env);
    }
}
