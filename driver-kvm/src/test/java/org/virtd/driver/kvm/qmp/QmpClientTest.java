package org.virtd.driver.kvm.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QMP client against Debian's real qemu-system-x86_64 (7.2), and against a monitor that never answers. */
class QmpClientTest {
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    @TempDir Path dir;
    Process qemu;

    @AfterEach
    void stop() throws InterruptedException {
        if (qemu != null && qemu.isAlive()) {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** QEMU with no machine and no guest, paused (-S), its monitor on a socket in the temp dir. */
    private QmpClient startQemu() throws Exception {
        if (Boolean.getBoolean("virtd.interop.required")) assertTrue(Files.isExecutable(QEMU), "needs " + QEMU);
        Assumptions.assumeTrue(Files.isExecutable(QEMU), "qemu-system-x86_64 not installed");
        Path sock = dir.resolve("qmp.sock");
        qemu = new ProcessBuilder(QEMU.toString(), "-machine", "none", "-nodefaults", "-display", "none", "-S",
                "-qmp", "unix:" + sock + ",server=on,wait=off").redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(sock)) {
            if (!qemu.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("QEMU did not start: " + Files.readString(dir.resolve("qemu.log")));
            }
            Thread.sleep(20);
        }
        // The file appears at bind(), a moment before QEMU listens.
        while (true) {
            try {
                return QmpClient.connect(sock, Duration.ofSeconds(10));
            } catch (java.net.ConnectException e) {
                if (!qemu.isAlive() || System.nanoTime() > deadline) throw e;
                Thread.sleep(10);
            }
        }
    }

    @Test
    void commandsEventsAndErrorsWithRealQemu() throws Exception {
        try (QmpClient c = startQemu()) {
            assertEquals(7, c.greeting().path("QMP").path("version").path("qemu").path("major").asInt());
            assertEquals(7, c.execute("query-version", null).path("qemu").path("major").asInt());
            assertEquals("prelaunch", c.execute("query-status", null).path("status").asText());
            BlockingQueue<QmpEvent> events = new LinkedBlockingQueue<>();
            c.onEvent(events::add);
            c.execute("cont", null);
            assertEquals("RESUME", events.poll(10, TimeUnit.SECONDS).name());
            assertEquals("running", c.execute("query-status", null).path("status").asText());
            c.execute("stop", null);
            QmpEvent stop = events.poll(10, TimeUnit.SECONDS);
            assertEquals("STOP", stop.name());
            assertTrue(stop.seconds() > 1_600_000_000L, "QEMU's timestamp");
            QmpException e = assertThrows(QmpException.class, () -> c.execute("no-such-command", null));
            assertEquals("CommandNotFound", e.errorClass());
            assertEquals("The command no-such-command has not been found", e.getMessage());
            // Many commands in flight at once, answered by id.
            var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<JsonNode>>();
            for (int i = 0; i < 200; i++) futures.add(c.executeAsync("query-status", null));
            for (var f : futures) assertEquals("paused", f.get(10, TimeUnit.SECONDS).path("status").asText());
            // quit: SHUTDOWN, then the connection ends and later calls fail at once.
            CountDownLatch closed = new CountDownLatch(1);
            c.onClose(closed::countDown);
            c.executeAsync("quit", null);
            assertTrue(closed.await(10, TimeUnit.SECONDS));
            assertTrue(qemu.waitFor(10, TimeUnit.SECONDS));
            assertFalse(c.isOpen());
            QmpConnectionException dead = assertThrows(QmpConnectionException.class, () -> c.execute("query-status", null));
            assertFalse(dead.isTimeout());
        }
    }

    /**
     * A monitor that greets and then never answers: the call times out, and another domain's monitor (real QEMU)
     * answers meanwhile — one hung monitor blocks nothing else.
     */
    @Test
    void aHungMonitorTimesOutAloneAndQemuKilledFailsPendingCalls() throws Exception {
        Path hungSock = dir.resolve("hung.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(hungSock));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel s = server.accept()) {
                    var out = Channels.newOutputStream(s);
                    out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n".getBytes(StandardCharsets.UTF_8));
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(Channels.newInputStream(s)));
                    String caps = in.readLine();
                    String id = caps.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                    out.write(("{\"return\": {}, \"id\": \"" + id + "\"}\r\n").getBytes(StandardCharsets.UTF_8));
                    while (in.readLine() != null) {
                        // hung: reads, never answers
                    }
                } catch (IOException ignored) {
                    // the test ended
                }
            });
            try (QmpClient hung = QmpClient.connect(hungSock, Duration.ofSeconds(5)); QmpClient real = startQemu()) {
                hung.setTimeout(Duration.ofMillis(500));
                var slow = hung.executeAsync("query-status", null);
                assertEquals("prelaunch", real.execute("query-status", null).path("status").asText(),
                        "the other monitor answers while one hangs");
                long t0 = System.nanoTime();
                QmpConnectionException e = assertThrows(QmpConnectionException.class, () -> hung.execute("query-status", null));
                assertTrue(e.isTimeout());
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
                assertTrue(slow.isCompletedExceptionally());
                // QEMU killed with SIGKILL: its pending calls fail at once, not at their deadline.
                real.setTimeout(Duration.ofSeconds(60));
                real.execute("stop", null);
                // Frozen first (SIGSTOP), so the call is certainly still pending when SIGKILL comes.
                assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(qemu.pid())).start().waitFor());
                var pendingCall = real.executeAsync("query-status", null);
                qemu.destroyForcibly();
                var err = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> real.executeAsync("query-version", null).get(10, TimeUnit.SECONDS));
                assertTrue(err.getCause() instanceof QmpConnectionException);
                long t1 = System.nanoTime();
                var pendingErr = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> pendingCall.get(10, TimeUnit.SECONDS));
                assertTrue(pendingErr.getCause() instanceof QmpConnectionException);
                assertTrue(System.nanoTime() - t1 < TimeUnit.SECONDS.toNanos(5), "failed at once, not at its 60 s deadline");
            }
        }
    }
}
