package org.virtd.rpc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtd.rpc.client.ClientStream;
import org.virtd.rpc.client.RemoteErrorException;
import org.virtd.rpc.client.RpcClient;
import org.virtd.rpc.proto.remote.ConnectGetHostnameRet;
import org.virtd.rpc.proto.remote.DomainOpenConsoleArgs;
import org.virtd.rpc.proto.remote.DomainScreenshotArgs;
import org.virtd.rpc.proto.remote.DomainScreenshotRet;
import org.virtd.rpc.proto.remote.NonnullDomain;
import org.virtd.rpc.proto.remote.RemoteProcedure;
import org.virtd.rpc.proto.remote.RemoteProgram;
import org.virtd.rpc.wire.Limits;
import org.virtd.rpc.xdr.XdrVoid;

/**
 * Streams end to end between {@link RpcServer} and {@link RpcClient} on 127.0.0.1: data after the reply in
 * libvirtd-sized packets, end of data, finish and abort handshakes, both directions at once, failures on either
 * side, a client that vanishes mid-stream, and a client that does not read.
 */
class ServerStreamTest {
    private static final NonnullDomain DOM = new NonnullDomain("test", UUID.randomUUID(), 1);

    /** Screen 0: a fixed image; screen 1: endless data; screen 2: the source fails after one packet. */
    private static final byte[] IMAGE = pattern(3 * Limits.LEGACY_PAYLOAD_MAX + 1234);

    private RpcServer server;
    private InetSocketAddress address;
    private final List<RpcClient> clients = new ArrayList<>();
    private final AtomicReference<ServerConnection> lastConnection = new AtomicReference<>();
    private final AtomicReference<Source> lastSource = new AtomicReference<>();
    private final AtomicReference<Echo> lastEcho = new AtomicReference<>();

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    /** A read-only endpoint (a screenshot file). */
    static final class Source implements StreamEndpoint {
        final int screen;
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch finished = new CountDownLatch(1);
        final CountDownLatch aborted = new CountDownLatch(1);
        private int offset;

        Source(int screen) {
            this.screen = screen;
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            int k = reads.incrementAndGet();
            if (screen == 1) {
                return buffer.length;
            }
            if (screen == 2 && k > 1) {
                throw new IOException("disk on fire");
            }
            int n = Math.min(buffer.length, IMAGE.length - offset);
            System.arraycopy(IMAGE, offset, buffer, 0, n);
            offset += n;
            return n;
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void finish() {
            finished.countDown();
        }

        @Override
        public void abort() {
            aborted.countDown();
        }
    }

    /** A console that echoes what it is sent; read blocks until there is something. */
    static final class Echo implements StreamEndpoint {
        private static final byte[] CLOSED = new byte[0];
        final BlockingQueue<byte[]> pending = new LinkedBlockingQueue<>();
        final CountDownLatch finished = new CountDownLatch(1);
        final CountDownLatch aborted = new CountDownLatch(1);

        @Override
        public int read(byte[] buffer) throws InterruptedException {
            byte[] b = pending.take();
            if (b == CLOSED) {
                pending.add(CLOSED);
                return 0;
            }
            System.arraycopy(b, 0, buffer, 0, b.length);
            return b.length;
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            pending.add(copy);
        }

        @Override
        public void finish() {
            pending.add(CLOSED);
            finished.countDown();
        }

        @Override
        public void abort() {
            pending.add(CLOSED);
            aborted.countDown();
        }
    }

    @BeforeEach
    void start() throws IOException {
        ProgramDispatcher dispatcher = ProgramDispatcher.builder(RemoteProgram.INSTANCE)
                .bind(RemoteProcedure.DOMAIN_SCREENSHOT, (ctx, a) -> {
                    lastConnection.set(ctx.connection());
                    Source s = new Source(a.screen());
                    lastSource.set(s);
                    ctx.openStream(s);
                    if (a.flags() != 0) {
                        throw new IllegalArgumentException("unsupported flags (0x" + Integer.toHexString(a.flags())
                                + ")");
                    }
                    return new DomainScreenshotRet("image/png");
                })
                .bind(RemoteProcedure.DOMAIN_OPEN_CONSOLE, (ctx, a) -> {
                    lastConnection.set(ctx.connection());
                    Echo e = new Echo();
                    lastEcho.set(e);
                    ctx.openStream(e);
                    return XdrVoid.INSTANCE;
                })
                .bind(RemoteProcedure.CONNECT_GET_HOSTNAME, (ctx, a) -> new ConnectGetHostnameRet("host"))
                .bindRemaining(p -> (ctx, a) -> {
                    throw new IllegalStateException("not bound in this test: " + p);
                })
                .build();
        server = RpcServer.builder().dispatcher(dispatcher)
                .errorMapper(t -> RpcErrors.rpc(String.valueOf(t.getMessage())))
                .workers(4, 2).maxClientRequests(3).keepalive(5, 5).build();
        address = server.listenTcp("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        clients.forEach(RpcClient::close);
        server.close();
    }

    private RpcClient client() throws IOException {
        RpcClient c = RpcClient.connectTcp("127.0.0.1", address.getPort());
        clients.add(c);
        return c;
    }

    private static byte[] readAll(ClientStream<?> s, List<Integer> packetSizes) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 20];
        int n;
        while ((n = s.recv(buf, 0, buf.length)) > 0) {
            packetSizes.add(n);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void awaitNoStreams(ServerConnection c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.openStreams() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, c.openStreams(), "streams left open on the server");
    }

