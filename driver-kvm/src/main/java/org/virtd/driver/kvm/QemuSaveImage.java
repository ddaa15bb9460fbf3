package org.virtd.driver.kvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainState;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.kvm.qmp.QmpClient;
import org.virtd.driver.kvm.qmp.QmpException;
import org.virtd.driver.spi.support.DomainObject;
import org.virtd.driver.spi.support.SystemErrors;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/**
 * Save images in libvirt's QEMU layout: a 96-byte header (magic {@code LibvirtQemudSave}, or
 * {@code LibvirtQemudPart} while incomplete; then host-order 32-bit version 2, XML length, was-running,
 * compression, cookie offset, 15 unused), the domain XML (NUL-terminated), then QEMU's migration stream.
 * The stream moves over a UNIX socket virtd holds ({@code migrate unix:}), not through a program QEMU would spawn,
 * so QEMU's sandbox can keep forbidding spawns.
 */
final class QemuSaveImage {
    static final byte[] MAGIC = "LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PARTIAL = "LibvirtQemudPart".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 96, VERSION = 2;
    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(10);

    /** A restore in progress: the image and where its migration stream starts. */
    record Incoming(Path image, long offset, boolean wasRunning) {}

    /** A readable image: its definition and where the stream starts. */
    record Header(String xml, long offset, boolean wasRunning) {}

    private QemuSaveImage() {}

