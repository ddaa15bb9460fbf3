package org.virtd.driver.test;

import org.virtd.api.ConnectUri;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.api.DriverEnvironment;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.OpenResult;
import org.virtd.driver.spi.support.FlagCheck;

/**
 * Accepts {@code test:///default} and {@code test:///ABSOLUTE/PATH}: scheme {@code test}, no transport, no host.
 * Everything else is declined (a {@code test+tcp://} URI belongs to the remote driver).
 */
public final class TestDriverProvider implements DriverProvider {

    @Override
    public String name() {
        return "test";
    }

    @Override
    public OpenResult open(ConnectUri uri, int flags, DriverEnvironment env) {
        if (!uri.driver().equals("test") || uri.transport() != null || uri.host() != null) {
            return OpenResult.declined();
        }
        FlagCheck.check(flags, Flags.CONNECT_RO | Flags.CONNECT_NO_ALIASES, "testConnectOpen", VirErrorDomain.TEST);
        String path = uri.path();
        if (path.isEmpty() || path.equals("/")) {
            throw VirException.of(VirErrorDomain.TEST, VirErrorCode.INVALID_ARG,
                    "testOpen: supply a path or use test:///default");
        }
        if (path.equals("/default")) {
            return OpenResult.success(new TestConnection(TestDriverState.acquireDefault(), "test:///default", true));
        }
        TestDriverState state = TestDriverState.fromFile(java.nio.file.Path.of(path));
        return OpenResult.success(new TestConnection(state, "test://" + path, false));
    }
}