    @Test
    void dataFollowsTheReplyInLibvirtdSizedPacketsAndFinishIsConfirmed() throws Exception {
        RpcClient c = client();
        ClientStream<DomainScreenshotRet> s = c.openStream(RemoteProcedure.DOMAIN_SCREENSHOT,
                new DomainScreenshotArgs(DOM, 0, 0));
        assertEquals("image/png", c.await(s.reply(), RemoteProcedure.DOMAIN_SCREENSHOT).mime());
        List<Integer> sizes = new ArrayList<>();
        assertArrayEquals(IMAGE, readAll(s, sizes));
        assertTrue(sizes.stream().allMatch(n -> n <= Limits.LEGACY_PAYLOAD_MAX), sizes.toString());
        assertEquals(0, s.recv(new byte[10], 0, 10), "end of stream stays the end");
        s.finish();
        assertTrue(lastSource.get().finished.await(5, TimeUnit.SECONDS));
        awaitNoStreams(lastConnection.get());
        assertEquals("host", c.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
    }

    @Test
    void aConsoleCarriesDataBothWays() throws Exception {
        RpcClient c = client();
        ClientStream<XdrVoid> s = c.openStream(RemoteProcedure.DOMAIN_OPEN_CONSOLE,
                new DomainOpenConsoleArgs(DOM, null, 0));
        c.await(s.reply(), RemoteProcedure.DOMAIN_OPEN_CONSOLE);
        for (String line : List.of("root\n", "uname -a\n")) {
            byte[] sent = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            s.send(sent, 0, sent.length);
            byte[] got = new byte[64];
            int n = s.recv(got, 0, got.length);
            assertEquals(line, new String(got, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
        }
        s.finish();
        assertTrue(lastEcho.get().finished.await(5, TimeUnit.SECONDS));
        awaitNoStreams(lastConnection.get());
    }

    @Test
    void abortMidStreamIsConfirmedAndTheConnectionGoesOn() throws Exception {
        RpcClient c = client();
        ClientStream<DomainScreenshotRet> s = c.openStream(RemoteProcedure.DOMAIN_SCREENSHOT,
                new DomainScreenshotArgs(DOM, 1, 0));
        c.await(s.reply(), RemoteProcedure.DOMAIN_SCREENSHOT);
        byte[] buf = new byte[Limits.LEGACY_PAYLOAD_MAX];
        assertTrue(s.recv(buf, 0, buf.length) > 0);
        s.abort();
        assertTrue(lastSource.get().aborted.await(5, TimeUnit.SECONDS), "the source is aborted");
        awaitNoStreams(lastConnection.get());
        assertEquals("host", c.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
    }

    @Test
    void aClientVanishingMidStreamAbortsTheEndpointAndLeavesNothingBehind() throws Exception {
        for (int i = 0; i < 5; i++) {
            RpcClient gone = RpcClient.connectTcp("127.0.0.1", address.getPort());
            ClientStream<XdrVoid> s = gone.openStream(RemoteProcedure.DOMAIN_OPEN_CONSOLE,
                    new DomainOpenConsoleArgs(DOM, null, 0));
            gone.await(s.reply(), RemoteProcedure.DOMAIN_OPEN_CONSOLE);
            Echo e = lastEcho.get();
            ServerConnection conn = lastConnection.get();
            gone.close();
            assertTrue(e.aborted.await(5, TimeUnit.SECONDS), "the console is aborted");
            awaitNoStreams(conn);
        }
        RpcClient c = client();
        assertEquals("host", c.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.clientCount() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, server.clientCount());
    }

    @Test
    void aFailedCallSendsNoDataAndAbortsItsEndpoint() throws Exception {
        RpcClient c = client();
        ClientStream<DomainScreenshotRet> s = c.openStream(RemoteProcedure.DOMAIN_SCREENSHOT,
                new DomainScreenshotArgs(DOM, 0, 4));
        RemoteErrorException e = assertThrows(RemoteErrorException.class,
                () -> c.await(s.reply(), RemoteProcedure.DOMAIN_SCREENSHOT));
        assertEquals("unsupported flags (0x4)", e.error().message());
        assertTrue(lastSource.get().aborted.await(5, TimeUnit.SECONDS));
        assertEquals(0, lastSource.get().reads.get(), "nothing was read for a failed call");
        awaitNoStreams(lastConnection.get());
    }

    @Test
    void aSourceFailureReachesTheClientAsTheStreamsError() throws Exception {
        RpcClient c = client();
        ClientStream<DomainScreenshotRet> s = c.openStream(RemoteProcedure.DOMAIN_SCREENSHOT,
                new DomainScreenshotArgs(DOM, 2, 0));
        c.await(s.reply(), RemoteProcedure.DOMAIN_SCREENSHOT);
        RemoteErrorException e = assertThrows(RemoteErrorException.class, () -> readAll(s, new ArrayList<>()));
        assertEquals("disk on fire", e.error().message());
        long t0 = System.nanoTime();
        s.abort(); // nothing to confirm: the server already dropped the stream
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
        awaitNoStreams(lastConnection.get());
        assertEquals("host", c.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
    }

    @Test
    void aClientThatDoesNotReadHoldsTheSourceBack() throws Exception {
        RpcClient c = client();
        ClientStream<DomainScreenshotRet> s = c.openStream(RemoteProcedure.DOMAIN_SCREENSHOT,
                new DomainScreenshotArgs(DOM, 1, 0));
        c.await(s.reply(), RemoteProcedure.DOMAIN_SCREENSHOT);
        Thread.sleep(1500);
        int reads = lastSource.get().reads.get();
        // Endless data: only the client's queue (4 MiB) and the socket buffers may hold packets.
        assertTrue(reads > 1 && reads < 80, "packets read from the source while nobody reads: " + reads);
        Thread.sleep(500);
        assertTrue(lastSource.get().reads.get() - reads <= 1, "the source must be stalled");
        s.abort();
        assertTrue(lastSource.get().aborted.await(5, TimeUnit.SECONDS));
    }
}
