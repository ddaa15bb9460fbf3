package org.virtd.driver.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * Where the local daemons' UNIX sockets live, and which one a local URI goes to.
 *
 * <p>libvirt's order (remote_sockets.c, mode {@code auto}): the modular daemon's socket
 * {@code virt<driver>d-sock} if it exists, else the monolithic {@code libvirt-sock}; read-only opens use the
 * {@code -sock-ro} twins, and the per-user daemon has no read-only socket. virtd adds its own daemon's socket
 * ({@code /run/virtd/libvirt-sock}: virtd keeps libvirt's socket names in its own directory) as a last
 * candidate, so {@code qemu:///system} reaches virtd when no libvirt
 * daemon runs here.
 *
 * @param system the system daemons' directory ({@code /var/run/libvirt}, spelt as libvirt's clients spell it)
 * @param user   the per-user daemon's directory ({@code $XDG_RUNTIME_DIR/libvirt})
 * @param virtd  virtd's own socket directory ({@code /run/virtd}), or null to leave it out
 */
public record SocketDirs(Path system, Path user, @Nullable Path virtd) {

    /** The defaults of this host and user. */
    public static SocketDirs defaults() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        Path userDir = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "libvirt")
                : Path.of(System.getProperty("user.home"), ".cache", "libvirt");
        return new SocketDirs(Path.of("/var/run/libvirt"), userDir, Path.of("/run/virtd"));
    }

    /** libvirt's {@code mode=} URI parameter. */
    enum Mode {
        AUTO, LEGACY, DIRECT;

        static Mode parse(@Nullable String s) {
            if (s == null) {
                return AUTO;
            }
            for (Mode m : values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return m;
                }
            }
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.INVALID_ARG, "Unknown remote mode '" + s + "'");
        }
    }

    /** Candidate sockets in preference order; the first that exists is used. */
    List<Path> candidates(String driver, boolean readOnly, boolean userDaemon, Mode mode) {
        List<Path> out = new ArrayList<>();
        Path dir = userDaemon ? user : system;
        String suffix = readOnly && !userDaemon ? "-sock-ro" : "-sock";
        if (mode != Mode.LEGACY && !driver.isEmpty() && !driver.equals("remote")) {
            out.add(dir.resolve("virt" + driver + "d" + suffix));
        }
        if (mode != Mode.DIRECT) {
            out.add(dir.resolve("libvirt" + suffix));
            if (virtd != null && !userDaemon) {
                out.add(virtd.resolve("libvirt" + suffix));
            }
        }
        return out;
    }

    /** The first existing candidate, or null when no daemon socket is present. */
    @Nullable Path existing(String driver, boolean readOnly, boolean userDaemon, Mode mode) {
        for (Path p : candidates(driver, readOnly, userDaemon, mode)) {
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    /** The socket to try when none exists: the one libvirt falls back to, so the error names the usual path. */
    Path fallback(String driver, boolean readOnly, boolean userDaemon, Mode mode) {
        Path dir = userDaemon ? user : system;
        String suffix = readOnly && !userDaemon ? "-sock-ro" : "-sock";
        boolean direct = mode == Mode.DIRECT && !driver.isEmpty() && !driver.equals("remote");
        return dir.resolve((direct ? "virt" + driver + "d" : "libvirt") + suffix);
    }
}
