package org.virtd.ffi.kvm;

import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * {@code /dev/kvm} asked directly, as libvirt does before offering {@code type='kvm'}: open it and query
 * {@code KVM_GET_API_VERSION} (Linux's {@code _IO(0xAE, 0x00)}, stable at 12 since Linux 2.6.22).
 */
public final class Kvm {
    /** {@code _IO(KVMIO, 0x00)}. */
    static final long KVM_GET_API_VERSION = 0xAE00L;
    /** The only API version Linux has shipped since the interface was frozen. */
    public static final int STABLE_API_VERSION = 12;
    static final int O_RDWR = 2, O_CLOEXEC = 02000000;

    /** The C library calls this needs. */
    public interface Libc {
        int open(String path, int flags);

        /** ioctl is variadic in C; the request is an unsigned long and every KVM call here passes an argument. */
        int ioctl(int fd, @jnr.ffi.types.u_int64_t long request, long arg);

        int close(int fd);
    }

    private static volatile Libc libc;

    private Kvm() {}

    private static Libc libc() {
        Libc l = libc;
        if (l == null) {
            l = LibraryLoader.create(Libc.class).option(LibraryOption.SaveError, true)
                    .load(Platform.getNativePlatform().getStandardCLibraryName());
            libc = l;
        }
        return l;
    }

    /** What the host offers: whether /dev/kvm opens, its API version, or why not. */
    public record Status(boolean usable, int apiVersion, String problem) {}

    /** Probes {@code device} (normally {@code /dev/kvm}); never throws. */
    public static Status probe(Path device) {
        if (!Files.exists(device)) return new Status(false, -1, device + " does not exist");
        Libc c = libc();
        int fd = c.open(device.toString(), O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            return new Status(false, -1, "cannot open " + device + ": errno " + Runtime.getSystemRuntime().getLastError());
        }
        try {
            int v = c.ioctl(fd, KVM_GET_API_VERSION, 0);
            if (v < 0) return new Status(false, -1, "KVM_GET_API_VERSION failed: errno " + Runtime.getSystemRuntime().getLastError());
            if (v != STABLE_API_VERSION) return new Status(false, v, "unsupported KVM API version " + v);
            return new Status(true, v, null);
        } finally {
            c.close(fd);
        }
    }
}
