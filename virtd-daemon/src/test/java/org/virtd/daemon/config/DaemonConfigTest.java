package org.virtd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonConfigTest {

    @Test
    void defaultsAreLibvirtdsWithoutPolkit() {
        DaemonConfig c = DaemonConfig.defaults();
        assertFalse(c.listenTcp());
        assertTrue(c.listenTls());
        assertEquals(16509, c.tcpPort());
        assertEquals(16514, c.tlsPort());
        assertNull(c.listenAddr());
        assertEquals(AuthMode.NONE, c.authUnixRw());
        assertEquals(AuthMode.NONE, c.authUnixRo());
        assertEquals(AuthMode.SASL, c.authTcp());
        assertEquals(AuthMode.NONE, c.authTls());
        assertEquals(0700, c.unixSockRwPerms());
        assertEquals(0777, c.unixSockRoPerms());
        assertEquals(0700, c.unixSockAdminPerms());
        assertNull(c.unixSockDir());
        assertNull(c.unixSockGroup());
        assertEquals(5000, c.maxClients());
        assertEquals(20, c.maxAnonymousClients());
        assertEquals(1000, c.maxQueuedClients());
        assertEquals(5, c.minWorkers());
        assertEquals(20, c.maxWorkers());
        assertEquals(5, c.prioWorkers());
        assertEquals(5, c.maxClientRequests());
        assertEquals(5, c.keepaliveInterval());
        assertEquals(5, c.keepaliveCount());
        assertEquals(5, c.adminMinWorkers());
        assertEquals(20, c.adminMaxWorkers());
        assertEquals(5000, c.adminMaxClients());
        assertEquals(20, c.adminMaxQueuedClients());
        assertEquals(5, c.adminMaxClientRequests());
        assertEquals(56, c.tcpMinSsf());
        assertEquals(1, c.auditLevel());
        assertEquals(5, c.ovsTimeout());
        assertEquals(0, c.logLevel());
        assertNull(c.logOutputs());
        assertNull(c.keyFile());
        assertNull(c.tlsAllowedDnList());
        assertNull(c.rootDir());
        assertNull(c.sourceFile());
        assertTrue(c.warnings().isEmpty());
        assertFalse(c.isSet(ConfigKey.MAX_CLIENTS));
    }

    @Test
    void readsEveryKnownKey() throws Exception {
        DaemonConfig c = DaemonConfig.parse("""
                listen_tcp = 1
                listen_tls = 0
                tls_port = "1514"
                tcp_port = "0"
                listen_addr = "127.0.0.1"
                auth_unix_rw = "sasl"
                auth_unix_ro = "polkit"
                auth_tcp = "none"
                auth_tls = "sasl"
                access_drivers = [ "polkit" ]
                unix_sock_group = "libvirt"
                unix_sock_admin_perms = "0750"
                unix_sock_ro_perms = "0775"
                unix_sock_rw_perms = "770"
                unix_sock_dir = "/run/libvirt"
                tls_no_sanity_certificate = 1
                tls_no_verify_certificate = 1
                key_file = "/k.pem"
                cert_file = "/c.pem"
                ca_file = "/ca.pem"
                crl_file = "/crl.pem"
                tls_allowed_dn_list = ["DN1", "DN2"]
                tls_priority="NORMAL"
                tcp_min_ssf = 112
                sasl_allowed_username_list = ["joe@EXAMPLE.COM", "fred@EXAMPLE.COM" ]
                min_workers = 1
                max_workers = 2
                max_clients = 3
                max_queued_clients = 4
                max_anonymous_clients = 6
                prio_workers = 7
                max_client_requests = 8
                admin_min_workers = 9
                admin_max_workers = 10
                admin_max_clients = 11
                admin_max_queued_clients = 12
                admin_max_client_requests = 13
                audit_level = 2
                audit_logging = 1
                host_uuid = "00000000-0000-0000-0000-000000000001"
                host_uuid_source = "machine-id"
                log_level = 1
                log_filters="1:qemu 4:object"
                log_outputs="3:syslog:virtd"
                keepalive_interval = -1
                keepalive_count = 0
                admin_keepalive_interval = 14
                admin_keepalive_count = 15
                ovs_timeout = 16
                root_dir = "/srv/virtd"
                xen_hypervisor = "sim"
                """, "all.conf");
        assertTrue(c.listenTcp());
        assertFalse(c.listenTls());
        assertEquals(1514, c.tlsPort());
        assertEquals(0, c.tcpPort());
        assertEquals("127.0.0.1", c.listenAddr());
        assertEquals(AuthMode.SASL, c.authUnixRw());
        assertEquals(AuthMode.POLKIT, c.authUnixRo());
        assertEquals(AuthMode.NONE, c.authTcp());
        assertEquals(AuthMode.SASL, c.authTls());
        assertEquals(List.of("polkit"), c.accessDrivers());
        assertEquals("libvirt", c.unixSockGroup());
        assertEquals(0750, c.unixSockAdminPerms());
        assertEquals(0775, c.unixSockRoPerms());
        assertEquals(0770, c.unixSockRwPerms());
        assertEquals("/run/libvirt", c.unixSockDir());
        assertTrue(c.tlsNoSanityCertificate());
        assertTrue(c.tlsNoVerifyCertificate());
        assertEquals("/k.pem", c.keyFile());
        assertEquals("/c.pem", c.certFile());
        assertEquals("/ca.pem", c.caFile());
        assertEquals("/crl.pem", c.crlFile());
        assertEquals(List.of("DN1", "DN2"), c.tlsAllowedDnList());
        assertEquals("NORMAL", c.tlsPriority());
        assertEquals(112, c.tcpMinSsf());
        assertEquals(List.of("joe@EXAMPLE.COM", "fred@EXAMPLE.COM"), c.saslAllowedUsernameList());
        assertEquals(List.of(1, 2, 3, 4, 6, 7, 8), List.of(c.minWorkers(), c.maxWorkers(),
                c.maxClients(), c.maxQueuedClients(), c.maxAnonymousClients(), c.prioWorkers(),
                c.maxClientRequests()));
        assertEquals(List.of(9, 10, 11, 12, 13), List.of(c.adminMinWorkers(), c.adminMaxWorkers(),
                c.adminMaxClients(), c.adminMaxQueuedClients(), c.adminMaxClientRequests()));
        assertEquals(2, c.auditLevel());
        assertTrue(c.auditLogging());
        assertEquals("00000000-0000-0000-0000-000000000001", c.hostUuid());
        assertEquals("machine-id", c.hostUuidSource());
        assertEquals(1, c.logLevel());
        assertEquals("1:qemu 4:object", c.logFilters());
        assertEquals("3:syslog:virtd", c.logOutputs());
        assertEquals(-1, c.keepaliveInterval());
        assertEquals(0, c.keepaliveCount());
        assertEquals(14, c.adminKeepaliveInterval());
        assertEquals(15, c.adminKeepaliveCount());
        assertEquals(16, c.ovsTimeout());
        assertEquals("/srv/virtd", c.rootDir());
        assertEquals("sim", c.xenHypervisor());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        for (ConfigKey k : ConfigKey.values()) {
            assertEquals(k.type() != ConfigKey.Type.OBSOLETE, c.isSet(k), k.confName());
        }
        assertEquals(45, c.line(ConfigKey.KEEPALIVE_INTERVAL));
        assertEquals("all.conf", c.sourceFile());
    }

    @Test
    void unknownDuplicateAndObsoleteKeysAreWarningsNotErrors() throws Exception {
        DaemonConfig c = DaemonConfig.parse("""
                max_clients = 10
                # unknown keys are ignored, even with values of any type
                no_such_key = [ 1, "x" ]
                max_clients = "not even checked"
                keepalive_required = 1
                no_such_key = 2
                """, "w.conf");
        assertEquals(10, c.maxClients());
        assertEquals(List.of(
                "w.conf:3: unknown configuration key 'no_such_key' ignored",
                "w.conf:4: key 'max_clients' already set on line 1; this assignment is ignored",
                "w.conf:5: obsolete configuration key 'keepalive_required' ignored"),
                c.warnings().stream().map(ConfigWarning::toString).toList());
        assertEquals("no_such_key", c.warnings().get(0).key());
        assertEquals(3, c.warnings().get(0).line());
    }

    @Test
    void polkitOnTheRwSocketOpensItsModeUnlessSet() throws Exception {
        assertEquals(0777, DaemonConfig.parse("auth_unix_rw = \"polkit\"\n", "p").unixSockRwPerms());
        assertEquals(0770, DaemonConfig.parse(
                "unix_sock_rw_perms = \"0770\"\nauth_unix_rw = \"polkit\"\n", "p").unixSockRwPerms());
    }

    @Test
    void countsAboveIntRangeSaturate() throws Exception {
        DaemonConfig c = DaemonConfig.parse("max_clients = 4294967295\n", "s");
        assertEquals(Integer.MAX_VALUE, c.maxClients());
        assertEquals(4294967295L, c.value(ConfigKey.MAX_CLIENTS));
    }

    static Stream<Arguments> refusedValues() {
        String ie = "internal error: ";
        String uc = "unsupported configuration: ";
        return Stream.of(
                // type mismatches, worded as virConfGetValue* words them, plus the line
                Arguments.of("tcp_port = 5", ie + "expected a string for 'tcp_port' parameter"),
                Arguments.of("max_clients = \"x\"",
                        ie + "expected an unsigned integer for 'max_clients' parameter"),
                Arguments.of("max_clients = -1",
                        ie + "expected an unsigned integer for 'max_clients' parameter"),
                Arguments.of("min_workers = -0",
                        ie + "expected an unsigned integer for 'min_workers' parameter"),
                Arguments.of("max_clients = 4294967296",
                        ie + "value for 'max_clients' parameter must be in range 0:4294967295"),
                Arguments.of("max_clients = 99999999999999999999",
                        ie + "value for 'max_clients' parameter must be in range 0:4294967295"),
                Arguments.of("listen_tcp = \"yes\"", ie + "expected a bool for 'listen_tcp' parameter"),
                Arguments.of("listen_tcp = -1", ie + "expected a bool for 'listen_tcp' parameter"),
                Arguments.of("listen_tcp = 2", ie + "value for 'listen_tcp' parameter must be 0 or 1"),
                Arguments.of("keepalive_interval = \"5\"",
                        ie + "expected a signed integer for 'keepalive_interval' parameter"),
                Arguments.of("keepalive_interval = 2147483648", ie
                        + "value for 'keepalive_interval' parameter must be in range -2147483648:2147483647"),
                Arguments.of("access_drivers = \"polkit\"",
                        ie + "expected a string list for 'access_drivers' parameter"),
                Arguments.of("tls_allowed_dn_list = [ \"a\", 1 ]", "configuration file syntax error: "
                        + "expected a string list for 'tls_allowed_dn_list' parameter"),
                Arguments.of("log_outputs = [ \"1:stderr\" ]",
                        ie + "expected a string for 'log_outputs' parameter"),
                Arguments.of("max_workers = 0", ie + "'max_workers' must be greater than 0"),
                // value checks libvirtd makes after reading the file
                Arguments.of("auth_tcp = \"kerberos\"", uc + "auth_tcp: unsupported auth kerberos"),
                Arguments.of("auth_unix_rw = \"None\"", uc + "auth_unix_rw: unsupported auth None"),
                Arguments.of("unix_sock_rw_perms = \"0999\"",
                        uc + "unix_sock_rw_perms: Failed to parse mode '0999'"),
                Arguments.of("unix_sock_ro_perms = \"rwx\"",
                        uc + "unix_sock_ro_perms: Failed to parse mode 'rwx'"),
                Arguments.of("unix_sock_admin_perms = \"017777\"",
                        uc + "unix_sock_admin_perms: Failed to parse mode '017777'"),
                Arguments.of("tcp_min_ssf = 56", uc + "minimum SSF levels lower than 112 are not supported"),
                Arguments.of("log_level = 5", "invalid argument: "
                        + "log_level: Failed to set logging priority, argument '5' is invalid"),
                Arguments.of("host_uuid = \"00000000-0000-0000-0000-000000000000\"",
                        uc + "host_uuid: invalid host UUID: 00000000-0000-0000-0000-000000000000"),
                Arguments.of("host_uuid = \"1234\"", uc + "host_uuid: invalid host UUID: 1234"),
                Arguments.of("host_uuid_source = \"dmi\"",
                        uc + "host_uuid_source: invalid UUID source: dmi"),
                // virtd's own checks
                Arguments.of("tcp_port = \"65536\"",
                        uc + "value for 'tcp_port' parameter must be in range 0:65535"),
                Arguments.of("tls_port = \"libvirt-tls\"",
                        uc + "value for 'tls_port' parameter must be a port number, not 'libvirt-tls'"),
                Arguments.of("root_dir = \"relative/dir\"",
                        uc + "root_dir: path 'relative/dir' is not absolute"),
                Arguments.of("xen_hypervisor = \"xend\"",
                        uc + "xen_hypervisor: unknown Xen hypervisor backend 'xend' (sim or native)"));
    }

    @ParameterizedTest
    @MethodSource("refusedValues")
    void refusedValuesNameFileLineAndKey(String assignment, String message) {
        String text = "# line 1\nlisten_tls = 0\n" + assignment + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.parse(text, "r.conf"));
        int colon = message.indexOf(": ") + 2;
        String expected = message.substring(0, colon) + "r.conf:3: " + message.substring(colon);
        assertEquals(expected, e.getMessage());
        assertEquals(3, e.line());
        assertEquals(assignment.substring(0, assignment.indexOf(' ')), e.key());
        assertEquals("r.conf", e.file());
    }

    @Test
    void theFirstRefusedKeyInLibvirtdsReadingOrderIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.parse(
                "max_clients = \"x\"\nlisten_tcp = 7\n", "o.conf"));
        assertEquals("listen_tcp", e.key());
        assertEquals(2, e.line());
    }

    @Test
    void validHostUuids() {
        assertTrue(DaemonConfig.validHostUuid("4c4c4544-0034-3310-8051-b3c04f4b4e32"));
        assertTrue(DaemonConfig.validHostUuid("4C4C454400343310-8051B3C04F4B4E32"));
        assertTrue(DaemonConfig.validHostUuid("  4c4c4544003433108051b3c04f4b4e32 "));
        assertFalse(DaemonConfig.validHostUuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assertFalse(DaemonConfig.validHostUuid("4c4c4544-0034-3310-8051-b3c04f4b4e3"));
        assertFalse(DaemonConfig.validHostUuid("4c4c4544-0034-3310-8051-b3c04f4b4e3g"));
    }

    @Test
    void loadForReadsTheDefaultFileOnlyIfItExists(@TempDir Path root) throws Exception {
        DaemonConfig none = DaemonConfig.loadFor(null, root);
        assertNull(none.sourceFile());
        assertEquals(5000, none.maxClients());

        Path file = root.resolve("etc/virtd/virtd.conf");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "max_clients = 7\n");
        DaemonConfig found = DaemonConfig.loadFor(null, root);
        assertEquals(file.toString(), found.sourceFile());
        assertEquals(7, found.maxClients());
    }

    @Test
    void loadForRequiresAnExplicitFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("given.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.loadFor(missing, null));
        assertEquals("Failed to open file '" + missing + "': No such file or directory", e.getMessage());
        assertEquals(missing.toString(), e.file());

        Files.writeString(missing, "max_workers = 3\n");
        assertEquals(3, DaemonConfig.loadFor(missing, dir).maxWorkers());
    }

    @Test
    void loadReportsTheFilePathInMessages(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("bad.conf");
        Files.writeString(p, "\nmax_clients = \"x\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.load(p));
        assertEquals("Can't load config file: internal error: " + p
                + ":2: expected an unsigned integer for 'max_clients' parameter: " + p,
                e.loadFailureMessage());
    }
}
