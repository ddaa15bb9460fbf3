package org.virtd.interop;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.virtd.api.ConnectUri;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.HypervisorDriver;
import org.virtd.driver.spi.OpenResult;
import org.virtd.driver.spi.StreamBackend;
import org.virtd.driver.spi.StreamHandle;

/**
 * A test-only hypervisor ({@code echo:///}) with one running domain, {@code test}, whose console echoes what it is
 * sent: libvirt's test driver has no console, and this lets real and our virsh drive a console stream both ways
 * through virtd. Found through {@code ServiceLoader} on the interop tests' class path only.
 */
public final class EchoConsoleDriver implements DriverProvider {
    static final UUID TEST_UUID = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public OpenResult open(ConnectUri uri, int flags, DriverEnvironment env) {
        if (!uri.scheme().equals("echo") || uri.host() != null) {
            return OpenResult.declined();
        }
        return OpenResult.success(new Connection());
    }

    static final class Connection implements HypervisorDriver {
        private static final DomainRef TEST = new DomainRef("test", TEST_UUID, 1);

        @Override
        public String name() {
            return "ECHO";
        }

        @Override
        public String uri() {
            return "echo:///";
        }

        @Override
        public boolean connectIsAlive() {
            return true;
        }

        private static DomainRef find(boolean found) {
            if (!found) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.NO_DOMAIN, null);
            }
            return TEST;
        }

        @Override
        public DomainRef domainLookupByName(String name) {
            return find(name.equals("test"));
        }

        @Override
        public DomainRef domainLookupById(int id) {
            return find(id == 1);
        }

        @Override
        public DomainRef domainLookupByUuid(UUID uuid) {
            return find(uuid.equals(TEST_UUID));
        }

        @Override
        public DomainStateInfo domainGetState(DomainRef dom, int flags) {
            return new DomainStateInfo(1, 1);
        }

        @Override
        public DomainInfo domainGetInfo(DomainRef dom) {
            return new DomainInfo(1, 1024, 1024, 1, 0);
        }

        @Override
        public void domainOpenConsole(DomainRef dom, @Nullable String devName, StreamHandle stream, int flags) {
            stream.attach(new Echo());
        }
    }

    /** Bytes sent come back; finish or abort ends the data. */
    static final class Echo implements StreamBackend {
        private static final byte[] END = new byte[0];
        private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

        @Override
        public int send(byte[] data, int offset, int length) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            queue.add(copy);
            return length;
        }

        @Override
        public int recv(byte[] buffer, int offset, int length) {
            try {
                byte[] b = queue.take();
                if (b == END) {
                    queue.add(END);
                    return 0;
                }
                int n = Math.min(length, b.length);
                System.arraycopy(b, 0, buffer, offset, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        @Override
        public void finish() {
            queue.add(END);
        }

        @Override
        public void abort() {
            queue.add(END);
        }
    }
}
