package org.virtd.ffi.xen;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * An open connection to the hypervisor through both libraries: a toollog logger writing warnings to stderr, an
 * {@code xc_interface} for queries and a {@code libxl_ctx} for everything that changes a domain (so XenStore,
 * devices and libxl's bookkeeping stay as xl would leave them). Plain Java in and out: callers never see jnr.
 *
 * <p>Thread-safe: the xenctrl handle is opened reentrant, libxl locks its context internally, and every call
 * allocates its own native memory. libxl calls pass a null {@code ao_how}, so each returns when its operation
 * has finished.
 */
public final class XenControl implements AutoCloseable {
    private static final int STDERR = 2;

    private final XenLibraries xen;
    private final Runtime runtime;
    private final Pointer logger;
    private final Pointer xch;
    private final Pointer ctx;
    private boolean closed;

    private XenControl(XenLibraries xen, Pointer logger, Pointer xch, Pointer ctx) {
        this.xen = xen;
        this.runtime = xen.runtime();
        this.logger = logger;
        this.xch = xch;
        this.ctx = ctx;
    }

    /**
     * Loads the libraries and opens xenctrl and a libxl context.
     *
     * @throws XenCallException ELIBACC when a library is missing; otherwise the errno of the failed open
     *                          (ENOENT without privcmd, EACCES/EPERM without privilege)
     */
    public static XenControl open() throws XenCallException {
        XenLibraries xen;
        try {
            xen = XenLibraries.get();
        } catch (UnsatisfiedLinkError e) {
            throw new XenCallException("ELIBACC", "the Xen 4.17 libraries cannot be loaded: " + e.getMessage(),
                    e);
        }
        Pointer stderr = xen.libc().fdopen(STDERR, "w");
        Pointer logger = stderr == null ? null
                : xen.toolLog().xtl_createlogger_stdiostream(stderr, XenLayout.XTL_WARN, 0);
        xen.clearErrno();
        Pointer xch = xen.ctrl().xc_interface_open(logger, logger, 0);
        if (xch == null) {
            XenCallException e = errnoFailure(xen, "xc_interface_open", -1);
            if (logger != null) xen.toolLog().xtl_logger_destroy(logger);
            throw e;
        }
        PointerByReference ctxRef = new PointerByReference();
        xen.clearErrno();
        int rc = xen.light().libxl_ctx_alloc(ctxRef, XenLayout.LIBXL_VERSION, 0, logger);
        if (rc != 0) {
            XenCallException e = libxlFailure(xen, "libxl_ctx_alloc", -1, rc);
            xen.ctrl().xc_interface_close(xch);
            if (logger != null) xen.toolLog().xtl_logger_destroy(logger);
            throw e;
        }
        return new XenControl(xen, logger, xch, ctxRef.getValue());
    }

    /** {@code xc_version}: XENVER_version, XENVER_extraversion, XENVER_capabilities. */
    public XcVersion version() throws XenCallException {
        xen.clearErrno();
        int v = xen.ctrl().xc_version(xch, XenLayout.XENVER_VERSION, null);
        if (v < 0) throw errnoFailure(xen, "xc_version", -1);
        return new XcVersion(v >>> 16, v & 0xffff,
                versionString(XenLayout.XENVER_EXTRAVERSION, XenLayout.XEN_EXTRAVERSION_LEN),
                versionString(XenLayout.XENVER_CAPABILITIES, XenLayout.XEN_CAPABILITIES_INFO_LEN));
    }

    private String versionString(int cmd, int size) throws XenCallException {
        Pointer buf = Memory.allocateDirect(runtime, size, true);
        xen.clearErrno();
        if (xen.ctrl().xc_version(xch, cmd, buf) < 0) throw errnoFailure(xen, "xc_version", -1);
        byte[] bytes = new byte[size];
        buf.get(0, bytes, 0, size);
        int len = 0;
        while (len < size && bytes[len] != 0) len++;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }

    /** {@code xc_physinfo}. */
    public XcHost physinfo() throws XenCallException {
        XcPhysInfo p = new XcPhysInfo(runtime);
        Pointer mem = allocate(p);
        xen.clearErrno();
        if (xen.ctrl().xc_physinfo(xch, mem) != 0) throw errnoFailure(xen, "xc_physinfo", -1);
        return new XcHost((int) p.nrCpus.get(), (int) p.threadsPerCore.get(), (int) p.coresPerSocket.get(),
                (int) p.nrNodes.get(), (int) p.cpuKhz.get(), (int) p.capabilities.get(), p.totalPages.get(),
                p.freePages.get());
    }

    /** {@code xc_domain_getinfolist}: up to {@code max} domains with id >= {@code first}, in id order. */
    public List<XcDomain> domainInfoList(int first, int max) throws XenCallException {
        int size = Struct.size(XcDomainInfo.class, runtime);
        Pointer buf = Memory.allocateDirect(runtime, (long) size * max, true);
        xen.clearErrno();
        int n = xen.ctrl().xc_domain_getinfolist(xch, first, max, buf);
        if (n < 0) throw errnoFailure(xen, "xc_domain_getinfolist", first);
        return decodeDomains(runtime, buf, n);
    }

    /** The first {@code n} elements of an {@code xc_domaininfo_t} array. */
    static List<XcDomain> decodeDomains(Runtime runtime, Pointer buf, int n) {
        int size = Struct.size(XcDomainInfo.class, runtime);
        List<XcDomain> out = new ArrayList<>(n);
        XcDomainInfo d = new XcDomainInfo(runtime);
        for (int i = 0; i < n; i++) {
            d.useMemory(buf.slice((long) i * size, size));
            out.add(new XcDomain(d.domain.get(), (int) d.flags.get(), d.totPages.get(), d.maxPages.get(),
                    d.cpuTime.get(), (int) d.nrOnlineVcpus.get(), (int) d.maxVcpuId.get(), d.handleBytes()));
        }
        return out;
    }

    /**
     * {@code libxl_domain_config_from_json} then {@code libxl_domain_create_new}: the domain exists, paused,
     * when this returns its id.
     *
     * @throws XenCallException EINVAL when libxl does not accept the JSON
     */
    public int createDomain(String libxlJson) throws XenCallException {
        Pointer config = Memory.allocateDirect(runtime, XenLayout.LIBXL_DOMAIN_CONFIG_SIZE, true);
        xen.light().libxl_domain_config_init(config);
        try {
            xen.clearErrno();
            int rc = xen.light().libxl_domain_config_from_json(ctx, config, libxlJson);
            if (rc != 0) {
                throw new XenCallException("EINVAL", "libxl_domain_config_from_json failed: "
                        + XenErrors.libxlErrorName(rc), null);
            }
            IntByReference domid = new IntByReference();
            libxl("libxl_domain_create_new", -1,
                    () -> xen.light().libxl_domain_create_new(ctx, config, domid, null, null));
            return domid.getValue();
        } finally {
            xen.light().libxl_domain_config_dispose(config);
        }
    }

    public void destroy(int domid) throws XenCallException {
        libxl("libxl_domain_destroy", domid, () -> xen.light().libxl_domain_destroy(ctx, domid, null));
    }

    public void pause(int domid) throws XenCallException {
        libxl("libxl_domain_pause", domid, () -> xen.light().libxl_domain_pause(ctx, domid, null));
    }

    public void unpause(int domid) throws XenCallException {
        libxl("libxl_domain_unpause", domid, () -> xen.light().libxl_domain_unpause(ctx, domid, null));
    }

    /** Asks the guest to power off ({@code libxl_domain_shutdown}). */
    public void shutdown(int domid) throws XenCallException {
        libxl("libxl_domain_shutdown", domid, () -> xen.light().libxl_domain_shutdown(ctx, domid, null));
    }

    /** Asks the guest to reboot ({@code libxl_domain_reboot}). */
    public void reboot(int domid) throws XenCallException {
        libxl("libxl_domain_reboot", domid, () -> xen.light().libxl_domain_reboot(ctx, domid, null));
    }

    /** {@code libxl_domain_setmaxmem}: the hypervisor limit and XenStore's {@code memory/static-max}. */
    public void setMaxMemory(int domid, long kib) throws XenCallException {
        libxl("libxl_domain_setmaxmem", domid, () -> xen.light().libxl_domain_setmaxmem(ctx, domid, kib));
    }

    /** {@code libxl_set_memory_target}, absolute; {@code enforce} moves the hypervisor limit with it. */
    public void setMemoryTarget(int domid, long kib, boolean enforce) throws XenCallException {
        libxl("libxl_set_memory_target", domid,
                () -> xen.light().libxl_set_memory_target(ctx, domid, kib, 0, enforce ? 1 : 0));
    }

    /** {@code libxl_set_vcpuonline} with vCPUs 0 .. count-1 set; libxl refuses more than the domain's maximum. */
    public void setVcpusOnline(int domid, int count) throws XenCallException {
        if (count < 1) throw new XenCallException("EINVAL", "at least one vcpu must stay online: " + count,
                null);
        int bytes = (count + 7) / 8;
        Pointer map = Memory.allocateDirect(runtime, bytes, true);
        for (int i = 0; i < count; i++) {
            map.putByte(i / 8, (byte) (map.getByte(i / 8) | (1 << (i % 8))));
        }
        LibxlBitmap bitmap = new LibxlBitmap(runtime);
        Pointer mem = allocate(bitmap);
        bitmap.size.set(bytes);
        bitmap.map.set(map);
        try {
            libxl("libxl_set_vcpuonline", domid, () -> xen.light().libxl_set_vcpuonline(ctx, domid, mem, null));
        } finally {
            // Only the bitmap struct refers to the bits: keep their memory from being freed during the call.
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        xen.light().libxl_ctx_free(ctx);
        xen.ctrl().xc_interface_close(xch);
        // The logger's FILE is stderr itself: destroying the logger flushes it and leaves fd 2 open.
        if (logger != null) xen.toolLog().xtl_logger_destroy(logger);
    }

    private Pointer allocate(Struct s) {
        Pointer mem = Memory.allocateDirect(runtime, Struct.size(s), true);
        s.useMemory(mem);
        return mem;
    }

    /** Runs one libxl call with errno cleared first, so a failure's errno is the call's own. */
    private void libxl(String call, int domid, IntSupplier op) throws XenCallException {
        xen.clearErrno();
        int rc = op.getAsInt();
        if (rc != 0) throw libxlFailure(xen, call, domid, rc);
    }

    private static XenCallException errnoFailure(XenLibraries xen, String call, int domid) {
        int errno = xen.lastErrno();
        return new XenCallException(XenErrors.errnoName(errno),
                call + " failed" + target(domid) + ": " + xen.errnoText(errno), null);
    }

    private static XenCallException libxlFailure(XenLibraries xen, String call, int domid, int rc) {
        String name = XenErrors.libxlErrnoEquivalent(rc);
        int errno = xen.lastErrno();
        if (name == null) name = errno != 0 ? XenErrors.errnoName(errno) : XenErrors.libxlErrorName(rc);
        return new XenCallException(name, call + " failed" + target(domid) + ": " + XenErrors.libxlErrorName(rc),
                null);
    }

    private static String target(int domid) {
        return domid < 0 ? "" : " for domain " + domid;
    }
}
