package org.virtd.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.Flags;
import org.virtd.api.Stream;
import org.virtd.api.VirException;
import org.virtd.api.Virt;

/** virDomainScreenshot and virDomainOpenConsole on the test driver, with libvirt 9.0's answers. */
class TestDriverStreamTest {
    private static final Path IMAGE = Path.of("/usr/share/libvirt/test-screenshot.png");

    @TempDir
    Path tmp;
    Connect conn;
    Domain test;

    @BeforeEach
    void open() {
        conn = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false));
        test = conn.lookupByName("test");
    }

    @AfterEach
    void close() {
        conn.close();
    }

    private static void error(int code, int domain, String message, Runnable r) {
        VirException e = assertThrows(VirException.class, r::run);
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(domain, e.domain(), e.getMessage());
    }

    @Test
    void screenshotStreamsThePackagedImage() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(IMAGE), "libvirt's test screenshot is not installed");
        Stream st = conn.newStream(0);
        assertEquals("image/png", test.screenshot(st, 7, 0));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(1000);
        while (st.recv(buf) > 0) {
            got.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        st.finish();
        assertArrayEquals(Files.readAllBytes(IMAGE), got.toByteArray());
    }

    @Test
    void screenshotErrorsAreLibvirts() {
        error(8, 12, "unsupported flags (0x1) in function testDomainScreenshot",
                () -> test.screenshot(conn.newStream(0), 0, 1));
        error(73, 38, "invalid stream pointer in virDomainScreenshot", () -> test.screenshot(null, 0, 0));
        try (Connect other = Virt.connect("test:///default", 0, DriverEnvironment.under(tmp, false))) {
            error(8, 20, "stream must match connection of domain 'test'",
                    () -> test.screenshot(other.newStream(0), 0, 0));
        }
        try (Connect ro = Virt.connect("test:///default", Flags.CONNECT_RO, DriverEnvironment.under(tmp, false))) {
            error(29, 20, "operation forbidden: read only access prevents virDomainScreenshot",
                    () -> ro.lookupByName("test").screenshot(ro.newStream(0), 0, 0));
        }
    }

    @Test
    void aStreamNoCallUsedHasNoData() {
        Stream st = conn.newStream(Flags.STREAM_NONBLOCK);
        error(3, 38, "this function is not supported by the connection driver: virStreamRecv",
                () -> st.recv(new byte[1]));
        error(3, 38, "this function is not supported by the connection driver: virStreamSend",
                () -> st.send(new byte[1]));
    }

    @Test
    void theTestDriverHasNoConsole() {
        error(3, 20, "this function is not supported by the connection driver: virDomainOpenConsole",
                () -> test.openConsole(null, conn.newStream(Flags.STREAM_NONBLOCK), 0));
    }
}
