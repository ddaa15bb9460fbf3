package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input on the wire. Where libvirtd answers, virtd's answer must be the same bytes; where
 * libvirtd drops the connection, so must virtd; and after every case virtd still serves a well-behaved client.
 */
class BadBytesIT {
    private static final int REMOTE = 0x20008086;
    private static final int CALL = 0;
    private static final int REPLY = 1;

    @TempDir
    static Path tmp;
    static Daemons daemons;
    static Endpoint virtd;
    static Endpoint libvirtd;

    @BeforeAll
    static void start() throws Exception {
        daemons = new Daemons();
        virtd = daemons.startVirtd(Files.createDirectories(tmp.resolve("virtd")));
        if (Peers.isRoot() && Files.exists(Peers.LIBVIRTD) && Files.exists(Peers.oracleScript())) {
            libvirtd = daemons.startLibvirtd(Files.createDirectories(tmp.resolve("libvirtd")));
        } else if (Peers.required()) {
            Peers.requireOracle();
        }
    }

    @AfterAll
    static void stop() {
        if (daemons != null) {
            daemons.close();
        }
    }

    /** A raw client: frames in, frames out, nothing interpreted. */
    static final class Raw implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;

        Raw(Endpoint e) throws IOException {
            socket = new Socket("127.0.0.1", e.tcpPort());
            socket.setSoTimeout(3000);
            in = new DataInputStream(socket.getInputStream());
        }

        void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        /** The next whole frame, or null if the server closed the connection. */
        byte[] readFrame() throws IOException {
            int len;
            try {
                len = in.readInt();
            } catch (EOFException e) {
                return null;
            }
            byte[] frame = new byte[len];
            ByteBuffer.wrap(frame).putInt(len);
            in.readFully(frame, 4, len - 4);
            return frame;
        }

