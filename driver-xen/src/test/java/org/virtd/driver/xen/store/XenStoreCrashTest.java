package org.virtd.driver.xen.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xenstored as its own process, killed with SIGKILL during a write storm and started again on its database. */
class XenStoreCrashTest {
    @TempDir Path dir;

    Process start() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        // Only the module's own classes, as bin/xenstored runs it: the standalone daemon needs no library.
        String classes = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith("driver-xen/target/classes")).findFirst().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(javaCommand, "-cp", classes,
                XenStored.class.getName()).redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
        pb.environment().put("XENSTORED_RUNDIR", dir.resolve("run").toString());
        pb.environment().put("XENSTORED_ROOTDIR", dir.resolve("db").toString());
        Files.deleteIfExists(dir.resolve("run/socket"));
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(dir.resolve("run/socket"))) {
                try (Conn c = new Conn(dir.resolve("run/socket"))) {
                    c.call(XsType.READ, 0, XsMessage.strings("/"));
                    return p;
                } catch (IOException notYet) {
                    // Bound but not accepting yet.
                }
            }
            if (!p.isAlive()) throw new IllegalStateException("xenstored exited: " + Files.readString(dir.resolve("daemon.log")));
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new IllegalStateException("xenstored did not start");
    }

    static final class Conn implements AutoCloseable {
        final SocketChannel ch;
        final InputStream in;
        final OutputStream out;
        int req;

        Conn(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            in = Channels.newInputStream(ch);
            out = Channels.newOutputStream(ch);
        }

        /** One request and its reply; an ERROR reply comes back as the message, a dead daemon as IOException. */
        XsMessage call(XsType t, int tx, byte[] payload) throws IOException {
            XsWire.write(out, new XsMessage(t.code, ++req, tx, payload));
            XsMessage m = XsWire.read(in);
            if (m == null) throw new IOException("connection closed");
            return m;
        }

        String text(XsType t, int tx, String... args) throws IOException {
            XsMessage m = call(t, tx, XsMessage.strings(args));
            String s = new String(m.payload(), StandardCharsets.UTF_8);
            return m.type() == XsType.ERROR.code ? "ERROR " + s.replace("\0", "") : s.replace("\0", "");
        }

        void write(String path, String value) throws IOException {
            XsMessage m = call(XsType.WRITE, 0, (path + "\0" + value).getBytes(StandardCharsets.UTF_8));
            if (m.type() != XsType.WRITE.code) throw new IllegalStateException("write " + path + ": " + text(m));
        }

        /** A directory's children of any size, read with DIRECTORY_PART as libxenstore does. */
        List<String> list(String path) throws IOException {
            List<String> out = new ArrayList<>();
            while (true) {
                XsMessage m = call(XsType.DIRECTORY_PART, 0, XsMessage.strings(path, Integer.toString(offset(out))));
                if (m.type() != XsType.DIRECTORY_PART.code) throw new IllegalStateException("list " + path + ": " + text(m));
                List<String> parts = m.nulStrings();
                byte[] p = m.payload();
                boolean last = p.length >= 2 && p[p.length - 1] == 0 && p[p.length - 2] == 0;
                for (String s : parts.subList(1, parts.size())) if (!s.isEmpty()) out.add(s);
                if (last) return out;
            }
        }

        private static int offset(List<String> names) {
            int off = 0;
            for (String n : names) off += n.getBytes(StandardCharsets.UTF_8).length + 1;
            return off;
        }

        static String text(XsMessage m) { return new String(m.payload(), StandardCharsets.UTF_8).replace("\0", ""); }

        @Override
        public void close() throws IOException { ch.close(); }
    }

    /**
     * Writers store key N with value vN in order and remember what was acknowledged; transaction writers store
     * pairs. After SIGKILL and a restart: every acknowledged write is there, nothing beyond the one request
     * each writer had in flight, and no transaction is half there.
     */
    @Test
    void killDuringAWriteStormLosesNoAcknowledgedWrite() throws Exception {
        Process daemon = start();
        int writers = 4, txWriters = 2;
        Map<Integer, Integer> acked = new ConcurrentHashMap<>();
        Map<Integer, Integer> txAcked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(writers + txWriters);
        List<Thread> threads = new ArrayList<>();
        Path socket = dir.resolve("run/socket");
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try (Conn c = new Conn(socket)) {
                    running.countDown();
                    for (int n = 0; !stop.get(); n++) {
                        c.write("/storm/w" + id + "/k" + n, "v" + n);
                        acked.put(id, n);
                    }
                } catch (IOException | RuntimeException dead) {
                    // The daemon was killed.
                }
            }));
        }
        for (int w = 0; w < txWriters; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try (Conn c = new Conn(socket)) {
                    running.countDown();
                    for (int n = 0; !stop.get(); n++) {
                        int tx = Integer.parseInt(c.text(XsType.TRANSACTION_START, 0, ""));
                        for (String half : List.of("a", "b")) {
                            XsMessage m = c.call(XsType.WRITE, tx, ("/pairs/t" + id + "/p" + n + "/" + half + "\0" + n).getBytes(StandardCharsets.UTF_8));
                            if (m.type() != XsType.WRITE.code) throw new IllegalStateException(Conn.text(m));
                        }
                        String end = c.text(XsType.TRANSACTION_END, tx, "T");
                        if (end.equals("ERROR EAGAIN")) { // the first ones race to create /pairs
                            n--;
                            continue;
                        }
                        if (!end.equals("OK")) throw new IllegalStateException(end);
                        txAcked.put(id, n);
                    }
                } catch (IOException | RuntimeException dead) {
                    // The daemon was killed.
                }
            }));
        }
        assertTrue(running.await(30, TimeUnit.SECONDS));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < until || acked.size() < writers || txAcked.size() < txWriters) Thread.sleep(10);
        daemon.destroyForcibly(); // SIGKILL
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        for (Thread t : threads) t.join(30_000);
        Map<Integer, Integer> ackedAtKill = Map.copyOf(acked);
        Map<Integer, Integer> txAckedAtKill = Map.copyOf(txAcked);

        Process again = start();
        try (Conn c = new Conn(socket)) {
            int total = 0;
            for (int w = 0; w < writers; w++) {
                int last = ackedAtKill.get(w);
                total += last + 1;
                // Each acknowledged key, with its value.
                for (int n = 0; n <= last; n++) assertEquals("v" + n, c.text(XsType.READ, 0, "/storm/w" + w + "/k" + n));
                // Nothing else but, perhaps, the one write in flight at the kill.
                int present = c.list("/storm/w" + w).size();
                assertTrue(present == last + 1 || present == last + 2, "writer " + w + ": " + present + " keys, acked " + (last + 1));
                if (present == last + 2) assertEquals("v" + (last + 1), c.text(XsType.READ, 0, "/storm/w" + w + "/k" + (last + 1)));
            }
            for (int w = 0; w < txWriters; w++) {
                List<String> pairs = c.list("/pairs/t" + w);
                int last = txAckedAtKill.getOrDefault(w, -1);
                assertTrue(pairs.size() == last + 1 || pairs.size() == last + 2, "tx writer " + w + ": " + pairs.size() + " vs " + (last + 1));
                for (String p : pairs) {
                    assertEquals(List.of("a", "b"), c.call(XsType.DIRECTORY, 0, XsMessage.strings("/pairs/t" + w + "/" + p)).nulStrings(),
                            "transaction " + p + " is whole");
                }
            }
            assertTrue(total > 100, "the storm wrote something: " + total);
            String log = Files.readString(dir.resolve("daemon.log"));
            assertTrue(log.contains("log records replayed"), log);
            System.out.println("crash test: " + total + " acknowledged writes and "
                    + txAckedAtKill.values().stream().mapToInt(n -> n + 1).sum() + " transactions before SIGKILL; "
                    + log.lines().filter(l -> l.contains("replayed")).findFirst().orElse(""));
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
