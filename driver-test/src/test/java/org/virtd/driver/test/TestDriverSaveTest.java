package org.virtd.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.api.Virt;

/** virDomainSave / Restore / ManagedSave / ManagedSaveRemove, with libvirtd 9.0's test-driver answers. */
class TestDriverSaveTest {
    private static final String TRANSIENT_XML =
            "<domain type='test'><name>tr</name><memory>1024</memory><os><type>hvm</type></os></domain>";

    @TempDir
    Path tmp;
    Connect conn;

    @BeforeEach
    void open() {
        conn = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false));
    }

    @AfterEach
    void close() {
        conn.close();
    }

    private static VirException error(int code, int domain, String message, Runnable r) {
        VirException e = assertThrows(VirException.class, r::run);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(domain, e.domain(), e.getMessage());
        assertEquals(message, e.getMessage());
        return e;
    }

    @Test
    void saveWritesLibvirtsImageAndRestoreStartsTheDomainAgain() throws Exception {
        Domain test = conn.lookupByName("test");
        String liveXml = test.getXmlDesc(Flags.XML_SECURE);
        List<DomainEvent> seen = new CopyOnWriteArrayList<>();
        CountDownLatch latch = new CountDownLatch(2);
        int cb = conn.domainEventRegisterAny(null, 0, (id, e) -> {
            seen.add(e);
            latch.countDown();
        });
        Path image = tmp.resolve("test.img");

        test.save(image.toString());
        assertEquals(new DomainStateInfo(5, 5), test.getState(0)); // shutoff, saved
        assertTrue(test.isPersistent());

        byte[] bytes = Files.readAllBytes(image);
        assertArrayEquals("TestGuestMagic\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 15));
        int len = ByteBuffer.wrap(bytes, 15, 4).order(ByteOrder.nativeOrder()).getInt();
        assertEquals(bytes.length - 19, len);
        assertEquals(liveXml, new String(bytes, 19, len, StandardCharsets.UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(image)));

        conn.domainRestore(image.toString());
        Domain restored = conn.lookupByName("test");
        assertEquals(new DomainStateInfo(1, 3), restored.getState(0)); // running, restored
        assertEquals(2, restored.id());

        assertTrue(latch.await(5, TimeUnit.SECONDS));
        conn.domainEventDeregisterAny(cb);
        assertEquals(List.of(List.of(DomainEvent.Lifecycle.STOPPED, 4), List.of(DomainEvent.Lifecycle.STARTED, 2)),
                seen.stream().map(e -> List.of(((DomainEvent.Lifecycle) e).event(),
                        ((DomainEvent.Lifecycle) e).detail())).toList());
    }

    @Test
    void relativePathsAreMadeAbsoluteByTheApi() throws IOException {
        Path cwdFile = Path.of("virtd-save-test-" + ProcessHandle.current().pid() + ".img").toAbsolutePath();
        try {
            conn.lookupByName("test").save("./sub/../" + cwdFile.getFileName());
            assertTrue(Files.size(cwdFile) > 19);
            conn.domainRestore(cwdFile.getFileName().toString());
            assertTrue(conn.lookupByName("test").isActive());
        } finally {
            Files.deleteIfExists(cwdFile);
        }
    }

    @Test
    void saveAndRestoreErrorsAreLibvirts() throws IOException {
        Domain test = conn.lookupByName("test");
        String img = tmp.resolve("a.img").toString();
        test.save(img);
        error(55, 20, "Requested operation is not valid: domain is not running", () -> test.save(img));
        conn.domainRestore(img);
        error(55, 20, "Requested operation is not valid: domain 'test' is already active",
                () -> conn.domainRestore(img));

        String missing = tmp.resolve("missing").toString();
        VirException e = error(38, 12, "cannot read domain image '" + missing + "': No such file or directory",
                () -> conn.domainRestore(missing));
        assertEquals(2, e.int1());
        error(38, 12, "incomplete save header in '" + tmp + "': Is a directory",
                () -> conn.domainRestore(tmp.toString()));
        Path bad = tmp.resolve("bad");
        Files.write(bad, "short".getBytes(StandardCharsets.US_ASCII));
        error(38, 12, "incomplete save header in '" + bad + "': Success", () -> conn.domainRestore(bad.toString()));
        Files.write(bad, "x".repeat(30).getBytes(StandardCharsets.US_ASCII));
        error(1, 12, "internal error: mismatched header magic", () -> conn.domainRestore(bad.toString()));
        Files.write(bad, image(0, ""));
        error(1, 12, "internal error: length of metadata out of range", () -> conn.domainRestore(bad.toString()));
        Files.write(bad, image(8193, ""));
        error(1, 12, "internal error: length of metadata out of range", () -> conn.domainRestore(bad.toString()));

        error(38, 12, "saving domain 'test' to '/nonexistent-virtd-dir/x': open failed: No such file or directory",
                () -> test.save("/nonexistent-virtd-dir/x"));
        assertEquals(new DomainStateInfo(1, 3), test.getState(0));
    }

    private static byte[] image(int len, String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(19 + body.length).order(ByteOrder.nativeOrder())
                .put("TestGuestMagic\0".getBytes(StandardCharsets.US_ASCII)).putInt(len).put(body).array();
    }

    @Test
    void savedTransientDomainIsGoneUntilRestored() {
        Domain tr = conn.createXml(TRANSIENT_XML, 0);
        error(55, 12, "Requested operation is not valid: cannot do managed save for transient domain",
                () -> tr.managedSave(0));
        String img = tmp.resolve("tr.img").toString();
        tr.save(img);
        error(42, 12, "Domain not found", () -> conn.lookupByName("tr"));
        conn.domainRestore(img);
        Domain back = conn.lookupByName("tr");
        assertEquals(new DomainStateInfo(1, 3), back.getState(0));
        assertFalse(back.isPersistent());
    }

    @Test
    void managedSaveMarksTheDomainUntilStartOrRemove() {
        Domain test = conn.lookupByName("test");
        error(8, 20, "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive",
                () -> test.managedSave(Flags.SAVE_RUNNING | Flags.SAVE_PAUSED));
        error(8, 12, "unsupported flags (0x8) in function testDomainManagedSave", () -> test.managedSave(8));
        test.managedSave(Flags.SAVE_BYPASS_CACHE);
        assertEquals(new DomainStateInfo(5, 5), test.getState(0));
        assertTrue(test.hasManagedSaveImage(0));
        assertEquals(List.of("test"), conn.listAllDomains(Flags.LIST_DOMAINS_MANAGEDSAVE).stream()
                .map(Domain::name).toList());
        error(55, 20, "Requested operation is not valid: domain is not running", () -> test.managedSave(0));
        error(8, 12, "unsupported flags (0x1) in function testDomainManagedSaveRemove",
                () -> test.managedSaveRemove(1));

        test.create();
        assertFalse(test.hasManagedSaveImage(0));
        test.managedSave(0);
        test.managedSaveRemove(0);
        assertFalse(test.hasManagedSaveImage(0));
        test.managedSaveRemove(0); // nothing to remove is fine, as in libvirt
    }

    @Test
    void readOnlyConnectionsAreRefusedFirst() {
        try (Connect ro = Virt.connect("test:///default", Flags.CONNECT_RO, DriverEnvironment.under(tmp, false))) {
            Domain test = ro.lookupByName("test");
            error(29, 20, "operation forbidden: read only access prevents virDomainSave", () -> test.save("/x"));
            error(29, 20, "operation forbidden: read only access prevents virDomainRestore",
                    () -> ro.domainRestore("/x"));
            error(29, 20, "operation forbidden: read only access prevents virDomainManagedSave",
                    () -> test.managedSave(0));
            error(29, 20, "operation forbidden: read only access prevents virDomainManagedSaveRemove",
                    () -> test.managedSaveRemove(0));
        }
        assertTrue(conn.lookupByName("test").isActive());
    }
}
