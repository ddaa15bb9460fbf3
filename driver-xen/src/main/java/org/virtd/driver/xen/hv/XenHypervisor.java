package org.virtd.driver.xen.hv;

import java.util.List;
import java.util.Optional;
import org.virtd.xml.domain.Domain;

/**
 * What the Xen driver needs from a hypervisor: the calls libxenctrl and libxl make on a real host, which the
 * native backend binds and the simulated one models. Domain ids are Xen's (0 is Domain-0, which every backend
 * lists). Memory is in KiB, CPU time in nanoseconds, as Xen reports them.
 *
 * <p>Errors are {@link XenHypervisorException}s carrying Xen's errno name and text, which the driver maps to
 * libvirt's errors.
 */
public interface XenHypervisor extends AutoCloseable {

    /** "native" or "sim": shown in capabilities and logs so a simulated host is never mistaken for a real one. */
    String kind();

    /** Xen's version and its capabilities string ({@code xc_version}: XENVER_version, extraversion, capabilities). */
    XenVersion version() throws XenHypervisorException;

    /** {@code xc_physinfo}: CPUs, clock, memory, NUMA nodes, HVM support. */
    PhysInfo physinfo() throws XenHypervisorException;

    /** Every domain the hypervisor has, Domain-0 first, in domain-id order ({@code xc_domain_getinfolist}). */
    List<DomainInfo> domains() throws XenHypervisorException;

    /** One domain, or empty when there is none with that id. */
    Optional<DomainInfo> domain(int domid) throws XenHypervisorException;

    /**
     * Builds and creates a domain from its definition (libxl_domain_create_new), paused or running. Memory that
     * does not fit fails with Xen's ENOMEM. Returns the new domain's id.
     */
    int create(Domain definition, boolean paused) throws XenHypervisorException;

    /** Kills a domain at once (libxl_domain_destroy); its id is released when it has finished dying. */
    void destroy(int domid) throws XenHypervisorException;

    void pause(int domid) throws XenHypervisorException;

    void unpause(int domid) throws XenHypervisorException;

    /**
     * Asks the guest to power off or reboot (libxl_domain_shutdown / libxl_domain_reboot: {@code control/shutdown}
     * in XenStore); returns once asked. The guest may comply or not.
     */
    void requestShutdown(int domid, ShutdownReason reason) throws XenHypervisorException;

    /** xc_domain_setmaxmem. */
    void setMaxMemory(int domid, long kib) throws XenHypervisorException;

    /** The balloon target (libxl_set_memory_target, absolute). */
    void setTargetMemory(int domid, long kib) throws XenHypervisorException;

    /** Online vCPUs (libxl_set_vcpuonline). */
    void setVcpus(int domid, int count) throws XenHypervisorException;

    /**
     * Writes a running domain's image to {@code out} (libxl_domain_suspend), leaving the domain suspended for the
     * caller to destroy.
     */
    default void save(int domid, java.io.OutputStream out) throws XenHypervisorException {
        throw new XenHypervisorException("ENOSYS", "saving domains is not supported by the " + kind() + " backend");
    }

    /** Creates a domain from an image {@link #save} wrote (libxl_domain_create_restore); returns its id. */
    default int restore(Domain definition, java.io.InputStream in, boolean paused) throws XenHypervisorException {
        throw new XenHypervisorException("ENOSYS", "restoring domains is not supported by the " + kind() + " backend");
    }

    /**
     * Registers {@code listener} to run (on some other thread) whenever a domain changes state by itself: shuts
     * down, crashes, dies. The native backend relies on XenStore's {@code @releaseDomain} instead and keeps this
     * default, which never calls.
     */
    default void watchDomainChanges(Runnable listener) { }

    @Override
    void close();
}
