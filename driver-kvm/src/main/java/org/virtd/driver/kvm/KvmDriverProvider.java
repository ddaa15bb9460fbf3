package org.virtd.driver.kvm;

import org.virtd.api.ConnectUri;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.OpenResult;

/**
 * The QEMU/KVM driver in the probe: {@code qemu:///system} and {@code qemu:///session}, each with its own pools
 * (libvirt runs them in two daemons; virtd serves both, in separate directories). Daemon-wide it owns the system
 * mode's state, started with the daemon so that running guests are re-attached and autostart happens without
 * any client.
 */
public final class KvmDriverProvider implements DriverProvider {

    @Override
    public String name() { return "QEMU"; }

    @Override
    public OpenResult open(ConnectUri uri, int flags, DriverEnvironment env) {
        if (!uri.driver().equals("qemu") || !uri.isLocal()) return OpenResult.declined();
        String path = uri.path() == null ? "" : uri.path();
        QemuDriverState.Mode mode = switch (path) {
            case "/system" -> QemuDriverState.Mode.SYSTEM;
            case "/session" -> QemuDriverState.Mode.SESSION;
            default -> throw VirException.of(QemuDriverState.FROM, VirErrorCode.INTERNAL_ERROR,
                    "unexpected QEMU URI path '" + path + "', try qemu:///" + (env.privileged() ? "system" : "session"));
        };
        if (mode == QemuDriverState.Mode.SYSTEM && !env.privileged()) {
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.INTERNAL_ERROR,
                    "unexpected QEMU URI path '" + path + "', try qemu:///session");
        }
        return OpenResult.success(new QemuConnection(QemuDriverState.of(env, mode), uri.toString()));
    }

    @Override
    public AutoCloseable startDaemonState(DriverEnvironment env) {
        QemuDriverState.of(env, env.privileged() ? QemuDriverState.Mode.SYSTEM : QemuDriverState.Mode.SESSION);
        return () -> QemuDriverState.stop(env);
    }
}
