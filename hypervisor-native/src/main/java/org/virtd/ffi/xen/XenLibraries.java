package org.virtd.ffi.xen;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The Xen control libraries, loaded once per process by their Debian sonames (the unversioned {@code .so} links
 * exist only with libxen-dev; the runtime package {@code libxen-4.17} has the sonames). Loading needs no
 * hypervisor: only the calls do.
 */
public final class XenLibraries {
    public static final String XENCTRL = "libxenctrl.so.4.17";
    public static final String XENLIGHT = "libxenlight.so.4.17";
    public static final String XENTOOLLOG = "libxentoollog.so.1";
    public static final String LIBC = "libc.so.6";

    /** Each binding interface and the library its functions come from. */
    public static final Map<Class<?>, String> BINDINGS = Map.of(
            XenCtrl.class, XENCTRL, XenLight.class, XENLIGHT, XenToolLog.class, XENTOOLLOG, XenLibc.class, LIBC);

    /** Where privcmd appears on a Xen host: the devtmpfs node, or xenfs mounted on /proc/xen on old kernels. */
    public static final List<Path> PRIVCMD_PATHS = List.of(Path.of("/dev/xen/privcmd"), Path.of("/proc/xen/privcmd"));

    private static volatile XenLibraries instance;

    private final XenCtrl ctrl;
    private final XenLight light;
    private final XenToolLog toolLog;
    private final XenLibc libc;
    private final Runtime runtime;

    private XenLibraries() {
        ctrl = load(XenCtrl.class);
        light = load(XenLight.class);
        toolLog = load(XenToolLog.class);
        libc = load(XenLibc.class);
        runtime = Runtime.getRuntime(ctrl);
    }

    private static <T> T load(Class<T> binding) {
        return LibraryLoader.create(binding).option(LibraryOption.SaveError, true).load(BINDINGS.get(binding));
    }

    /**
     * The loaded libraries.
     *
     * @throws UnsatisfiedLinkError when one of them is not installed
     */
    public static XenLibraries get() {
        XenLibraries l = instance;
        if (l == null) {
            synchronized (XenLibraries.class) {
                l = instance;
                if (l == null) instance = l = new XenLibraries();
            }
        }
        return l;
    }

    public XenCtrl ctrl() { return ctrl; }

    public XenLight light() { return light; }

    public XenToolLog toolLog() { return toolLog; }

    public XenLibc libc() { return libc; }

    /** The jnr runtime the structs are allocated in. */
    public Runtime runtime() { return runtime; }

    /** errno as the last bound call on this thread left it. */
    public int lastErrno() { return runtime.getLastError(); }

    /** Clears errno, so that a libxl failure that set none is not blamed on an older one. */
    public void clearErrno() { runtime.setLastError(0); }

    /** The C library's text for an errno value. */
    public String errnoText(int errno) { return libc.strerror(errno); }

    /** A NUL-terminated string in native memory, or null for a null pointer. */
    public static String string(Pointer p) {
        return p == null || p.address() == 0 ? null : p.getString(0);
    }

    /** The first privcmd device that exists: present only on a Xen host (dom0 or a driver domain). */
    public static Optional<Path> privcmd() {
        return PRIVCMD_PATHS.stream().filter(Files::exists).findFirst();
    }

    /**
     * Every bound function missing from its library, as "library: symbol", sorted; empty when all resolve. Found
     * with dlopen/dlsym, so all are named at once instead of the first failing call naming one.
     *
     * @throws UnsatisfiedLinkError when libc itself cannot be bound
     */
    public static List<String> missingSymbols() {
        XenLibc dl = load(XenLibc.class);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Class<?>, String> e : BINDINGS.entrySet()) {
            Pointer handle = dl.dlopen(e.getValue(), XenLibc.RTLD_LAZY);
            for (String symbol : functionNames(e.getKey())) {
                if (handle == null || dl.dlsym(handle, symbol) == null) missing.add(e.getValue() + ": " + symbol);
            }
            if (handle != null) dl.dlclose(handle);
        }
        missing.sort(Comparator.naturalOrder());
        return missing;
    }

    /** The C functions a binding interface declares (its abstract methods; constants and helpers excluded). */
    public static List<String> functionNames(Class<?> binding) {
        return Arrays.stream(binding.getDeclaredMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()) && !m.isSynthetic())
                .map(Method::getName).sorted().toList();
    }
}
