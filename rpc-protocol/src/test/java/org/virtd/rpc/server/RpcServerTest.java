package org.virtd.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.rpc.client.RemoteErrorException;
import org.virtd.rpc.client.RpcClient;
import org.virtd.rpc.proto.remote.ConnectGetHostnameRet;
import org.virtd.rpc.proto.remote.DomainGetInfoArgs;
import org.virtd.rpc.proto.remote.DomainGetInfoRet;
import org.virtd.rpc.proto.remote.DomainGetStateArgs;
import org.virtd.rpc.proto.remote.DomainGetStateRet;
import org.virtd.rpc.proto.remote.NonnullDomain;
import org.virtd.rpc.proto.remote.RemoteProcedure;
import org.virtd.rpc.proto.remote.RemoteProgram;
import org.virtd.rpc.xdr.XdrVoid;

/**
 * The server's scheduling promises, with handlers that hang like a stuck hypervisor monitor: high-priority calls
 * and keepalives of other clients are still answered, one client cannot take more than its share, and a client
 * that vanishes mid-call costs nothing.
 */
class RpcServerTest {
    private static final NonnullDomain DOM = new NonnullDomain("test", UUID.randomUUID(), 1);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hungCalls = new AtomicInteger();
    private final AtomicInteger peakHung = new AtomicInteger();
    private final AtomicInteger bigReplies = new AtomicInteger();
    private static final String BIG = "x".repeat(256 * 1024);
    private RpcServer server;
    private InetSocketAddress address;
    private final List<RpcClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        ProgramDispatcher dispatcher = ProgramDispatcher.builder(RemoteProgram.INSTANCE)
                // LOW priority, and hangs until the test releases it: a wedged hypervisor call.
                .bind(RemoteProcedure.DOMAIN_GET_INFO, (ctx, a) -> {
                    int now = hungCalls.incrementAndGet();
                    peakHung.accumulateAndGet(now, Math::max);
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } finally {
                        hungCalls.decrementAndGet();
                    }
                    return new DomainGetInfoRet(1, 2, 3, 4, 5);
                })
                // HIGH priority and quick.
                .bind(RemoteProcedure.DOMAIN_GET_STATE, (ctx, a) -> new DomainGetStateRet(1, 1))
                .bind(RemoteProcedure.CONNECT_GET_HOSTNAME, (ctx, a) -> new ConnectGetHostnameRet("host"))
                .bind(RemoteProcedure.CONNECT_GET_CAPABILITIES, (ctx, a) -> {
                    bigReplies.incrementAndGet();
                    return new org.virtd.rpc.proto.remote.ConnectGetCapabilitiesRet(BIG);
                })
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
        release.countDown();
        clients.forEach(RpcClient::close);
        server.close();
    }

    private RpcClient client() throws IOException {
        RpcClient c = RpcClient.connectTcp("127.0.0.1", address.getPort());
        clients.add(c);
        return c;
    }

    private void awaitHung(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (hungCalls.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, hungCalls.get(), "hung calls in the workers");
    }

    @Test
    void highPriorityCallsAndKeepaliveOvertakeHungLowPriorityCalls() throws Exception {
        // Two clients wedge all four normal workers.
        RpcClient a = client();
        RpcClient b = client();
        List<CompletableFuture<DomainGetInfoRet>> hung = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hung.add(a.callAsync(RemoteProcedure.DOMAIN_GET_INFO, new DomainGetInfoArgs(DOM)));
            hung.add(b.callAsync(RemoteProcedure.DOMAIN_GET_INFO, new DomainGetInfoArgs(DOM)));
        }
        awaitHung(4);

        // A third client's low-priority call must wait for a normal worker...
        RpcClient c = client();
        CompletableFuture<DomainGetInfoRet> waiting = c.callAsync(RemoteProcedure.DOMAIN_GET_INFO,
                new DomainGetInfoArgs(DOM));
        assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
        assertEquals(4, hungCalls.get(), "no more than max_workers low-priority calls run at once");

        // ...but its high-priority calls run at once on the reserved workers, many times over.
        for (int i = 0; i < 50; i++) {
            DomainGetStateRet s = c.callAsync(RemoteProcedure.DOMAIN_GET_STATE, new DomainGetStateArgs(DOM, 0))
                    .get(2, TimeUnit.SECONDS);
            assertEquals(1, s.state());
        }

        // And a raw keepalive PING from a fourth connection is answered by the pipeline.
        try (Socket s = new Socket("127.0.0.1", address.getPort())) {
            s.setSoTimeout(2000);
            s.getOutputStream().write(frame(0x6b656570, 1, 1, 2, 0, 0));
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] pong = new byte[28];
            in.readFully(pong);
            ByteBuffer bb = ByteBuffer.wrap(pong);
            assertEquals(0x6b656570, bb.getInt(4));
            assertEquals(2, bb.getInt(12), "PONG");
        }

        release.countDown();
        for (CompletableFuture<DomainGetInfoRet> f : hung) {
            assertEquals(5, f.get(5, TimeUnit.SECONDS).cpuTime());
        }
        assertEquals(5, waiting.get(5, TimeUnit.SECONDS).cpuTime());
    }

    @Test
    void oneClientRunsAtMostMaxClientRequestsCallsAndItsKeepaliveStillWorks() throws Exception {
        try (Socket s = new Socket("127.0.0.1", address.getPort())) {
            s.setSoTimeout(3000);
            // Ten hanging calls in one burst, then a PING.
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                ByteBuffer body = ByteBuffer.allocate(4 + 4 + 16 + 4);
                body.putInt(4).put("test".getBytes()).putLong(0).putLong(0).putInt(1);
                burst.writeBytes(frameWithBody(0x20008086, 1, 16, 0, i, 0, body.array()));
            }
            burst.writeBytes(frame(0x6b656570, 1, 1, 2, 0, 0));
            s.getOutputStream().write(burst.toByteArray());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] pong = new byte[28];
            in.readFully(pong);
            assertEquals(2, ByteBuffer.wrap(pong).getInt(12), "PONG while calls are queued");
            awaitHung(3);
            Thread.sleep(200);
            assertEquals(3, peakHung.get(), "max_client_requests = 3 calls of one client at once");
            release.countDown();
            for (int i = 0; i < 10; i++) {
                int len = in.readInt();
                byte[] rest = new byte[len - 4];
                in.readFully(rest);
                assertEquals(0, ByteBuffer.wrap(rest).getInt(20), "reply status OK");
            }
        }
    }

    @Test
    void clientsVanishingWithCallsInFlightLeaveTheServerServing() throws Exception {
        for (int i = 0; i < 10; i++) {
            RpcClient gone = RpcClient.connectTcp("127.0.0.1", address.getPort());
            gone.callAsync(RemoteProcedure.DOMAIN_GET_INFO, new DomainGetInfoArgs(DOM));
            gone.close();
        }
        release.countDown();
        RpcClient c = client();
        assertEquals("host", c.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.clientCount() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, server.clientCount(), "the vanished clients are forgotten");
    }

    @Test
    void aClientThatNeverReadsCannotMakeTheServerBufferWithoutBound() throws Exception {
        try (Socket s = new Socket("127.0.0.1", address.getPort())) {
            s.setReceiveBufferSize(4096);
            byte[] call = frame(0x20008086, 1, 7, 0, 1, 0);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 2_000_000; i++) {
                        s.getOutputStream().write(call);
                    }
                } catch (IOException e) {
                    // the socket is closed at the end of the test while this writer is blocked
                }
            });
            Thread.sleep(3000);
            // 2 million replies of 256 KiB would be 500 GiB; the server must have stopped well before.
            int executed = bigReplies.get();
            assertTrue(executed > 0, "the server served some calls");
            assertTrue(executed < 200, "the server kept producing replies nobody reads: " + executed);
            assertTrue(writer.isAlive(), "the client's writes must be blocked by the server no longer reading");
        }
    }

    @Test
    void atMaxClientsNewClientsWaitUntilOneLeaves() throws Exception {
        ProgramDispatcher d = ProgramDispatcher.builder(RemoteProgram.INSTANCE)
                .bind(RemoteProcedure.CONNECT_GET_HOSTNAME, (ctx, a) -> new ConnectGetHostnameRet("small"))
                .bindRemaining(p -> (ctx, a) -> null).build();
        try (RpcServer small = RpcServer.builder().dispatcher(d).errorMapper(t -> RpcErrors.unset())
                .maxClients(2).build()) {
            int port = small.listenTcp("127.0.0.1", 0).getPort();
            RpcClient first = RpcClient.connectTcp("127.0.0.1", port);
            RpcClient second = RpcClient.connectTcp("127.0.0.1", port);
            assertEquals("small", first.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
            assertEquals("small", second.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
            try (RpcClient third = RpcClient.connectTcp("127.0.0.1", port)) {
                CompletableFuture<ConnectGetHostnameRet> waiting = third.callAsync(
                        RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE);
                assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS),
                        "a third client is not served while two are connected");
                assertEquals(2, small.clientCount());
                first.close();
                assertEquals("small", waiting.get(5, TimeUnit.SECONDS).hostname(),
                        "the waiting client is accepted once one leaves");
            }
            second.close();
        }
    }

    @Test
    void handlerFailuresBecomeErrorRepliesThroughTheMapper() throws Exception {
        RpcClient c = client();
        RemoteErrorException e = assertThrows(RemoteErrorException.class,
                () -> c.call(RemoteProcedure.CONNECT_GET_URI, XdrVoid.INSTANCE));
        assertEquals(39, e.error().code());
        assertTrue(e.error().message().contains("CONNECT_GET_URI"), e.error().message());
        assertTrue(c.isOpen());
    }

    @Test
    void dispatchTablesWithGapsOrDuplicatesAreRefusedAtBuildTime() {
        IllegalStateException gap = assertThrows(IllegalStateException.class,
                () -> ProgramDispatcher.builder(RemoteProgram.INSTANCE)
                        .bind(RemoteProcedure.DOMAIN_GET_STATE, (ctx, a) -> new DomainGetStateRet(1, 1)).build());
        assertTrue(gap.getMessage().contains("has no handler"), gap.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> ProgramDispatcher.builder(RemoteProgram.INSTANCE)
                        .bind(RemoteProcedure.DOMAIN_GET_STATE, (ctx, a) -> new DomainGetStateRet(1, 1))
                        .bind(RemoteProcedure.DOMAIN_GET_STATE, (ctx, a) -> new DomainGetStateRet(1, 1))
                        .bindRemaining(p -> (ctx, a) -> null).build());
        assertTrue(twice.getMessage().contains("bound twice"), twice.getMessage());
        IllegalStateException event = assertThrows(IllegalStateException.class,
                () -> ProgramDispatcher.builder(RemoteProgram.INSTANCE)
                        .bind(RemoteProcedure.DOMAIN_EVENT_LIFECYCLE, (ctx, a) -> XdrVoid.INSTANCE)
                        .bindRemaining(p -> (ctx, a) -> null).build());
        assertTrue(event.getMessage().contains("is an event"), event.getMessage());
    }

    @Test
    void unixSocketsGetTheirPermissionsAndPeerCredentials(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("libvirt-sock");
        AtomicInteger seenUid = new AtomicInteger(-2);
        server.listenUnix(sock, "unix-rw", false, 0700, null, peer -> {
            seenUid.set(peer == null ? -1 : peer.uid());
            return true;
        });
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sock)));
        try (RpcClient c = RpcClient.connectUnix(sock)) {
            assertEquals("host", c.call(RemoteProcedure.CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname());
        }
        int myUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(myUid, seenUid.get());
        assertFalse(seenUid.get() < 0);
    }

    private static byte[] frame(int prog, int vers, int proc, int type, int serial, int status) {
        return frameWithBody(prog, vers, proc, type, serial, status, new byte[0]);
    }

    private static byte[] frameWithBody(int prog, int vers, int proc, int type, int serial, int status, byte[] body) {
        ByteBuffer bb = ByteBuffer.allocate(28 + body.length);
        bb.putInt(28 + body.length).putInt(prog).putInt(vers).putInt(proc).putInt(type).putInt(serial).putInt(status)
                .put(body);
        return bb.array();
    }
}
