package org.virtd.driver.internal;

import java.util.List;
import java.util.ServiceLoader;
import org.virtd.api.ConnectUri;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.api.DriverEnvironment;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.HypervisorDriver;
import org.virtd.driver.spi.OpenResult;

/**
 * Finds the driver for a URI: asks every {@link DriverProvider} in turn ({@link DriverProvider#probeOrder()},
 * then class-path order); the first success wins, a thrown error
 * stops the probe, and when all decline the open fails with libvirt's "no connection driver available for URI".
 */
public final class DriverRegistry {
    private static final class Holder {
        static final DriverRegistry DEFAULT = new DriverRegistry(
                ServiceLoader.load(DriverProvider.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    private final List<DriverProvider> providers;

    public DriverRegistry(List<DriverProvider> providers) {
        this.providers = providers.stream()
                .sorted(java.util.Comparator.comparingInt(DriverProvider::probeOrder)).toList();
    }

    public static DriverRegistry defaultRegistry() {
        return Holder.DEFAULT;
    }

    /** The same registry without the remote driver (the one provider that forwards to a daemon). */
    public DriverRegistry inProcess() {
        return new DriverRegistry(providers.stream().filter(p -> !p.name().equals("remote")).toList());
    }

    public List<DriverProvider> providers() {
        return providers;
    }

    public HypervisorDriver open(String uriText, int flags, DriverEnvironment env) {
        if (uriText.isEmpty()) {
            for (DriverProvider p : providers) {
                if (p.openDefault(flags, env) instanceof OpenResult.Success s) {
                    return s.driver();
                }
            }
            throw noDriver("<null>");
        }
        ConnectUri uri = ConnectUri.parse(uriText);
        for (DriverProvider p : providers) {
            if (p.open(uri, flags, env) instanceof OpenResult.Success s) {
                return s.driver();
            }
        }
        throw noDriver(uriText);
    }

    private static VirException noDriver(String what) {
        return VirException.of(VirErrorDomain.NONE, VirErrorCode.NO_CONNECT, what);
    }
}
