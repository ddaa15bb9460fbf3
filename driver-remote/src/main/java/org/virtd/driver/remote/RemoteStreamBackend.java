package org.virtd.driver.remote;

import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.StreamBackend;
import org.virtd.rpc.client.ClientStream;

/** A stream whose bytes travel as RPC STREAM packets of the call that opened it (libvirt's remoteStream*). */
final class RemoteStreamBackend implements StreamBackend {
    private final ClientStream<?> stream;

    RemoteStreamBackend(ClientStream<?> stream) {
        this.stream = stream;
    }

    @Override
    public int send(byte[] data, int offset, int length) {
        try {
            stream.send(data, offset, length);
            return length;
        } catch (RuntimeException e) {
            throw RemoteErrors.fromCall(e);
        }
    }

    @Override
    public int recv(byte[] buffer, int offset, int length) {
        return blocking(() -> stream.recv(buffer, offset, length));
    }

    @Override
    public void finish() {
        blocking(() -> {
            stream.finish();
            return 0;
        });
    }

    @Override
    public void abort() {
        blocking(() -> {
            stream.abort();
            return 0;
        });
    }

    /** A stream call that may wait for the daemon: its failures as libvirt errors, an interrupt as one too. */
    private static int blocking(BlockingCall call) {
        try {
            return call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        } catch (RuntimeException e) {
            throw RemoteErrors.fromCall(e);
        }
    }

    @FunctionalInterface
    private interface BlockingCall {
        int run() throws InterruptedException;
    }

    private static VirException interrupted() {
        return VirException.of(VirErrorDomain.RPC, VirErrorCode.INTERNAL_ERROR, "interrupted while streaming");
    }
}
