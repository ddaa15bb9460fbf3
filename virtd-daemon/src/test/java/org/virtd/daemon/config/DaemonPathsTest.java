package org.virtd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonPathsTest {

    @Test
    void defaultsWithoutARootDirectory() {
        DaemonPaths p = DaemonPaths.of(DaemonConfig.defaults(), null, null, null);
        assertEquals(Path.of("/"), p.root());
        assertEquals(Path.of("/etc/virtd/virtd.conf"), p.configFile());
        assertEquals(Path.of("/etc/virtd"), p.configDir());
        assertEquals(Path.of("/var/lib/virtd"), p.stateDir());
        assertEquals(Path.of("/run/virtd"), p.runDir());
        assertEquals(Path.of("/var/log/virtd"), p.logDir());
        assertEquals(Path.of("/run/virtd"), p.socketDir());
        assertEquals(Path.of("/run/virtd/libvirt-sock"), p.rwSocket());
        assertEquals(Path.of("/run/virtd/libvirt-sock-ro"), p.roSocket());
        assertEquals(Path.of("/run/virtd/libvirt-admin-sock"), p.adminSocket());
        assertEquals(Path.of("/run/virtd.pid"), p.pidFile());
        assertEquals(Path.of("/etc/pki/CA/cacert.pem"), p.caFile());
        assertEquals(Path.of("/etc/pki/CA/cacrl.pem"), p.crlFile());
        assertEquals(Path.of("/etc/pki/libvirt/servercert.pem"), p.certFile());
        assertEquals(Path.of("/etc/pki/libvirt/private/serverkey.pem"), p.keyFile());
        assertEquals(Path.of("/etc/virtd/qemu"), p.driverConfigDir("qemu"));
        assertEquals(Path.of("/var/lib/virtd/xen"), p.driverStateDir("xen"));
        assertEquals(Path.of("/run/virtd/uml"), p.driverRunDir("uml"));
    }

    @Test
    void rootDirRelocatesEveryDefault() throws Exception {
        DaemonConfig c = DaemonConfig.parse("root_dir = \"/srv/v\"\n", "r.conf");
        DaemonPaths p = DaemonPaths.of(c, null, null, null);
        Path r = Path.of("/srv/v");
        assertEquals(r, p.root());
        // The file holding root_dir was found before root_dir was known.
        assertEquals(Path.of("/etc/virtd/virtd.conf"), p.configFile());
        assertEquals(r.resolve("etc/virtd"), p.configDir());
        assertEquals(r.resolve("var/lib/virtd"), p.stateDir());
        assertEquals(r.resolve("run/virtd"), p.runDir());
        assertEquals(r.resolve("var/log/virtd"), p.logDir());
        assertEquals(r.resolve("run/virtd/libvirt-sock"), p.rwSocket());
        assertEquals(r.resolve("run/virtd.pid"), p.pidFile());
        assertEquals(r.resolve("etc/pki/CA/cacert.pem"), p.caFile());
        assertEquals(r.resolve("etc/pki/libvirt/private/serverkey.pem"), p.keyFile());
        assertEquals(r.resolve("var/lib/virtd/test"), p.driverStateDir("test"));
        assertEquals(r.resolve("etc/virtd/test"), p.driverConfigDir("test"));
        for (Path each : new Path[] {p.configDir(), p.stateDir(), p.runDir(), p.logDir(),
                p.socketDir(), p.pidFile(), p.caFile(), p.crlFile(), p.certFile(), p.keyFile()}) {
            assertTrue(each.startsWith(r), each + " escapes the root directory");
        }
    }

    @Test
    void commandLineRootWinsAndMovesTheDefaultConfigFile(@TempDir Path dir) throws Exception {
        DaemonConfig c = DaemonConfig.parse("root_dir = \"/srv/v\"\n", "r.conf");
        DaemonPaths p = DaemonPaths.of(c, dir, null, null);
        assertEquals(dir, p.root());
        assertEquals(dir.resolve("etc/virtd/virtd.conf"), p.configFile());
        assertEquals(dir.resolve("run/virtd/libvirt-sock-ro"), p.roSocket());
    }

    @Test
    void explicitPathsAreNotRelocated() throws Exception {
        DaemonConfig c = DaemonConfig.parse("""
                root_dir = "/srv/v"
                unix_sock_dir = "/run/libvirt"
                key_file = "/keys/k.pem"
                ca_file = "/keys/ca.pem"
                """, "e.conf");
        DaemonPaths p = DaemonPaths.of(c, null, Path.of("/cfg/x.conf"), Path.of("/tmp/x.pid"));
        assertEquals(Path.of("/run/libvirt/libvirt-sock"), p.rwSocket());
        assertEquals(Path.of("/run/libvirt/libvirt-sock-ro"), p.roSocket());
        assertEquals(Path.of("/run/libvirt/libvirt-admin-sock"), p.adminSocket());
        assertEquals(Path.of("/keys/k.pem"), p.keyFile());
        assertEquals(Path.of("/keys/ca.pem"), p.caFile());
        assertEquals(Path.of("/srv/v/etc/pki/libvirt/servercert.pem"), p.certFile());
        assertEquals(Path.of("/cfg/x.conf"), p.configFile());
        assertEquals(Path.of("/tmp/x.pid"), p.pidFile());
        assertEquals(Path.of("/srv/v/run/virtd"), p.runDir());
    }

    @Test
    void driverNamesCannotEscape() {
        DaemonPaths p = DaemonPaths.of(DaemonConfig.defaults(), null, null, null);
        assertThrows(IllegalArgumentException.class, () -> p.driverStateDir("../etc"));
        assertThrows(IllegalArgumentException.class, () -> p.driverConfigDir(".."));
        assertThrows(IllegalArgumentException.class, () -> p.driverRunDir(""));
    }

    @Test
    void createsTheDirectoriesItWritesInto(@TempDir Path dir) throws Exception {
        DaemonPaths p = DaemonPaths.of(DaemonConfig.defaults(), dir, null, null);
        p.createDirectories();
        assertTrue(Files.isDirectory(p.runDir()));
        assertTrue(Files.isDirectory(p.stateDir()));
        assertTrue(Files.isDirectory(p.logDir()));
        assertTrue(Files.isDirectory(p.pidFile().getParent()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.logDir())));
        p.createDirectories();
    }
}
