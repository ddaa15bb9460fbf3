package org.virtd.driver.xen.hv;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.virtd.ffi.xen.XcDomain;
import org.virtd.ffi.xen.XcHost;
import org.virtd.ffi.xen.XcVersion;
import org.virtd.ffi.xen.XenCallException;
import org.virtd.ffi.xen.XenControl;
import org.virtd.ffi.xen.XenLayout;
import org.virtd.ffi.xen.XenLibraries;
import org.virtd.xml.domain.Domain;

/**
 * The hypervisor backend for a real Xen host, over hypervisor-native's {@link XenControl}: libxenctrl for the
 * queries ({@code xc_version}, {@code xc_physinfo}, {@code xc_domain_getinfolist}), libxenlight for every change
 * to a domain.
 *
 * <p><b>When Xen is missing.</b> {@link #open()} fails when no privcmd device exists, or when the libraries,
 * xenctrl or libxl cannot be opened, with the message libvirt 9.0's libxl driver gives a client in that state:
 * {@value #NOT_ACTIVE}, error code {@code VIR_ERR_INTERNAL_ERROR} (1), domain {@code VIR_FROM_LIBXL}. Source:
 * {@code libxlConnectOpen} in {@code src/libxl/libxl_driver.c}, which reports it whenever
 * {@code libxlStateInitialize} skipped the driver ({@code libxlDriverShouldLoad}: not privileged, or neither
 * {@code /proc/xen/capabilities} saying "control_d" nor {@code /dev/xen/xenstored}) or failed (e.g.
 * {@code libxl_ctx_alloc} failing, which is only logged: "cannot initialize libxenlight context, probably not
 * running in a Xen Dom0, disabling driver"). virsh shows "error: internal error: libxenlight state driver is not
 * active". The exception's errno tells the steps apart: ENOENT for a missing privcmd device, ELIBACC for
 * missing libraries, else the failed open's errno.
 *
 * <p><b>Why domains are created from JSON.</b> {@code libxl_domain_config} is a large C struct (1288 bytes on
 * 4.17: nested keyed unions, bitmaps, arrays of device structs) whose layout changes between Xen releases;
 * mirroring it in Java would be fragile and bound to one version. libxl generates from its IDL a JSON
 * serialization of the same struct ({@code libxl_domain_config_from_json}/{@code _to_json}, the form xl keeps
 * a domain's configuration in), which names fields instead of placing bytes, is stable across releases, and
 * leaves every field it does not mention at libxl's default. {@link LibxlDomainConfig} writes that JSON; Java
 * only allocates the struct's size.
 *
 * <p>Errors: {@link XenHypervisorException#errno()} is Xen's errno name (ESRCH, ENOMEM, EINVAL, EPERM, ...), with
 * libxl's codes translated where they have an errno meaning ({@link org.virtd.ffi.xen.XenErrors}).
 * Thread-safe, as {@link XenControl} is.
 */
public final class NativeXenHypervisor implements XenHypervisor {
    /** libvirt's text for a libxl driver that did not start (see the class comment). */
    static final String NOT_ACTIVE = "libxenlight state driver is not active";

    private static final int GETINFO_BATCH = 256;
    private static final int PAGE_TO_KIB_SHIFT = XenLayout.XC_PAGE_SHIFT - 10;

    private final XenControl xen;

    private NativeXenHypervisor(XenControl xen) {
        this.xen = xen;
    }

    /**
     * Connects to the hypervisor of this host.
     *
     * @throws XenHypervisorException {@value #NOT_ACTIVE} when this is not a Xen host (see the class comment)
     */
    public static NativeXenHypervisor open() throws XenHypervisorException {
        if (XenLibraries.privcmd().isEmpty()) {
            throw new XenHypervisorException("ENOENT", NOT_ACTIVE);
        }
        try {
            return new NativeXenHypervisor(XenControl.open());
        } catch (XenCallException e) {
            throw new XenHypervisorException(e.errnoName(), NOT_ACTIVE, e);
        }
    }

    @Override
    public String kind() {
        return "native";
    }

    @Override
    public XenVersion version() throws XenHypervisorException {
        XcVersion v = call(xen::version);
        return new XenVersion(v.major(), v.minor(), v.extra(), v.capabilities());
    }

    /** Sockets derived from the CPU count, as Xen reports no socket count of its own. */
    @Override
    public PhysInfo physinfo() throws XenHypervisorException {
        XcHost h = call(xen::physinfo);
        int perSocket = h.coresPerSocket() * h.threadsPerCore();
        int sockets = perSocket > 0 ? Math.max(1, h.nrCpus() / perSocket) : 1;
        return new PhysInfo(h.nrCpus(), h.cpuKhz() / 1000, h.nrNodes(), sockets, h.coresPerSocket(),
                h.threadsPerCore(), h.totalPages() << PAGE_TO_KIB_SHIFT, h.freePages() << PAGE_TO_KIB_SHIFT,
                (h.capabilities() & XenLayout.XEN_SYSCTL_PHYSCAP_HVM) != 0);
    }

