package org.virtd.daemon.dispatch;

import org.virtd.api.Stream;
import org.virtd.rpc.server.StreamEndpoint;

/** The RPC layer's view of a public-API {@link Stream}: what libvirtd's stream glue does with a virStreamPtr. */
final class ApiStreamEndpoint implements StreamEndpoint {
    private final Stream stream;

    ApiStreamEndpoint(Stream stream) {
        this.stream = stream;
    }

    @Override
    public int read(byte[] buffer) {
        return stream.recv(buffer);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        int done = 0;
        while (done < length) {
            done += stream.send(data, offset + done, length - done);
        }
    }

    @Override
    public void finish() {
        stream.finish();
    }

    @Override
    public void abort() {
        stream.abort();
    }
}
