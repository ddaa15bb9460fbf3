package org.virtd.driver.xen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainEventListener;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainState;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.Flags;
import org.virtd.api.NodeInfo;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.support.PooledDomainDriver;
import org.virtd.driver.spi.support.DomainObject;
import org.virtd.driver.spi.support.FlagCheck;
import org.virtd.driver.xen.hv.PhysInfo;
import org.virtd.driver.xen.hv.ShutdownReason;
import org.virtd.driver.xen.hv.XenHypervisorException;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Vcpu;

/**
 * One connection to {@code xen:///system}. Behaviour, errors and flags follow libvirt 9.0's libxl driver; the C
 * function names in "unsupported flags" errors are libvirt's, because clients see them.
 */
final class XenConnection extends PooledDomainDriver<Domain> {
    private static final VirErrorDomain FROM = XenDriverState.FROM;
    private static final int XML_FLAGS = Flags.XML_SECURE | Flags.XML_INACTIVE | Flags.XML_UPDATE_CPU | Flags.XML_MIGRATABLE;
    private static final int SHUTDOWN_ACPI = 1, SHUTDOWN_PARAVIRT = 16;

    private final XenDriverState state;

    XenConnection(XenDriverState state, String uri) {
        super(state.domains, state.events, XenDriverState.FROM, "libxl", uri);
        this.state = state;
    }

    @Override
    public String name() { return "xen"; }

    // ---- host -------------------------------------------------------------------------------------------------

    @Override
    public String connectGetType() { return "Xen"; }

    @Override
    public long connectGetVersion() {
        try {
            return state.hv.version().asLibvirtNumber();
        } catch (XenHypervisorException e) {
            throw hvError(e);
        }
    }

    @Override
    public String connectGetHostname() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String connectGetCapabilities() {
        try {
            return XenCapabilities.format(state.hv.version(), state.hv.physinfo(), state.hv.kind().equals("sim"));
        } catch (XenHypervisorException e) {
            throw hvError(e);
        }
    }

    @Override
    public int connectGetMaxVcpus(@Nullable String type) { return physinfo().cpus(); }

    @Override
    public String connectGetDomainCapabilities(@Nullable String emulatorBin, @Nullable String arch,
                                               @Nullable String machine, @Nullable String virtType, int flags) {
        FlagCheck.check(flags, 0, "libxlConnectGetDomainCapabilities", FROM);
        return XenDomainCapabilities.format(emulatorBin, arch, machine, virtType);
    }

    @Override
    public NodeInfo nodeGetInfo() {
        PhysInfo p = physinfo();
        return new NodeInfo("x86_64", p.totalMemoryKib(), p.cpus(), p.cpuMhz(), p.nodes(), 1, p.coresPerSocket(),
                p.threadsPerCore());
    }

    @Override
    public long nodeGetFreeMemory() { return physinfo().freeMemoryKib() * 1024; }

    private PhysInfo physinfo() {
        try {
            return state.hv.physinfo();
        } catch (XenHypervisorException e) {
            throw hvError(e);
        }
    }

