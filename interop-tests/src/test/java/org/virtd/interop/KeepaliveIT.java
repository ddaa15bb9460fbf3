package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.daemon.VirtDaemon;
import org.virtd.daemon.config.DaemonConfig;
import org.virtd.daemon.config.DaemonPaths;

/**
 * libvirtd's keepalive semantics on virtd (RPC.md §6), with a short interval so the test is quick: no pings
 * before the client asks for the feature; after it, a PING after each silent interval; a client that answers
 * stays; one that never answers is dropped after interval × (count + 1) seconds.
 */
class KeepaliveIT {
    private static final int KEEPALIVE = 0x6b656570;

    @TempDir
    Path tmp;

    private VirtDaemon start(int interval, int count) throws Exception {
        DaemonConfig config = DaemonConfig.parse(String.join("\n", "listen_tcp = 1", "listen_tls = 0",
                "listen_addr = \"127.0.0.1\"", "tcp_port = \"0\"", "auth_tcp = \"none\"",
                "keepalive_interval = " + interval, "keepalive_count = " + count,
                "root_dir = \"" + tmp.toAbsolutePath() + "\"") + "\n", "keepalive.conf");
        VirtDaemon d = new VirtDaemon(config, DaemonPaths.of(config, tmp.toAbsolutePath(), null, null), true,
                null, 0);
        d.start();
        return d;
    }

    private static Endpoint endpoint(VirtDaemon d) {
        return new Endpoint("virtd", d.tcpAddress().getPort(), d.paths().rwSocket(), d.paths().roSocket());
    }

    @Test
    void pingsOnlyClientsThatAskedAndDropsSilentOnes() throws Exception {
        try (VirtDaemon d = start(1, 2)) {
            // A client that never asks for feature 10 is never pinged (python3-libvirt without an event loop).
            try (BadBytesIT.Raw quiet = new BadBytesIT.Raw(endpoint(d))) {
                quiet.socket.setSoTimeout(2500);
                quiet.handshake();
                assertTrue(!quiet.closedByServer(), "no traffic and no close for a client without keepalive");
            }
            // One that asks and then never answers: PINGs after 1 s of silence, then closed after ~3 s.
            try (BadBytesIT.Raw silent = new BadBytesIT.Raw(endpoint(d))) {
                silent.socket.setSoTimeout(6000);
                silent.send(BadBytesIT.frame(0x20008086, 1, 60, 0, 0, 0, BadBytesIT.be(10)));
                byte[] reply = silent.readFrame();
                assertEquals(1, ByteBuffer.wrap(reply).getInt(28), "feature 10 supported");
                long start = System.nanoTime();
                int pings = 0;
                byte[] f;
                while ((f = silent.readFrame()) != null) {
                    ByteBuffer bb = ByteBuffer.wrap(f);
                    assertEquals(KEEPALIVE, bb.getInt(4));
                    assertEquals(1, bb.getInt(12), "PING");
                    assertEquals(2, bb.getInt(16), "type MESSAGE");
                    assertEquals(0, bb.getInt(20), "serial 0");
                    pings++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(2, pings, "count PINGs before giving up");
                assertTrue(seconds > 2.5 && seconds < 5, "closed after interval × (count + 1): " + seconds);
            }
            // One that answers every PING stays connected.
            try (BadBytesIT.Raw alive = new BadBytesIT.Raw(endpoint(d))) {
                alive.socket.setSoTimeout(3000);
                alive.send(BadBytesIT.frame(0x20008086, 1, 60, 0, 0, 0, BadBytesIT.be(10)));
                assertNotNull(alive.readFrame());
                long end = System.nanoTime() + 5_000_000_000L;
                int pongs = 0;
                while (System.nanoTime() < end) {
                    byte[] f = alive.readFrame();
                    assertNotNull(f, "a client answering PINGs must not be dropped");
                    assertEquals(KEEPALIVE, ByteBuffer.wrap(f).getInt(4));
                    alive.send(BadBytesIT.frame(KEEPALIVE, 1, 2, 2, 0, 0, new byte[0]));
                    pongs++;
                }
                assertTrue(pongs >= 3, "pinged about once a second: " + pongs);
            }
        }
    }
}
