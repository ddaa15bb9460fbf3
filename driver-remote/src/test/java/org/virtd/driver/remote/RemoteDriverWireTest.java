package org.virtd.driver.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.BlockStatsParams;
import org.virtd.api.ConnectUri;
import org.virtd.api.DomainRef;
import org.virtd.api.TypedParameter;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.api.DriverEnvironment;
import org.virtd.driver.spi.HypervisorDriver;
import org.virtd.driver.spi.OpenResult;

/** The remote driver against a scripted server: exact handshake, teardown, keepalive, error and hang-up paths. */
class RemoteDriverWireTest {
    @TempDir
    Path tmp;

    private FakeServer server;
    private RemoteDriverProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer();
        provider = new RemoteDriverProvider(new SocketDirs(tmp.resolve("sys"), tmp.resolve("user"), null), true);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HypervisorDriver open(String uri, int flags) {
        OpenResult r = provider.open(ConnectUri.parse(uri), flags, DriverEnvironment.under(tmp, true));
        return assertInstanceOf(OpenResult.Success.class, r).driver();
    }

    private List<FakeServer.Frame> take(int n) throws InterruptedException {
        List<FakeServer.Frame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FakeServer.Frame f = server.next(5);
            assertNotNull(f, "frame " + i + " of " + n);
            out.add(f);
        }
        return out;
    }

    @Test
    void handshakeAndTeardownAreLibvirtsSequence() throws Exception {
        String uri = "test+tcp://someone@127.0.0.1:" + server.port() + "/default?foo=bar&no_verify=1";
        HypervisorDriver d = open(uri, Flags.CONNECT_RO);
        List<FakeServer.Frame> hs = take(6);
        int[] procs = hs.stream().mapToInt(FakeServer.Frame::proc).toArray();
        assertArrayEquals(new int[] {66, 60, 1, 60, 60, 360}, procs);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, hs.stream().mapToInt(FakeServer.Frame::serial).toArray());
        assertEquals(10, hs.get(1).bodyInt(0));
        assertEquals("test:///default?foo=bar", FakeServer.optStringAt(hs.get(2).body(), 0));
        byte[] open = hs.get(2).body();
        assertEquals(1, java.nio.ByteBuffer.wrap(open).getInt(open.length - 4), "VIR_CONNECT_RO");
        assertEquals(14, hs.get(3).bodyInt(0));
        assertEquals(15, hs.get(4).bodyInt(0));
        for (FakeServer.Frame f : hs) {
            assertEquals(FakeServer.REMOTE, f.prog());
            assertEquals(FakeServer.CALL, f.type());
        }
        assertEquals(uri, d.uri());
        d.close();
        List<FakeServer.Frame> bye = take(2);
        assertEquals(361, bye.get(0).proc());
        assertEquals(2, bye.get(1).proc());
        assertEquals("eof", server.events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void remoteSchemeSendsAnEmptyName() throws Exception {
        open("remote+tcp://127.0.0.1:" + server.port() + "/", 0).close();
        List<FakeServer.Frame> hs = take(3);
        assertEquals("", FakeServer.optStringAt(hs.get(2).body(), 0));
    }

    @Test
    void noCloseCallbackWhenTheServerLacksFeature15() throws Exception {
        server.script(c -> c.proc() == 60 && c.bodyInt(0) == 15 ? new FakeServer.Action.Reply(FakeServer.ints(0))
                : null);
        HypervisorDriver d = open("test+tcp://127.0.0.1:" + server.port() + "/default", 0);
        take(5);
        d.close();
        assertEquals(2, take(1).get(0).proc(), "CONNECT_CLOSE without UNREGISTER_CLOSE_CALLBACK");
    }

    @Test
    void keepalivePingIsAnsweredAndClientPingsWhenIdle() throws Exception {
        HypervisorDriver d = open("test+tcp://127.0.0.1:" + server.port() + "/default", 0);
        take(6);
        server.send(FakeServer.KEEPALIVE, 1, FakeServer.MESSAGE, 0, 0, new byte[0]);
        FakeServer.Frame pong = server.next(5);
        assertNotNull(pong);
        assertEquals(FakeServer.KEEPALIVE, pong.prog());
        assertEquals(2, pong.proc());
        assertEquals(FakeServer.MESSAGE, pong.type());
        assertEquals(0, pong.serial());
        // Feature 10 was granted, so the client pings after 5 s without receiving anything.
        FakeServer.Frame ping = server.next(8);
        assertNotNull(ping);
        assertEquals(FakeServer.KEEPALIVE, ping.prog());
        assertEquals(1, ping.proc());
        d.close();
    }

    @Test
    void remoteErrorsMapFieldForField() throws Exception {
        server.script(c -> c.proc() == 23 ? new FakeServer.Action.Error(FakeServer.error(42, 12,
                "Domain not found: no domain with matching name 'x'", "Domain not found: %s",
                "no domain with matching name 'x'", "third", 7, -1)) : null);
        HypervisorDriver d = open("test+tcp://127.0.0.1:" + server.port() + "/default", 0);
        VirException e = assertThrows(VirException.class, () -> d.domainLookupByName("x"));
        assertEquals(42, e.code());
        assertEquals(12, e.domain());
        assertEquals(2, e.level());
        assertEquals("Domain not found: no domain with matching name 'x'", e.getMessage());
        assertEquals("Domain not found: %s", e.str1());
        assertEquals("no domain with matching name 'x'", e.str2());
        assertEquals("third", e.str3());
        assertEquals(7, e.int1());
        assertEquals(-1, e.int2());
        d.close();
    }

    @Test
    void serverHangingUpMidCallIsEndOfFileThenSocketClosed() throws Exception {
        server.script(c -> c.proc() == 7 ? new FakeServer.Action.HangUp() : null);
        HypervisorDriver d = open("test+tcp://127.0.0.1:" + server.port() + "/default", 0);
        VirException e = assertThrows(VirException.class, d::connectGetCapabilities);
        assertEquals(38, e.code());
        assertEquals(7, e.domain());
        assertEquals("End of file while reading data: Input/output error", e.getMessage());
        assertEquals(5, e.int1());
        VirException again = assertThrows(VirException.class, d::connectGetHostname);
        assertEquals(1, again.code());
        assertEquals(7, again.domain());
        assertEquals("internal error: client socket is closed", again.getMessage());
        d.close();
    }

    @Test
    void serverResettingMidCallIsCannotRecv() throws Exception {
        server.script(c -> c.proc() == 7 ? new FakeServer.Action.Reset() : null);
        HypervisorDriver d = open("test+tcp://127.0.0.1:" + server.port() + "/default", 0);
        VirException e = assertThrows(VirException.class, d::connectGetCapabilities);
        assertEquals(38, e.code());
        assertEquals(7, e.domain());
        assertEquals("Cannot recv data: Connection reset by peer", e.getMessage());
        d.close();
    }

    @Test
    void saslIsRefusedWithAuthFailedAndTheSocketClosed() throws Exception {
        server.authTypes(1);
        VirException e = assertThrows(VirException.class,
                () -> open("test+tcp://127.0.0.1:" + server.port() + "/default", 0));
        assertEquals(45, e.code());
        assertEquals(13, e.domain());
        assertEquals("authentication failed: unsupported authentication type 1", e.getMessage());
        assertEquals(66, take(1).get(0).proc());
        assertEquals("eof", server.events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void polkitIsAskedForAndItsRefusalReported() throws Exception {
        server.authTypes(2);
        server.script(c -> c.proc() == 70 ? new FakeServer.Action.Error(FakeServer.error(45, 46,
                "authentication failed: polkit says no", "authentication failed: %s", "polkit says no", null, -1, -1))
                : null);
        VirException e = assertThrows(VirException.class,
                () -> open("test+tcp://127.0.0.1:" + server.port() + "/default", 0));
        assertEquals(45, e.code());
        assertEquals(46, e.domain());
        assertEquals(70, take(2).get(1).proc());
    }

    @Test
    void requestedAuthTypeMustBeOffered() {
        VirException e = assertThrows(VirException.class,
                () -> open("test+tcp://127.0.0.1:" + server.port() + "/default?auth=polkit", 0));
        assertEquals("authentication failed: requested authentication type polkit rejected", e.getMessage());
    }

    @Test
    void failedOpenClosesWithoutConnectClose() throws Exception {
        server.script(c -> c.proc() == 1 ? new FakeServer.Action.Error(FakeServer.error(5, 0,
                "no connection driver available for <null>", "no connection driver available for %s", "<null>", null,
                -1, -1)) : null);
        VirException e = assertThrows(VirException.class,
                () -> open("remote+tcp://127.0.0.1:" + server.port() + "/", 0));
        assertEquals(5, e.code());
        assertEquals(0, e.domain());
        assertEquals(3, take(3).size());
        assertEquals("eof", server.events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        assertNull(server.next(0.2), "nothing after the failed CONNECT_OPEN");
    }

    @Test
    void refusedTcpConnectIsLibvirtsSystemError() throws Exception {
        int port = server.port();
        server.close();
        VirException e = assertThrows(VirException.class, () -> open("test+tcp://127.0.0.1:" + port + "/default", 0));
        assertEquals(38, e.code());
        assertEquals(7, e.domain());
        assertEquals("unable to connect to server at '127.0.0.1:" + port + "': Connection refused", e.getMessage());
        assertTrue(e.int1() == RemoteErrors.ECONNREFUSED);
    }

    private static byte[] domain(String name, java.util.UUID uuid, int id) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        FakeServer.string(o, name);
        o.writeBytes(java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
        o.writeBytes(FakeServer.ints(id));
        return o.toByteArray();
    }

    @Test
    void eventsAreRoutedByCallbackIdToTheirListener() throws Exception {
        java.util.UUID uuid = java.util.UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        server.script(c -> c.proc() == 316 ? new FakeServer.Action.Reply(FakeServer.ints(c.bodyInt(0) == 0 ? 77 : 78))
                : c.proc() == 317 ? new FakeServer.Action.Reply(new byte[0]) : null);
        HypervisorDriver d = open("test+tcp://127.0.0.1:" + server.port() + "/default", 0);
        take(6);
        java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        int life = d.connectDomainEventRegisterAny(null, 0, (id, ev) -> got.add(id + " " + ev));
        int reboot = d.connectDomainEventRegisterAny(null, 1, (id, ev) -> got.add(id + " " + ev));
        assertEquals(77, life);
        assertEquals(78, reboot);
        FakeServer.Frame reg = take(2).get(0);
        assertArrayEquals(FakeServer.ints(0, 0), reg.body(), "eventID 0, dom absent");
        java.io.ByteArrayOutputStream lc = new java.io.ByteArrayOutputStream();
        lc.writeBytes(FakeServer.ints(77));
        lc.writeBytes(domain("test", uuid, 1));
        lc.writeBytes(FakeServer.ints(3, 0));
        server.send(FakeServer.REMOTE, 318, FakeServer.MESSAGE, 1, 0, lc.toByteArray());
        java.io.ByteArrayOutputStream rb = new java.io.ByteArrayOutputStream();
        rb.writeBytes(FakeServer.ints(78));
        rb.writeBytes(domain("test", uuid, 1));
        server.send(FakeServer.REMOTE, 319, FakeServer.MESSAGE, 1, 0, rb.toByteArray());
        // An id nobody registered here is dropped.
        java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
        stray.writeBytes(FakeServer.ints(99));
        stray.writeBytes(domain("test", uuid, 1));
        stray.writeBytes(FakeServer.ints(5, 1));
        server.send(FakeServer.REMOTE, 318, FakeServer.MESSAGE, 1, 0, stray.toByteArray());
        org.virtd.api.DomainRef ref = new org.virtd.api.DomainRef("test", uuid, 1);
        assertEquals("77 " + new org.virtd.api.DomainEvent.Lifecycle(ref, 3, 0),
                got.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("78 " + new org.virtd.api.DomainEvent.Reboot(ref), got.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        assertNull(got.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS));
        d.connectDomainEventDeregisterAny(77);
        FakeServer.Frame dereg = take(1).get(0);
        assertEquals(317, dereg.proc());
        assertEquals(77, dereg.bodyInt(0));
        VirException e = assertThrows(VirException.class, () -> d.connectDomainEventDeregisterAny(77));
        assertEquals("invalid argument: event callback id 77 not registered", e.getMessage());
        d.close();
    }

    @Test
    void startIsLookupCreateAndLookupByUuidAsVirshSends() throws Exception {
        java.util.UUID uuid = java.util.UUID.fromString("7a3b5c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c");
        server.script(c -> switch (c.proc()) {
            case 23 -> new FakeServer.Action.Reply(domain("demo", uuid, -1));
            case 9 -> new FakeServer.Action.Reply(new byte[0]);
            case 24 -> new FakeServer.Action.Reply(domain("demo", uuid, 3));
            default -> null;
        });
        try (org.virtd.api.Connect c = org.virtd.api.Virt.connect(
                "test+tcp://127.0.0.1:" + server.port() + "/default")) {
            take(6);
            org.virtd.api.Domain started = c.lookupByName("demo").create();
            assertEquals(3, started.id());
            List<FakeServer.Frame> calls = take(3);
            assertArrayEquals(new int[] {23, 9, 24}, calls.stream().mapToInt(FakeServer.Frame::proc).toArray());
            assertArrayEquals(domain("demo", uuid, -1), calls.get(1).body(), "DOMAIN_CREATE carries the handle");
        }
    }

    private static byte[] encode(org.virtd.rpc.proto.remote.DomainBlockStatsFlagsRet ret) {
        io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
        try {
            org.virtd.rpc.proto.remote.DomainBlockStatsFlagsRet.CODEC.encode(new org.virtd.rpc.xdr.XdrOutput(out), ret);
            return io.netty.buffer.ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void blockStatsFlagsAsksTheCountThenTheTypedFields() throws Exception {
        List<TypedParameter> fields = List.of(new TypedParameter.LLong("rd_operations", 7),
                new TypedParameter.LLong("rd_bytes", 4096), new TypedParameter.LLong("flush_operations", 2));
        List<org.virtd.rpc.proto.remote.TypedParam> wire = TypedParams.toWire(fields, 16);
        // Domain "vm" (8 + 16 + 4 bytes), path "vda" (8 bytes): nparams is the body's 10th int.
        server.script(c -> c.proc() != 243 ? null : c.bodyInt(9) == 0
                ? new FakeServer.Action.Reply(encode(new org.virtd.rpc.proto.remote.DomainBlockStatsFlagsRet(List.of(), 3)))
                : new FakeServer.Action.Reply(encode(new org.virtd.rpc.proto.remote.DomainBlockStatsFlagsRet(
                        wire, 0))));
        HypervisorDriver d = open("test+tcp://127.0.0.1:" + server.port() + "/default", 0);
        DomainRef vm = new DomainRef("vm", java.util.UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f"), 1);
        BlockStatsParams count = d.domainBlockStatsFlags(vm, "vda", 0, 0);
        assertEquals(3, count.nparams());
        assertTrue(count.params().isEmpty());
        BlockStatsParams all = d.domainBlockStatsFlags(vm, "vda", 3, 0);
        assertEquals(fields, all.params());
        // More fields than asked for is the server misbehaving: libvirt's client refuses the reply.
        VirException e = assertThrows(VirException.class, () -> d.domainBlockStatsFlags(vm, "vda", 2, 0));
        assertEquals("remoteDomainBlockStatsFlags: returned number of stats exceeds limit", e.getMessage());
        d.close();
    }
}