    private static VirException hvError(XenHypervisorException e) {
        return VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, e.getMessage());
    }

    // ---- native formats --------------------------------------------------------------------------------------

    /** The one native format this driver converts: xend's S-expressions (xl and xm come later). */
    private static final String SXPR = "xen-sxpr";

    @Override
    public String connectDomainXmlFromNative(String nativeFormat, String nativeConfig, int flags) {
        FlagCheck.check(flags, 0, "libxlConnectDomainXMLFromNative", FROM);
        if (!SXPR.equals(nativeFormat)) {
            throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "unsupported config type " + nativeFormat);
        }
        try {
            return DomainXml.format(org.virtd.driver.xen.sxp.XenSxpr.parseLenient(nativeConfig));
        } catch (org.virtd.driver.xen.sxp.SxprException e) {
            throw VirException.of(FROM, VirErrorCode.CONF_SYNTAX, e.getMessage());
        }
    }

    @Override
    public String connectDomainXmlToNative(String nativeFormat, String domainXml, int flags) {
        FlagCheck.check(flags, 0, "libxlConnectDomainXMLToNative", FROM);
        if (!SXPR.equals(nativeFormat)) {
            throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "unsupported config type " + nativeFormat);
        }
        Domain def = XenDriverState.parse(domainXml);
        try {
            return org.virtd.driver.xen.sxp.XenSxpr.format(def);
        } catch (org.virtd.driver.xen.sxp.SxprException e) {
            throw VirException.of(FROM, VirErrorCode.CONFIG_UNSUPPORTED, e.getMessage());
        }
    }

    // ---- lists and lookups -------------------------------------------------------------------------------------

    @Override
    public DomainRef domainLookupById(int id) { return found(state.domains.findById(id)).ref(); }

    @Override
    public DomainRef domainLookupByName(String name) { return found(state.domains.findByName(name)).ref(); }

    @Override
    public DomainRef domainLookupByUuid(UUID uuid) { return found(state.domains.findByUuid(uuid)).ref(); }

    private static DomainObject<Domain> found(DomainObject<Domain> o) {
        if (o == null) throw VirException.of(FROM, VirErrorCode.NO_DOMAIN, null);
        return o;
    }

    private DomainObject<Domain> object(DomainRef ref) {
        return state.domains.require(ref, FROM);
    }

    /** Runs {@code body} holding the host lock and the domain's lock (state changes). */
    private <T> T write(DomainRef ref, Function<DomainObject<Domain>, T> body) {
        return state.domains.write(state.lock, ref, FROM, body);
    }

    private static void notDomain0(DomainObject<Domain> obj) {
        if (obj.name().equals(XenDriverState.DOM0)) {
            throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "Domain-0 does not support requested operation");
        }
    }

    private static void active(DomainObject<Domain> obj) {
        if (!obj.isActive()) throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
    }

    // ---- definitions ---------------------------------------------------------------------------------------------

    @Override
    public DomainRef domainDefineXml(String xml) { return define(xml, 0); }

    @Override
    public DomainRef domainDefineXmlFlags(String xml, int flags) { return define(xml, flags); }

    private DomainRef define(String xml, int flags) {
        FlagCheck.check(flags, Flags.DEFINE_VALIDATE, "libxlDomainDefineXMLFlags", FROM);
        Domain def = XenDriverState.parse(xml, (flags & Flags.DEFINE_VALIDATE) != 0);
        checkXenType(def);
        return definePersistent(def, def.name, UUID.fromString(def.uuid), state.lock, state::saveDefinition);
    }

    /** The driver takes domains of type xen only, as libvirt's domain-type check for this driver does. */
    private static void checkXenType(Domain def) {
        if (!"xen".equals(def.type)) {
            throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.CONFIG_UNSUPPORTED,
                    "invalid domain type " + def.type);
        }
    }

    @Override
    public DomainRef domainCreateXml(String xml, int flags) {
        FlagCheck.check(flags, Flags.START_PAUSED | Flags.START_VALIDATE, "libxlDomainCreateXML", FROM);
        Domain def = XenDriverState.parse(xml, (flags & Flags.START_VALIDATE) != 0);
        checkXenType(def);
        state.lock.lock();
        try {
            return state.domains.addLive(def.name, UUID.fromString(def.uuid), def,
                    obj -> state.startDomain(obj, (flags & Flags.START_PAUSED) != 0)).ref();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void domainCreate(DomainRef dom) { domainCreateWithFlags(dom, 0); }

    @Override
    public DomainRef domainCreateWithFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, Flags.START_PAUSED, "libxlDomainCreateWithFlags", FROM);
        return write(dom, obj -> {
            if (obj.isActive()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "Domain is already running");
            }
            state.startDomain(obj, (flags & Flags.START_PAUSED) != 0);
            return obj.ref();
        });
    }

    @Override
    public void domainUndefine(DomainRef dom) { domainUndefineFlags(dom, 0); }

    @Override
    public void domainUndefineFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, Flags.UNDEFINE_MANAGED_SAVE, "libxlDomainUndefineFlags", FROM);
        write(dom, obj -> {
            if (!obj.isPersistent()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot undefine transient domain");
            }
            if (obj.hasManagedSave()) {
                if ((flags & Flags.UNDEFINE_MANAGED_SAVE) == 0) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                            "Refusing to undefine while domain managed save image exists");
                }
                try {
                    java.nio.file.Files.deleteIfExists(state.managedSavePath(obj.name()));
                } catch (IOException e) {
                    throw org.virtd.driver.spi.support.SystemErrors.of(FROM, e, "Failed to remove domain managed save image '"
                            + state.managedSavePath(obj.name()) + "'");
                }
                obj.setHasManagedSave(false);
            }
            try {
                state.pool.delete(obj.uuid());
            } catch (IOException e) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "cannot remove the definition of '"
                        + obj.name() + "': " + e.getMessage());
            }
            forgetDefinition(obj);
            return null;
        });
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    @Override
    public void domainDestroy(DomainRef dom) { domainDestroyFlags(dom, 0); }

    @Override
    public void domainDestroyFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "libxlDomainDestroyFlags", FROM);
        write(dom, obj -> {
            notDomain0(obj);
            active(obj);
            hv(() -> state.hv.destroy(obj.id()), "Failed to destroy domain '" + obj.id() + "'");
            state.stopped(obj, XenDriverState.SHUTOFF_DESTROYED, XenDriverState.STOPPED_DESTROYED);
            return null;
        });
    }

    @Override
    public void domainShutdown(DomainRef dom) { domainShutdownFlags(dom, 0); }

    @Override
    public void domainShutdownFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, SHUTDOWN_ACPI | SHUTDOWN_PARAVIRT, "libxlDomainShutdownFlags", FROM);
        requestShutdown(dom, ShutdownReason.POWEROFF, "shutdown");
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        FlagCheck.check(flags, SHUTDOWN_PARAVIRT, "libxlDomainReboot", FROM);
        requestShutdown(dom, ShutdownReason.REBOOT, "reboot");
    }

    /** Asks the guest to power off or reboot; it acts (or not) by itself, and the reaper notices. */
    private void requestShutdown(DomainRef dom, ShutdownReason reason, String verb) {
        read(dom, obj -> {
            notDomain0(obj);
            active(obj);
            hv(() -> state.hv.requestShutdown(obj.id(), reason),
                    "Failed to " + verb + " domain '" + obj.id() + "' with libxenlight");
            return null;
        });
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        write(dom, obj -> {
            notDomain0(obj);
            active(obj);
            if (obj.state() != DomainState.PAUSED) {
                hv(() -> state.hv.pause(obj.id()), "Failed to suspend domain '" + obj.id() + "' with libxenlight");
                obj.setState(DomainState.PAUSED, XenDriverState.PAUSED_USER);
                state.lifecycle(obj, DomainEvent.Lifecycle.SUSPENDED, 0);
            }
            return null;
        });
    }

    @Override
    public void domainResume(DomainRef dom) {
        write(dom, obj -> {
            notDomain0(obj);
            active(obj);
            if (obj.state() == DomainState.PAUSED) {
                hv(() -> state.hv.unpause(obj.id()), "Failed to resume domain '" + obj.id() + "' with libxenlight");
                obj.setState(DomainState.RUNNING, XenDriverState.RUNNING_UNPAUSED);
                state.lifecycle(obj, DomainEvent.Lifecycle.RESUMED, 0);
            }
            return null;
        });
    }

    // ---- save and restore ---------------------------------------------------------------------------------------

    @Override
    public void domainSave(DomainRef dom, String path) { domainSaveFlags(dom, path, null, 0); }

    @Override
    public void domainSaveFlags(DomainRef dom, String path, @Nullable String dxml, int flags) {
        FlagCheck.check(flags, 0, "libxlDomainSaveFlags", FROM);
        if (dxml != null) throw VirException.of(FROM, VirErrorCode.ARGUMENT_UNSUPPORTED, "xml modification unsupported");
        write(dom, obj -> {
            notDomain0(obj);
            active(obj);
            state.saveDomain(obj, java.nio.file.Path.of(path), false);
            return null;
        });
    }

    @Override
    public void domainRestore(String path) { domainRestoreFlags(path, null, 0); }

    @Override
    public void domainRestoreFlags(String path, @Nullable String dxml, int flags) {
        FlagCheck.check(flags, Flags.SAVE_PAUSED, "libxlDomainRestoreFlags", FROM);
        if (dxml != null) throw VirException.of(FROM, VirErrorCode.ARGUMENT_UNSUPPORTED, "xml modification unsupported");
        java.nio.file.Path from = java.nio.file.Path.of(path);
        String xml;
        try (var in = java.nio.file.Files.newInputStream(from)) {
            xml = XenSaveImage.readHeader(in);
        } catch (IOException e) {
            throw org.virtd.driver.spi.support.SystemErrors.of(FROM, e, "Failed to open domain image file '" + path + "'");
        }
        Domain def = XenDriverState.parse(xml);
        state.lock.lock();
        try {
            state.domains.addLive(def.name, UUID.fromString(def.uuid), def,
                    obj -> state.restoreDomain(obj, from, (flags & Flags.SAVE_PAUSED) != 0));
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void domainManagedSave(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "libxlDomainManagedSave", FROM);
        write(dom, obj -> {
            notDomain0(obj);
            active(obj);
            if (!obj.isPersistent()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot do managed save for transient domain");
            }
            state.saveDomain(obj, state.managedSavePath(obj.name()), true);
            return null;
        });
    }

    @Override
    public void domainManagedSaveRemove(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "libxlDomainManagedSaveRemove", FROM);
        write(dom, obj -> {
            try {
                java.nio.file.Files.deleteIfExists(state.managedSavePath(obj.name()));
            } catch (IOException e) {
                throw org.virtd.driver.spi.support.SystemErrors.of(FROM, e, "Failed to remove managed save file '"
                        + state.managedSavePath(obj.name()) + "'");
            }
            obj.setHasManagedSave(false);
            return null;
        });
    }

    // ---- queries ---------------------------------------------------------------------------------------------

    @Override
    public DomainInfo domainGetInfo(DomainRef dom) {
        return read(dom, obj -> {
            Domain d = obj.def();
            long maxMem = ScaledInteger.kibValue(d.memory);
            long mem = d.currentMemory != null ? ScaledInteger.kibValue(d.currentMemory) : maxMem;
            long cpu = 0;
            if (obj.isActive()) {
                Optional<org.virtd.driver.xen.hv.DomainInfo> info = hvInfo(obj);
                if (info.isPresent()) {
                    cpu = info.get().cpuTimeNs();
                    mem = info.get().memoryKib();
                    if (obj.id() == 0) maxMem = info.get().maxMemoryKib();
                }
            }
            return new DomainInfo(obj.state().wireValue(), maxMem, mem, Vcpu.online(d.vcpu), cpu);
        });
    }

    private Optional<org.virtd.driver.xen.hv.DomainInfo> hvInfo(DomainObject<Domain> obj) {
        try {
            return state.hv.domain(obj.id());
        } catch (XenHypervisorException e) {
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "libxl_domain_info failed for domain '" + obj.id() + "'");
        }
    }

    @Override
    public String domainGetXmlDesc(DomainRef dom, int flags) {
        FlagCheck.check(flags, XML_FLAGS, "libxlDomainGetXMLDesc", FROM);
        return read(dom, obj -> {
            boolean inactive = (flags & Flags.XML_INACTIVE) != 0;
            Domain d = inactive && obj.newDef() != null ? obj.newDef() : obj.def();
            Integer saved = d.id;
            d.id = !inactive && obj.isActive() && d == obj.def() ? obj.id() : null;
            try {
                return DomainXml.format(d);
            } finally {
                d.id = saved;
            }
        });
    }

    @Override
    public String domainGetOsType(DomainRef dom) {
        // libvirt takes the legacy "linux" of Xen guests as "xen" (and still writes "linux" in their XML).
        return read(dom, obj -> {
            String t = obj.def().os != null && obj.def().os.type != null ? obj.def().os.type.value : null;
            return t == null || t.equals("linux") ? "xen" : t;
        });
    }

    @Override
    public long domainGetMaxMemory(DomainRef dom) { return read(dom, obj -> ScaledInteger.kibValue(obj.def().memory)); }

    @Override
    public void domainSetAutostart(DomainRef dom, boolean autostart) {
        write(dom, obj -> {
            if (!obj.isPersistent()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot set autostart for transient domain");
            }
            if (obj.isAutostart() != autostart) {
                try {
                    state.pool.setAutostart(obj.uuid(), autostart);
                } catch (IOException e) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "cannot set autostart of '"
                            + obj.name() + "': " + e.getMessage());
                }
                obj.setAutostart(autostart);
            }
            return null;
        });
    }

    // ---- memory and vCPUs ------------------------------------------------------------------------------------------

    @Override
    public void domainSetMemoryFlags(DomainRef dom, long memoryKiB, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.MEM_MAXIMUM, "libxlDomainSetMemoryFlags", FROM);
        write(dom, obj -> {
            boolean live = (flags & Flags.AFFECT_LIVE) != 0 || ((flags & Flags.AFFECT_CONFIG) == 0 && obj.isActive());
            boolean config = (flags & Flags.AFFECT_CONFIG) != 0;
            if (live && !obj.isActive()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
            }
            if (config && !obj.isPersistent()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID,
                        "transient domains do not have any persistent config");
            }
            boolean maximum = (flags & Flags.MEM_MAXIMUM) != 0;
            if (maximum) {
                if (live) {
                    hv(() -> state.hv.setMaxMemory(obj.id(), memoryKiB),
                            "Failed to set maximum memory for domain '" + obj.id() + "' with libxenlight");
                    setMax(obj.def(), memoryKiB);
                }
                if (config) setMax(obj.persistentDef(), memoryKiB);
            } else {
                Domain target = live ? obj.def() : obj.persistentDef();
                if (memoryKiB > ScaledInteger.kibValue(target.memory)) {
                    throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "cannot set memory higher than max memory");
                }
                if (live) {
                    hv(() -> state.hv.setTargetMemory(obj.id(), memoryKiB),
                            "Failed to set memory for domain '" + obj.id() + "' with libxenlight");
                    obj.def().currentMemory = ScaledInteger.kib(memoryKiB);
                }
                if (config) obj.persistentDef().currentMemory = ScaledInteger.kib(memoryKiB);
            }
            if (live) state.writeStatus(obj);
            if (config) state.saveDefinition(obj.persistentDef());
            return null;
        });
    }

    private static void setMax(Domain d, long kib) {
        d.memory = ScaledInteger.kib(kib);
        if (d.currentMemory != null && ScaledInteger.kibValue(d.currentMemory) > kib) d.currentMemory = ScaledInteger.kib(kib);
    }


    @Override
    public void domainSetVcpus(DomainRef dom, int nvcpus) { domainSetVcpusFlags(dom, nvcpus, Flags.AFFECT_LIVE); }

    @Override
    public void domainSetVcpusFlags(DomainRef dom, int nvcpus, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.VCPU_MAXIMUM, "libxlDomainSetVcpusFlags", FROM);
        if (nvcpus == 0) throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "nvcpus is zero");
        write(dom, obj -> {
            boolean live = (flags & Flags.AFFECT_LIVE) != 0 || ((flags & Flags.AFFECT_CONFIG) == 0 && obj.isActive());
            boolean config = (flags & Flags.AFFECT_CONFIG) != 0;
            if (live && !obj.isActive()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot set vcpus on an inactive domain");
            }
            if (config && !obj.isPersistent()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot change persistent config of a transient domain");
            }
            boolean maximum = (flags & Flags.VCPU_MAXIMUM) != 0;
            if (maximum && live) {
                throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "cannot set maximum vcpus on an active domain");
            }
            Domain target = live ? obj.def() : obj.persistentDef();
            int max = Integer.parseInt(target.vcpu.count.trim());
            if (!maximum && nvcpus > max) {
                throw VirException.of(FROM, VirErrorCode.INVALID_ARG,
                        "requested vcpus is greater than max allowable vcpus for the domain: " + nvcpus + " > " + max);
            }
            if (live) {
                hv(() -> state.hv.setVcpus(obj.id(), nvcpus), "Failed to set vcpus for domain '" + obj.id() + "' with libxenlight");
                obj.def().vcpu.current = nvcpus == max ? null : Integer.toString(nvcpus);
                state.writeStatus(obj);
            }
            if (config) {
                Domain p = obj.persistentDef();
                if (maximum) {
                    p.vcpu.count = Integer.toString(nvcpus);
                    if (p.vcpu.current != null && Integer.parseInt(p.vcpu.current) > nvcpus) p.vcpu.current = null;
                } else {
                    p.vcpu.current = nvcpus == Integer.parseInt(p.vcpu.count.trim()) ? null : Integer.toString(nvcpus);
                }
                state.saveDefinition(p);
            }
            return null;
        });
    }

    @Override
    public int domainGetVcpusFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.VCPU_MAXIMUM, "libxlDomainGetVcpusFlags", FROM);
        return read(dom, obj -> {
            boolean config = (flags & Flags.AFFECT_CONFIG) != 0 || ((flags & Flags.AFFECT_LIVE) == 0 && !obj.isActive());
            if (!config && !obj.isActive()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
            }
            Domain d = config ? obj.persistentDef() : obj.def();
            return (flags & Flags.VCPU_MAXIMUM) != 0 ? Integer.parseInt(d.vcpu.count.trim()) : Vcpu.online(d.vcpu);
        });
    }

    private interface HvCall {
        void run() throws XenHypervisorException;
    }

    private static void hv(HvCall call, String failure) {
        try {
            call.run();
        } catch (XenHypervisorException e) {
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, failure);
        }
    }



    // ---- events ------------------------------------------------------------------------------------------------

}
