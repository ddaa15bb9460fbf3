package org.virtd.driver.kvm.command;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the driver decides for one start of one domain, outside the definition: where things live and how QEMU
 * reaches them.
 *
 * @param libDir the domain's private directory (libvirt's {@code /var/lib/libvirt/qemu/domain-ID-NAME}); QEMU's
 *     {@code HOME} and the {@code XDG_*} directories are inside it
 * @param monitorSocket the UNIX socket QEMU listens on for QMP ({@code server=on,wait=off}); the driver connects
 *     to it after the process is up. libvirt hands QEMU a listening fd instead; Java cannot pass fds to a child.
 * @param masterKeyFile the file holding the domain's 32-byte master key ({@code -object secret,id=masterKey0}),
 *     or null to leave the secret object out
 * @param user the account QEMU runs as, written to {@code USER} and {@code LOGNAME}, or null to leave them out
 * @param path the {@code PATH} QEMU gets
 * @param tapNames tap device per interface alias ({@code net0} → {@code vnet3}) for {@code bridge},
 *     {@code network} and {@code ethernet} interfaces: QEMU opens the named, already created and configured, tap
 *     ({@code -netdev tap,ifname=NAME,script=no,downscript=no}). An interface without an entry uses its
 *     {@code <target dev>}. libvirt passes tap fds it opened itself; Java cannot.
 */
public record LaunchContext(Path libDir, Path monitorSocket, Path masterKeyFile, String user, String path,
                            Map<String, String> tapNames) {

    public LaunchContext {
        Objects.requireNonNull(libDir, "libDir");
        Objects.requireNonNull(monitorSocket, "monitorSocket");
        Objects.requireNonNull(path, "path");
        tapNames = Map.copyOf(tapNames);
    }

    /** The layout libvirt's QEMU driver uses: {@code master-key.aes} in the lib dir, monitor socket given. */
    public static LaunchContext of(Path libDir, Path monitorSocket) {
        return new LaunchContext(libDir, monitorSocket, libDir.resolve("master-key.aes"), null,
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", Map.of());
    }

    public LaunchContext withUser(String newUser) {
        return new LaunchContext(libDir, monitorSocket, masterKeyFile, newUser, path, tapNames);
    }

    public LaunchContext withPath(String newPath) {
        return new LaunchContext(libDir, monitorSocket, masterKeyFile, user, newPath, tapNames);
    }

    public LaunchContext withTapNames(Map<String, String> names) {
        return new LaunchContext(libDir, monitorSocket, masterKeyFile, user, path, names);
    }
}
