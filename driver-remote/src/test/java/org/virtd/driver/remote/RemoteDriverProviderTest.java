package org.virtd.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtd.api.ConnectUri;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.VirErrorCode;
import org.virtd.driver.spi.DriverProvider;
import org.virtd.driver.spi.OpenResult;

class RemoteDriverProviderTest {
    @TempDir
    Path tmp;

    private RemoteDriverProvider provider(boolean root) {
        return new RemoteDriverProvider(new SocketDirs(tmp.resolve("sys"), tmp.resolve("user"), tmp.resolve("virtd")),
                root);
    }

    private OpenResult open(RemoteDriverProvider p, String uri, int flags) {
        return p.open(ConnectUri.parse(uri), flags, DriverEnvironment.under(tmp, true));
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(DriverProvider.class).stream()
                .anyMatch(p -> p.type() == RemoteDriverProvider.class));
        assertEquals("remote", new RemoteDriverProvider().name());
    }

    @Test
    void localUrisWithoutADaemonSocketFailNamingLibvirtsSocket() {
        // Probing last, the remote driver ends the search as libvirt's client does: with the socket it tried.
        VirException sys = assertThrows(VirException.class, () -> open(provider(true), "qemu:///system", 0));
        assertEquals(VirErrorCode.SYSTEM_ERROR.wireValue(), sys.code());
        assertEquals("Failed to connect socket to '" + tmp.resolve("sys/libvirt-sock")
                + "': No such file or directory", sys.getMessage());
        VirException user = assertThrows(VirException.class, () -> open(provider(false), "qemu:///session", 0));
        assertEquals("Failed to connect socket to '" + tmp.resolve("user/libvirt-sock")
                + "': No such file or directory", user.getMessage());
    }

    @Test
    void noUriAtAllGoesToTheSystemDaemonSocket() {
        VirException e = assertThrows(VirException.class,
                () -> provider(true).openDefault(0, DriverEnvironment.under(tmp, true)));
        assertEquals("Failed to connect socket to '" + tmp.resolve("sys/libvirt-sock")
                + "': No such file or directory", e.getMessage());
    }

    @Test
    void localTestUrisStayInProcessEvenWithASocket() throws Exception {
        Files.createDirectories(tmp.resolve("sys"));
        Files.createFile(tmp.resolve("sys/libvirt-sock"));
        assertInstanceOf(OpenResult.Declined.class, open(provider(true), "test:///default", 0));
    }

    @Test
    void socketCandidatesFollowLibvirtsOrder() {
        SocketDirs dirs = new SocketDirs(Path.of("/var/run/libvirt"), Path.of("/u/libvirt"), Path.of("/run/virtd"));
        assertEquals(List.of(Path.of("/var/run/libvirt/virtqemud-sock-ro"), Path.of("/var/run/libvirt/libvirt-sock-ro"),
                Path.of("/run/virtd/libvirt-sock-ro")), dirs.candidates("qemu", true, false, SocketDirs.Mode.AUTO));
        assertEquals(List.of(Path.of("/u/libvirt/virtqemud-sock"), Path.of("/u/libvirt/libvirt-sock")),
                dirs.candidates("qemu", true, true, SocketDirs.Mode.AUTO));
        assertEquals(List.of(Path.of("/var/run/libvirt/libvirt-sock"), Path.of("/run/virtd/libvirt-sock")),
                dirs.candidates("qemu", false, false, SocketDirs.Mode.LEGACY));
        assertEquals(List.of(Path.of("/var/run/libvirt/virtxend-sock")),
                dirs.candidates("xen", false, false, SocketDirs.Mode.DIRECT));
        assertEquals(Path.of("/var/run/libvirt/libvirt-sock"), dirs.fallback("qemu", false, false,
                SocketDirs.Mode.AUTO));
    }

    @Test
    void explicitUnixTransportWithoutSocketFailsLikeLibvirt() {
        VirException e = assertThrows(VirException.class, () -> open(provider(true), "qemu+unix:///system", Flags.CONNECT_RO));
        assertEquals(38, e.code());
        assertEquals(7, e.domain());
        assertEquals("Failed to connect socket to '" + tmp.resolve("sys/libvirt-sock-ro")
                + "': No such file or directory", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu+tls://host/system", "qemu://host/system", "qemu+ssh://root@host/system",
        "qemu+libssh://host/system", "qemu+libssh2://host/system", "qemu+ext:///system?command=/bin/true",
        "remote://host/"})
    void unimplementedTransportsAreAClearError(String uri) {
        VirException e = assertThrows(VirException.class, () -> open(provider(true), uri, 0));
        assertEquals(3, e.code());
        assertEquals(13, e.domain());
        String t = RemoteUris.transport(ConnectUri.parse(uri)).uriName();
        assertTrue(e.getMessage().contains("transport '" + t + "'"), e.getMessage());
    }

    @Test
    void badModeIsAnInvalidArgument() {
        VirException e = assertThrows(VirException.class,
                () -> open(provider(true), "qemu+unix:///system?mode=sideways", 0));
        assertEquals("invalid argument: Unknown remote mode 'sideways'", e.getMessage());
    }

    /** Every SPI method is served over the wire, none left to the NO_SUPPORT default by omission. */
    @Test
    void everySpiMethodIsImplemented() throws Exception {
        for (java.lang.reflect.Method m : org.virtd.driver.spi.HypervisorDriver.class.getMethods()) {
            java.lang.reflect.Method impl = RemoteDriver.class.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(RemoteDriver.class, impl.getDeclaringClass(), m.getName());
        }
    }
}