    @Override
    public List<DomainInfo> domains() throws XenHypervisorException {
        List<DomainInfo> all = new ArrayList<>();
        int first = 0;
        while (true) {
            int from = first;
            List<XcDomain> batch = call(() -> xen.domainInfoList(from, GETINFO_BATCH));
            batch.forEach(d -> all.add(toDomainInfo(d)));
            if (batch.size() < GETINFO_BATCH) return all;
            first = batch.get(batch.size() - 1).domid() + 1;
        }
    }

    @Override
    public Optional<DomainInfo> domain(int domid) throws XenHypervisorException {
        // getinfolist starts at the first domain >= domid: another id means there is none with this one.
        return call(() -> xen.domainInfoList(domid, 1)).stream().filter(d -> d.domid() == domid)
                .map(NativeXenHypervisor::toDomainInfo).findFirst();
    }

    /** Decodes Xen's flags as {@code xc_domain_getinfo} does: "crashed" is a shutdown with code SHUTDOWN_crash. */
    static DomainInfo toDomainInfo(XcDomain d) {
        int flags = d.flags();
        boolean shutdown = (flags & XenLayout.XEN_DOMINF_SHUTDOWN) != 0;
        ShutdownReason reason = shutdown
                ? ShutdownReason.of(flags >>> XenLayout.XEN_DOMINF_SHUTDOWNSHIFT & XenLayout.XEN_DOMINF_SHUTDOWNMASK)
                : null;
        ByteBuffer handle = ByteBuffer.wrap(d.handle());
        return new DomainInfo(d.domid(), new UUID(handle.getLong(), handle.getLong()),
                (flags & XenLayout.XEN_DOMINF_DYING) != 0, reason == ShutdownReason.CRASH, shutdown,
                (flags & XenLayout.XEN_DOMINF_PAUSED) != 0, (flags & XenLayout.XEN_DOMINF_BLOCKED) != 0,
                (flags & XenLayout.XEN_DOMINF_RUNNING) != 0, reason, d.totPages() << PAGE_TO_KIB_SHIFT,
                d.maxPages() << PAGE_TO_KIB_SHIFT, d.nrOnlineVcpus(), d.maxVcpuId(), d.cpuTimeNs());
    }

    /** libxl creates domains paused; unpaused here unless asked not to, as libvirt's libxl driver and xl do. */
    @Override
    public int create(Domain definition, boolean paused) throws XenHypervisorException {
        String json = LibxlDomainConfig.toJson(definition);
        int domid = call(() -> xen.createDomain(json));
        if (!paused) {
            try {
                xen.unpause(domid);
            } catch (XenCallException e) {
                // A domain that cannot run is not left behind half-started.
                try {
                    xen.destroy(domid);
                } catch (XenCallException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw translate(e);
            }
        }
        return domid;
    }

    @Override
    public void destroy(int domid) throws XenHypervisorException {
        run(() -> xen.destroy(domid));
    }

    @Override
    public void pause(int domid) throws XenHypervisorException {
        run(() -> xen.pause(domid));
    }

    @Override
    public void unpause(int domid) throws XenHypervisorException {
        run(() -> xen.unpause(domid));
    }

    @Override
    public void requestShutdown(int domid, ShutdownReason reason) throws XenHypervisorException {
        switch (reason) {
            case POWEROFF -> run(() -> xen.shutdown(domid));
            case REBOOT -> run(() -> xen.reboot(domid));
            default -> throw new XenHypervisorException("EINVAL",
                    "a guest can only be asked to power off or reboot, not '" + reason.controlWord() + "'");
        }
    }

    /** Through libxl_domain_setmaxmem, which also keeps XenStore's {@code memory/static-max} in step. */
    @Override
    public void setMaxMemory(int domid, long kib) throws XenHypervisorException {
        run(() -> xen.setMaxMemory(domid, kib));
    }

    /** Enforced (the hypervisor limit follows the target), as libvirt's libxl driver sets it. */
    @Override
    public void setTargetMemory(int domid, long kib) throws XenHypervisorException {
        run(() -> xen.setMemoryTarget(domid, kib, true));
    }

    @Override
    public void setVcpus(int domid, int count) throws XenHypervisorException {
        run(() -> xen.setVcpusOnline(domid, count));
    }

    @Override
    public void close() {
        xen.close();
    }

    private interface Call<T> {
        T get() throws XenCallException;
    }

    private interface Action {
        void run() throws XenCallException;
    }

    private static <T> T call(Call<T> c) throws XenHypervisorException {
        try {
            return c.get();
        } catch (XenCallException e) {
            throw translate(e);
        }
    }

    private static void run(Action a) throws XenHypervisorException {
        call(() -> {
            a.run();
            return null;
        });
    }

    private static XenHypervisorException translate(XenCallException e) {
        return new XenHypervisorException(e.errnoName(), e.getMessage(), e);
    }
}