    static Header readHeader(Path image) {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.nativeOrder());
            if (ch.read(h, 0) < HEADER) throw bad(image, "failed to read qemu header");
            h.flip();
            byte[] magic = new byte[16];
            h.get(magic);
            if (java.util.Arrays.equals(magic, PARTIAL)) throw bad(image, "save image is incomplete");
            if (!java.util.Arrays.equals(magic, MAGIC)) throw bad(image, "image magic is incorrect");
            int version = h.getInt();
            if (version > VERSION) throw bad(image, "image version is not supported (" + version + " > " + VERSION + ")");
            int len = h.getInt();
            int wasRunning = h.getInt();
            ByteBuffer xml = ByteBuffer.allocate(len);
            if (len <= 0 || ch.read(xml, HEADER) < len) throw bad(image, "failed to read domain XML");
            String text = new String(xml.array(), StandardCharsets.UTF_8);
            int nul = text.indexOf('\0');
            return new Header(nul < 0 ? text : text.substring(0, nul), HEADER + (long) len, wasRunning == 1);
        } catch (IOException e) {
            throw SystemErrors.of(QemuDriverState.FROM, e, "Failed to open domain image file '" + image + "'");
        }
    }

    private static VirException bad(Path image, String what) {
        return VirException.of(QemuDriverState.FROM, VirErrorCode.OPERATION_FAILED, what);
    }

    /**
     * Saves a running or paused domain into {@code to} and stops it (the caller holds the domain's lock): the vCPUs
     * are paused, the header and XML written, QEMU's state streamed after them, the magic completed, QEMU ended.
     * A failed save leaves the domain as it was and no image.
     */
    static void save(QemuDriverState state, DomainObject<Domain> obj, Path to, String xmlOverride, boolean managed) {
        record Start(QmpClient qmp, Path dir, boolean wasRunning, String xml) {}
        Start start = QemuDriverState.locked(obj, o -> {
            if (!o.isActive()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
            }
            QemuDriverState.Runtime rt = QemuDriverState.runtime(o);
            return new Start(rt.process.monitor(), rt.dir, o.state() == DomainState.RUNNING,
                    xmlOverride != null ? xmlOverride : DomainXml.format(o.def(), false));
        });
        QmpClient qmp = start.qmp();
        boolean wasRunning = start.wasRunning();
        String xml = start.xml();
        try {
            if (wasRunning) {
                qmp.execute("stop", null);
                QemuDriverState.locked(obj, o -> {
                    o.setState(DomainState.PAUSED, QemuDriverState.PAUSED_SAVE);
                    return null;
                });
            }
            byte[] x = (xml + "\0").getBytes(StandardCharsets.UTF_8);
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.nativeOrder());
            h.put(PARTIAL).putInt(VERSION).putInt(x.length).putInt(wasRunning ? 1 : 0).putInt(0).putInt(0);
            h.position(HEADER).flip();
            Path sock = start.dir().resolve("save.sock");
            Files.deleteIfExists(sock);
            try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                out.write(h);
                out.write(ByteBuffer.wrap(x));
                server.bind(UnixDomainSocketAddress.of(sock));
                CompletableFuture<Long> copied = CompletableFuture.supplyAsync(() -> {
                    try (SocketChannel in = server.accept()) {
                        long n = 0;
                        long pos = out.position();
                        while (true) {
                            long got = out.transferFrom(in, pos + n, 1 << 20);
                            if (got <= 0) {
                                // transferFrom returns 0 at end of stream as well as on a slow read: check.
                                ByteBuffer probe = ByteBuffer.allocate(1);
                                if (in.read(probe) < 0) break;
                                probe.flip();
                                out.write(probe, pos + n);
                                n++;
                                continue;
                            }
                            n += got;
                        }
                        return n;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, r -> Thread.ofVirtual().start(r));
                qmp.execute("migrate", QemuDriverState.args().put("uri", "unix:" + sock));
                awaitMigration(qmp);
                copied.get(MIGRATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                out.force(true);
                out.write(ByteBuffer.wrap(MAGIC), 0);
                out.force(true);
            } finally {
                Files.deleteIfExists(sock);
            }
        } catch (IOException | QmpException | InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            try {
                Files.deleteIfExists(to);
            } catch (IOException ignored) {
                // reporting the save's failure
            }
            if (wasRunning) {
                try {
                    qmp.execute("cont", null);
                    QemuDriverState.locked(obj, o -> {
                        if (o.isActive()) o.setState(DomainState.RUNNING, QemuDriverState.RUNNING_UNPAUSED);
                        return null;
                    });
                } catch (QmpException | RuntimeException again) {
                    // QEMU is gone or stuck: its own handler reports that
                }
            }
            if (e instanceof VirException v) throw v;
            if (e instanceof IOException io) throw SystemErrors.of(QemuDriverState.FROM, io, "Failed to create domain save file '" + to + "'");
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.OPERATION_FAILED,
                    "domain save job: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        state.stopProcess(obj, false, QemuDriverState.SHUTOFF_SAVED, QemuDriverState.STOPPED_SAVED);
        QemuDriverState.locked(obj, o -> {
            o.setHasManagedSave(managed);
            return null;
        });
    }

    /** Polls the migration until it completes; a failure is QEMU's error description. */
    private static void awaitMigration(QmpClient qmp) throws QmpException, InterruptedException {
        long deadline = System.nanoTime() + MIGRATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = qmp.execute("query-migrate", null);
            String status = m.path("status").asText();
            switch (status) {
                case "completed" -> { return; }
                case "failed", "cancelled" -> throw VirException.of(QemuDriverState.FROM, VirErrorCode.OPERATION_FAILED,
                        "migration failed: " + m.path("error-desc").asText(status));
                default -> Thread.sleep(10);
            }
        }
        throw VirException.of(QemuDriverState.FROM, VirErrorCode.OPERATION_TIMEOUT, "migration to file did not finish");
    }

    /** Restores {@code obj} from {@code image} (the caller holds its lock and checked the header). */
    static void restore(QemuDriverState state, DomainObject<Domain> obj, Path image, boolean paused, boolean running) {
        Header h = readHeader(image);
        boolean stayPaused = paused || (!running && !h.wasRunning());
        state.launch(obj, stayPaused, new Incoming(image, h.offset(), h.wasRunning()));
        state.lifecycle(obj, DomainEvent.Lifecycle.STARTED, QemuDriverState.STARTED_RESTORED);
        if (stayPaused) state.lifecycle(obj, DomainEvent.Lifecycle.SUSPENDED, QemuDriverState.SUSPENDED_PAUSED);
    }

    /** Feeds a saved stream to a QEMU started with {@code -incoming defer} and waits until it has taken all of it. */
    static void feed(QmpClient qmp, Path dir, Incoming in) throws QmpException {
        Path sock = dir.resolve("restore.sock");
        try {
            qmp.execute("migrate-incoming", QemuDriverState.args().put("uri", "unix:" + sock));
            try (SocketChannel ch = connect(sock);
                 InputStream file = Files.newInputStream(in.image());
                 OutputStream out = Channels.newOutputStream(ch)) {
                file.skipNBytes(in.offset());
                file.transferTo(out);
            }
            awaitMigration(qmp);
        } catch (IOException e) {
            throw SystemErrors.of(QemuDriverState.FROM, e, "cannot restore from '" + in.image() + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.OPERATION_FAILED, "interrupted during restore");
        }
    }

    private static SocketChannel connect(Path sock) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return SocketChannel.open(UnixDomainSocketAddress.of(sock));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(5);
            }
        }
    }
}