        /** True when the server closed the connection (EOF or reset) within the socket timeout. */
        boolean closedByServer() throws IOException {
            try {
                InputStream s = socket.getInputStream();
                return s.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        /** AUTH_LIST then CONNECT_OPEN test:///default, serials 0 and 1. */
        void handshake() throws IOException {
            send(frame(REMOTE, 1, 66, CALL, 0, 0, new byte[0]));
            assertNotNull(readFrame());
            send(frame(REMOTE, 1, 1, CALL, 1, 0, concat(be(1), xdrString("test:///default"), be(0))));
            byte[] r = readFrame();
            assertNotNull(r);
            assertEquals(0, ByteBuffer.wrap(r).getInt(24), "CONNECT_OPEN failed");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] be(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] xdrString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int pad = (4 - b.length % 4) % 4;
        return concat(be(b.length), b, new byte[pad]);
    }

    static byte[] frame(int prog, int vers, int proc, int type, int serial, int status, byte[] body) {
        return concat(be(28 + body.length), be(prog), be(vers), be(proc), be(type), be(serial), be(status), body);
    }

    /** Sends {@code request} after the handshake to both daemons; the replies must be identical bytes. */
    private static byte[] sameReply(byte[] request) throws IOException {
        byte[] mine;
        try (Raw r = new Raw(virtd)) {
            r.handshake();
            r.send(request);
            mine = r.readFrame();
            assertNotNull(mine, "virtd closed the connection instead of replying");
            assertStillServing(r);
        }
        if (libvirtd != null) {
            try (Raw r = new Raw(libvirtd)) {
                r.handshake();
                r.send(request);
                byte[] theirs = r.readFrame();
                assertArrayEquals(theirs, mine, "libvirtd " + hex(theirs) + "\nvirtd    " + hex(mine));
            }
        }
        return mine;
    }

    private static String hex(byte[] b) {
        return b == null ? "(closed)" : HexFormat.of().formatHex(b);
    }

    /** The same connection still answers a good call (CONNECT_GET_HOSTNAME, serial 77). */
    private static void assertStillServing(Raw r) throws IOException {
        r.send(frame(REMOTE, 1, 59, CALL, 77, 0, new byte[0]));
        byte[] reply = r.readFrame();
        assertNotNull(reply, "connection dropped after an error reply");
        ByteBuffer bb = ByteBuffer.wrap(reply);
        assertEquals(77, bb.getInt(20));
        assertEquals(0, bb.getInt(24));
    }

    /** A fresh client gets served: the daemon survived. */
    private static void assertDaemonServes() throws IOException {
        try (Raw r = new Raw(virtd)) {
            r.handshake();
            assertStillServing(r);
        }
    }

    private static void assertBothClose(byte[] bytes) throws IOException {
        try (Raw r = new Raw(virtd)) {
            r.send(bytes);
            assertTrue(r.closedByServer(), "virtd kept the connection open");
        }
        if (libvirtd != null) {
            try (Raw r = new Raw(libvirtd)) {
                r.send(bytes);
                assertTrue(r.closedByServer(), "libvirtd kept the connection open (expectation wrong)");
            }
        }
        assertDaemonServes();
    }

    private static String errorMessage(byte[] reply) {
        ByteBuffer bb = ByteBuffer.wrap(reply);
        assertEquals(REPLY, bb.getInt(16));
        assertEquals(1, bb.getInt(24), "status must be ERROR");
        bb.position(28 + 8 + 4);
        byte[] msg = new byte[bb.getInt()];
        bb.get(msg);
        return new String(msg, StandardCharsets.UTF_8);
    }

    @Test
    void unknownProgramGetsLibvirtdsErrorAndTheConnectionStays() throws IOException {
        byte[] reply = sameReply(frame(0x12345678, 1, 1, CALL, 9, 0, new byte[0]));
        assertEquals("Cannot find program 305419896 version 1", errorMessage(reply));
    }

    @Test
    void wrongVersionIsAnUnknownProgram() throws IOException {
        byte[] reply = sameReply(frame(REMOTE, 2, 3, CALL, 10, 0, new byte[0]));
        assertEquals("Cannot find program 536903814 version 2", errorMessage(reply));
    }

    @Test
    void unknownProcedure() throws IOException {
        assertEquals("unknown procedure: 9999", errorMessage(sameReply(frame(REMOTE, 1, 9999, CALL, 11, 0, new byte[0]))));
        assertEquals("unknown procedure: -5", errorMessage(sameReply(frame(REMOTE, 1, -5, CALL, 12, 0, new byte[0]))));
        assertEquals("unknown procedure: 0", errorMessage(sameReply(frame(REMOTE, 1, 0, CALL, 13, 0, new byte[0]))));
    }

    @Test
    void anEventNumberSentAsACallIsAnUnknownProcedure() throws IOException {
        assertEquals("unknown procedure: 107", errorMessage(sameReply(frame(REMOTE, 1, 107, CALL, 14, 0, new byte[0]))));
        assertEquals("unknown procedure: 318", errorMessage(sameReply(frame(REMOTE, 1, 318, CALL, 15, 0, new byte[0]))));
    }

    @Test
    void callWithErrorStatus() throws IOException {
        assertEquals("Unexpected message status 1",
                errorMessage(sameReply(frame(REMOTE, 1, 59, CALL, 16, 1, new byte[0]))));
    }

    @Test
    void negativeAndOverBoundLengths() throws IOException {
        // DOMAIN_LOOKUP_BY_NAME with a string length of 0xffffffff, then of 4 MiB + 1 (over REMOTE_STRING_MAX).
        assertEquals("Unable to decode message payload",
                errorMessage(sameReply(frame(REMOTE, 1, 23, CALL, 17, 0, be(-1)))));
        assertEquals("Unable to decode message payload",
                errorMessage(sameReply(frame(REMOTE, 1, 23, CALL, 18, 0, be(4194305)))));
        // a string longer than the bytes that follow it
        assertEquals("Unable to decode message payload",
                errorMessage(sameReply(frame(REMOTE, 1, 23, CALL, 19, 0, concat(be(100), new byte[8])))));
        // CONNECT_GET_ALL_DOMAIN_STATS with 100000 domains announced (bound 16384) and none sent
        assertEquals("Unable to decode message payload",
                errorMessage(sameReply(frame(REMOTE, 1, 344, CALL, 20, 0, concat(be(100000), be(0), be(0))))));
        // a negative array count
        assertEquals("Unable to decode message payload",
                errorMessage(sameReply(frame(REMOTE, 1, 344, CALL, 21, 0, concat(be(-7), be(0), be(0))))));
    }

    @Test
    void garbageAfterABodyIsIgnoredAsLibvirtdDoes() throws IOException {
        byte[] reply = sameReply(frame(REMOTE, 1, 23, CALL, 22, 0, concat(xdrString("test"), be(0xdeadbeef), be(7))));
        assertEquals(0, ByteBuffer.wrap(reply).getInt(24), "lookup must succeed");
    }

    @Test
    void lengthBelowTheHeaderSizeClosesTheConnection() throws IOException {
        assertBothClose(concat(be(20), new byte[16]));
        assertBothClose(be(3));
        assertBothClose(concat(be(4)));
    }

    @Test
    void lengthOverTheLimitClosesTheConnectionWithoutBuffering() throws IOException {
        assertBothClose(concat(be(33554432 + 5), be(REMOTE), be(1), be(59), be(0), be(0), be(0)));
        assertBothClose(concat(be(-1), new byte[24]));
    }

    @Test
    void truncatedHeaderWaitsWithoutAnswerAndHarmsNobody() throws IOException {
        try (Raw r = new Raw(virtd)) {
            r.send(new byte[] {0, 0, 0, 28, 0x20, 0, (byte) 0x80});
            assertTrue(!r.closedByServer(), "a partial frame must simply wait for more bytes");
            assertDaemonServes();
        }
        assertDaemonServes();
    }

    @Test
    void clientVanishingMidCallLeavesTheDaemonServing() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (Raw r = new Raw(virtd)) {
                r.handshake();
                // a call, then gone before the reply; and half a frame, then gone
                r.send(frame(REMOTE, 1, 7, CALL, 2, 0, new byte[0]));
                r.send(new byte[] {0, 0, 0, 40, 0x20, 0, (byte) 0x80, (byte) 0x86});
            }
        }
        assertDaemonServes();
    }

    @Test
    void repliesAndEventsFromAClientAreDropped() throws IOException {
        try (Raw r = new Raw(virtd)) {
            r.handshake();
            r.send(frame(REMOTE, 1, 59, REPLY, 5, 0, new byte[0]));
            r.send(frame(REMOTE, 1, 318, 2, 1, 0, new byte[0]));
            assertStillServing(r);
        }
        if (libvirtd != null) {
            try (Raw r = new Raw(libvirtd)) {
                r.handshake();
                r.send(frame(REMOTE, 1, 59, REPLY, 5, 0, new byte[0]));
                r.send(frame(REMOTE, 1, 59, CALL, 77, 0, new byte[0]));
                byte[] reply = r.readFrame();
                assertNotNull(reply);
                assertEquals(77, ByteBuffer.wrap(reply).getInt(20), "libvirtd answered the stray reply (expectation wrong)");
            }
        }
    }

    @Test
    void callsBeforeConnectOpenNeedTheConnection() throws IOException {
        byte[] mine;
        try (Raw r = new Raw(virtd)) {
            r.send(frame(REMOTE, 1, 59, CALL, 3, 0, new byte[0]));
            mine = r.readFrame();
        }
        assertEquals("internal error: hypervisor connection not open", errorMessage(mine));
        if (libvirtd != null) {
            try (Raw r = new Raw(libvirtd)) {
                r.send(frame(REMOTE, 1, 59, CALL, 3, 0, new byte[0]));
                assertArrayEquals(r.readFrame(), mine);
            }
        }
    }

    @Test
    void keepaliveIsAnsweredEvenWhileCallsAreQueued() throws IOException {
        try (Raw r = new Raw(virtd)) {
            r.handshake();
            // 50 calls in one write (more than max_client_requests), then a PING: the PONG must come back.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                burst.writeBytes(frame(REMOTE, 1, 7, CALL, 100 + i, 0, new byte[0]));
            }
            burst.writeBytes(frame(0x6b656570, 1, 1, 2, 0, 0, new byte[0]));
            r.send(burst.toByteArray());
            boolean pong = false;
            int replies = 0;
            while (replies < 50 || !pong) {
                byte[] f = r.readFrame();
                assertNotNull(f);
                ByteBuffer bb = ByteBuffer.wrap(f);
                if (bb.getInt(4) == 0x6b656570) {
                    assertEquals(2, bb.getInt(12), "expected PONG");
                    pong = true;
                } else {
                    replies++;
                }
            }
            assertTrue(pong && replies == 50);
        }
    }
}
