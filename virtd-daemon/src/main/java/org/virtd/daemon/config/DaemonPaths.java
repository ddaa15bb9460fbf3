package org.virtd.daemon.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the daemon reads and writes, worked out once from the configuration and the command line.
 *
 * <p>A root directory R relocates every default: the configuration, driver state, runtime files,
 * logs, the pid file, the TLS files and the sockets. R comes from {@code --root}, else from
 * {@code root_dir}, else it is {@code /}. Paths the administrator spells out ({@code -f},
 * {@code -p}, {@code unix_sock_dir}, {@code key_file}, ...) are used as written, never relocated.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>what</th><th>path</th></tr>
 *   <tr><td>configuration file</td><td>R/etc/virtd/virtd.conf</td></tr>
 *   <tr><td>driver configuration</td><td>R/etc/virtd/DRIVER</td></tr>
 *   <tr><td>state</td><td>R/var/lib/virtd, drivers in R/var/lib/virtd/DRIVER</td></tr>
 *   <tr><td>runtime</td><td>R/run/virtd, drivers in R/run/virtd/DRIVER</td></tr>
 *   <tr><td>logs</td><td>R/var/log/virtd</td></tr>
 *   <tr><td>pid file</td><td>R/run/virtd.pid (libvirtd: /run/libvirtd.pid)</td></tr>
 *   <tr><td>sockets</td><td>unix_sock_dir, else R/run/virtd: libvirt-sock, libvirt-sock-ro,
 *       libvirt-admin-sock</td></tr>
 *   <tr><td>TLS</td><td>R/etc/pki/CA/cacert.pem, R/etc/pki/CA/cacrl.pem,
 *       R/etc/pki/libvirt/servercert.pem, R/etc/pki/libvirt/private/serverkey.pem</td></tr>
 * </table>
 *
 * <p>The sockets keep libvirt's names so that {@code unix_sock_dir = "/run/libvirt"} is all it
 * takes for an unmodified {@code virsh -c qemu:///system} to reach virtd.
 *
 * @param root the root directory R
 * @param configFile the configuration file that was (or would have been) read
 * @param configDir R/etc/virtd
 * @param stateDir R/var/lib/virtd
 * @param runDir R/run/virtd
 * @param logDir R/var/log/virtd
 * @param socketDir the directory holding the three unix sockets
 * @param pidFile the pid file
 * @param caFile the CA certificate(s)
 * @param crlFile the certificate revocation list (optional; may not exist)
 * @param certFile the server certificate
 * @param keyFile the server private key
 */
public record DaemonPaths(Path root, Path configFile, Path configDir, Path stateDir, Path runDir,
        Path logDir, Path socketDir, Path pidFile, Path caFile, Path crlFile, Path certFile,
        Path keyFile) {

    /** The read-write socket's name, libvirt's. */
    public static final String RW_SOCKET_NAME = "libvirt-sock";
    /** The read-only socket's name, libvirt's. */
    public static final String RO_SOCKET_NAME = "libvirt-sock-ro";
    /** The admin socket's name, libvirt's. */
    public static final String ADMIN_SOCKET_NAME = "libvirt-admin-sock";

    public DaemonPaths {
        Objects.requireNonNull(root);
        Objects.requireNonNull(configFile);
        Objects.requireNonNull(configDir);
        Objects.requireNonNull(stateDir);
        Objects.requireNonNull(runDir);
        Objects.requireNonNull(logDir);
        Objects.requireNonNull(socketDir);
        Objects.requireNonNull(pidFile);
        Objects.requireNonNull(caFile);
        Objects.requireNonNull(crlFile);
        Objects.requireNonNull(certFile);
        Objects.requireNonNull(keyFile);
    }

    /** The default configuration file under root directory {@code root}. */
    public static Path defaultConfigFile(Path root) {
        return root.resolve("etc/virtd/virtd.conf");
    }

    /**
     * Works out every path.
     *
     * @param config the loaded configuration ({@code root_dir}, {@code unix_sock_dir}, TLS files)
     * @param cliRoot {@code --root}, or null; wins over {@code root_dir}
     * @param cliConfigFile {@code -f}, or null
     * @param cliPidFile {@code -p}, or null
     */
    public static DaemonPaths of(DaemonConfig config, @Nullable Path cliRoot,
            @Nullable Path cliConfigFile, @Nullable Path cliPidFile) {
        Path root;
        if (cliRoot != null) {
            root = cliRoot.toAbsolutePath().normalize();
        } else if (config.rootDir() != null) {
            root = Path.of(config.rootDir()).normalize();
        } else {
            root = Path.of("/");
        }
        // The file was looked for before root_dir was known, so only --root moves its default.
        Path configFile = cliConfigFile != null ? cliConfigFile
                : defaultConfigFile(cliRoot != null ? root : Path.of("/"));
        Path runDir = root.resolve("run/virtd");
        Path socketDir = config.unixSockDir() != null ? Path.of(config.unixSockDir()) : runDir;
        return new DaemonPaths(
                root,
                configFile,
                root.resolve("etc/virtd"),
                root.resolve("var/lib/virtd"),
                runDir,
                root.resolve("var/log/virtd"),
                socketDir,
                cliPidFile != null ? cliPidFile : root.resolve("run/virtd.pid"),
                explicitOr(config.caFile(), root, "etc/pki/CA/cacert.pem"),
                explicitOr(config.crlFile(), root, "etc/pki/CA/cacrl.pem"),
                explicitOr(config.certFile(), root, "etc/pki/libvirt/servercert.pem"),
                explicitOr(config.keyFile(), root, "etc/pki/libvirt/private/serverkey.pem"));
    }

    private static Path explicitOr(@Nullable String explicit, Path root, String relative) {
        return explicit != null ? Path.of(explicit) : root.resolve(relative);
    }

    /** {@code socketDir/libvirt-sock}. */
    public Path rwSocket() {
        return socketDir.resolve(RW_SOCKET_NAME);
    }

    /** {@code socketDir/libvirt-sock-ro}. */
    public Path roSocket() {
        return socketDir.resolve(RO_SOCKET_NAME);
    }

    /** {@code socketDir/libvirt-admin-sock}. */
    public Path adminSocket() {
        return socketDir.resolve(ADMIN_SOCKET_NAME);
    }

    /** Where a driver keeps persistent definitions: {@code configDir/DRIVER}. */
    public Path driverConfigDir(String driver) {
        return configDir.resolve(checkDriverName(driver));
    }

    /** Where a driver keeps persistent state: {@code stateDir/DRIVER}. */
    public Path driverStateDir(String driver) {
        return stateDir.resolve(checkDriverName(driver));
    }

    /** Where a driver keeps runtime state (running domains, monitor sockets): {@code runDir/DRIVER}. */
    public Path driverRunDir(String driver) {
        return runDir.resolve(checkDriverName(driver));
    }

    private static String checkDriverName(String driver) {
        if (!driver.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || driver.equals("..")) {
            throw new IllegalArgumentException("driver: '" + driver
                    + "' (expected: a plain name such as 'qemu' or 'xen')");
        }
        return driver;
    }

    /**
     * Creates the directories the daemon writes into before it takes the pid file or binds a
     * socket: runtime (0755), state (0755), logs (0700) and the socket directory (0755). Existing
     * directories are left as they are.
     */
    public void createDirectories() throws IOException {
        createDirectory(runDir, "rwxr-xr-x");
        createDirectory(stateDir, "rwxr-xr-x");
        createDirectory(logDir, "rwx------");
        createDirectory(socketDir, "rwxr-xr-x");
        Path pidParent = pidFile.toAbsolutePath().getParent();
        if (pidParent != null) {
            createDirectory(pidParent, "rwxr-xr-x");
        }
    }

    private static void createDirectory(Path dir, String perms) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the platform default is all we can have.
        }
    }
}
