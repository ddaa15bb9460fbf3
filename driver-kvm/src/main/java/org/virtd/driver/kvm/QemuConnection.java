package org.virtd.driver.kvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainBlockStats;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainEventListener;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainInterfaceStats;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainState;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.Flags;
import org.virtd.api.NodeInfo;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.driver.kvm.qmp.QmpClient;
import org.virtd.driver.kvm.qmp.QmpConnectionException;
import org.virtd.driver.kvm.qmp.QmpException;
import org.virtd.driver.spi.StreamHandle;
import org.virtd.driver.spi.support.ChannelStreamBackend;
import org.virtd.driver.spi.support.PooledDomainDriver;
import org.virtd.driver.spi.support.DomainObject;
import org.virtd.driver.spi.support.FlagCheck;
import org.virtd.driver.spi.support.SystemErrors;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Vcpu;
import org.virtd.xml.domain.Interface;
import org.virtd.xml.domain.ScaledInteger;

/**
 * One connection to {@code qemu:///system} or {@code qemu:///session}. Behaviour, errors and flags follow libvirt
 * 9.0's QEMU driver; the C function names in "unsupported flags" errors are libvirt's, because clients see them.
 */
final class QemuConnection extends PooledDomainDriver<Domain> {
    private static final VirErrorDomain FROM = QemuDriverState.FROM;
    private static final int XML_FLAGS = Flags.XML_SECURE | Flags.XML_INACTIVE | Flags.XML_UPDATE_CPU | Flags.XML_MIGRATABLE;
    private static final int SHUTDOWN_ACPI = 1, SHUTDOWN_AGENT = 2;
    private static final int DESTROY_GRACEFUL = 1;
    private static final int UNDEFINE_ALL = Flags.UNDEFINE_MANAGED_SAVE | Flags.UNDEFINE_SNAPSHOTS_METADATA
            | Flags.UNDEFINE_NVRAM | Flags.UNDEFINE_KEEP_NVRAM | Flags.UNDEFINE_CHECKPOINTS_METADATA
            | Flags.UNDEFINE_TPM | Flags.UNDEFINE_KEEP_TPM;

    private final QemuDriverState state;

    QemuConnection(QemuDriverState state, String uri) {
        super(state.domains, state.events, QemuDriverState.FROM, "qemu", uri);
        this.state = state;
    }

    @Override
    public String name() { return "QEMU"; }

    // ---- host -------------------------------------------------------------------------------------------------

    @Override
    public String connectGetType() { return "QEMU"; }

    @Override
    public long connectGetVersion() {
        Path bin = QemuHost.emulatorFor(state.host.hostArch());
        if (bin == null) return 0;
        return state.host.caps(bin).versionNumber();
    }

    @Override
    public String connectGetHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String connectGetCapabilities() {
        return QemuCapabilities.format(state.host, state.host.guests());
    }

    @Override
    public int connectGetMaxVcpus(@Nullable String type) {
        // libvirt's answer without asking KVM: QEMU's own limit for TCG, KVM's recommended maximum otherwise.
        return type == null || type.equalsIgnoreCase("qemu") ? 16 : 255;
    }

    @Override
    public String connectGetDomainCapabilities(@Nullable String emulatorBin, @Nullable String arch,
                                               @Nullable String machine, @Nullable String virtType, int flags) {
        FlagCheck.check(flags, 0, "qemuConnectGetDomainCapabilities", FROM);
        return QemuCapabilities.domainCapabilities(state.host, emulatorBin, arch, machine, virtType);
    }

    @Override
    public boolean connectIsAlive() { return true; }

    @Override
    public NodeInfo nodeGetInfo() { return state.host.node.nodeInfo(); }

    @Override
    public long nodeGetFreeMemory() { return state.host.node.freeMemoryBytes(); }

    // ---- lists and lookups -------------------------------------------------------------------------------------

    @Override
    public DomainRef domainLookupById(int id) {
        DomainObject<Domain> o = state.domains.findById(id);
        if (o == null) throw VirException.of(FROM, VirErrorCode.NO_DOMAIN, "no domain with matching id " + id);
        return o.ref();
    }

    @Override
    public DomainRef domainLookupByName(String name) {
        DomainObject<Domain> o = state.domains.findByName(name);
        if (o == null) throw VirException.of(FROM, VirErrorCode.NO_DOMAIN, "no domain with matching name '" + name + "'");
        return o.ref();
    }

    @Override
    public DomainRef domainLookupByUuid(UUID uuid) {
        DomainObject<Domain> o = state.domains.findByUuid(uuid);
        if (o == null) throw VirException.of(FROM, VirErrorCode.NO_DOMAIN, "no domain with matching uuid '" + uuid + "'");
        return o.ref();
    }

    private static void active(DomainObject<Domain> obj) {
        if (!obj.isActive()) throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
    }

    /** The running QEMU's monitor (the caller holds the domain's lock and checked it is active). */
    private static QmpClient monitor(DomainObject<Domain> obj) {
        QemuDriverState.Runtime rt = QemuDriverState.runtime(obj);
        if (rt.process == null) throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "domain is not running");
        return rt.process.monitor();
    }

    /** Runs {@code body} as the domain's job (see {@link QemuDriverState#job}). */
    private <T> T job(DomainRef ref, String what, Function<DomainObject<Domain>, T> body) {
        return state.job(state.domains.require(ref, FROM), what, body);
    }

    /** The monitor of an active domain (of a running one when {@code mustRun}), checked under its lock. */
    private static QmpClient monitorOf(DomainObject<Domain> obj, boolean mustRun) {
        return QemuDriverState.locked(obj, o -> {
            if (mustRun) running(o);
            else active(o);
            return monitor(o);
        });
    }

    /** A monitor command, with libvirt's errors: QEMU's own error text, or a monitor that did not answer in time. */
    private static JsonNode qmp(QmpClient monitor, String command, com.fasterxml.jackson.databind.node.ObjectNode args) {
        try {
            return monitor.execute(command, args);
        } catch (QmpConnectionException e) {
            if (e.isTimeout()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_TIMEOUT,
                        "cannot acquire state change lock (held by monitor=" + command + ")");
            }
            throw VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "domain is no longer running");
        } catch (QmpException e) {
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "unable to execute QEMU command '" + command + "': "
                    + e.getMessage());
        }
    }

    // ---- definitions ---------------------------------------------------------------------------------------------

    @Override
    public DomainRef domainDefineXml(String xml) { return define(xml, 0); }

    @Override
    public DomainRef domainDefineXmlFlags(String xml, int flags) { return define(xml, flags); }

    private DomainRef define(String xml, int flags) {
        FlagCheck.check(flags, Flags.DEFINE_VALIDATE, "qemuDomainDefineXMLFlags", FROM);
        Domain def = state.parse(xml, (flags & Flags.DEFINE_VALIDATE) != 0);
        return definePersistent(def, def.name, UUID.fromString(def.uuid), state.lock, state::saveDefinition);
    }

    @Override
    public DomainRef domainCreateXml(String xml, int flags) {
        FlagCheck.check(flags, Flags.START_PAUSED | Flags.START_AUTODESTROY | Flags.START_VALIDATE, "qemuDomainCreateXML", FROM);
        Domain def = state.parse(xml, (flags & Flags.START_VALIDATE) != 0);
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
        FlagCheck.check(flags, Flags.START_PAUSED | Flags.START_AUTODESTROY | Flags.START_BYPASS_CACHE
                | Flags.START_FORCE_BOOT | Flags.START_RESET_NVRAM, "qemuDomainCreateWithFlags", FROM);
        return read(dom, obj -> {
            if (obj.isActive()) throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "domain is already running");
            if ((flags & Flags.START_FORCE_BOOT) != 0 && obj.hasManagedSave()) removeManagedSave(obj);
            state.startDomain(obj, (flags & Flags.START_PAUSED) != 0);
            return obj.ref();
        });
    }

    @Override
    public void domainUndefine(DomainRef dom) { domainUndefineFlags(dom, 0); }

    @Override
    public void domainUndefineFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, UNDEFINE_ALL, "qemuDomainUndefineFlags", FROM);
        state.lock.lock();
        try {
            read(dom, obj -> {
                if (!obj.isPersistent()) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot undefine transient domain");
                }
                if (obj.hasManagedSave()) {
                    if ((flags & Flags.UNDEFINE_MANAGED_SAVE) == 0) {
                        throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                                "Refusing to undefine while domain managed save image exists");
                    }
                    removeManagedSave(obj);
                }
                try {
                    state.deleteDefinition(obj.name());
                } catch (IOException e) {
                    throw SystemErrors.of(FROM, e, "cannot remove config " + state.configDir.resolve(obj.name() + ".xml"));
                }
                forgetDefinition(obj);
                return null;
            });
        } finally {
            state.lock.unlock();
        }
    }

    private void removeManagedSave(DomainObject<Domain> obj) {
        Path image = state.managedSavePath(obj.name());
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            throw SystemErrors.of(FROM, e, "Failed to remove managed save file '" + image + "'");
        }
        obj.setHasManagedSave(false);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    @Override
    public void domainDestroy(DomainRef dom) { domainDestroyFlags(dom, 0); }

    /**
     * Kills QEMU (SIGTERM, then SIGKILL unless graceful) before taking the domain's lock, so it works while another
     * call waits on a hung monitor.
     */
    @Override
    public void domainDestroyFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, DESTROY_GRACEFUL, "qemuDomainDestroyFlags", FROM);
        DomainObject<Domain> obj = state.domains.require(dom, FROM);
        state.stopProcess(obj, (flags & DESTROY_GRACEFUL) != 0, QemuDriverState.SHUTOFF_DESTROYED,
                QemuDriverState.STOPPED_DESTROYED);
    }

    @Override
    public void domainShutdown(DomainRef dom) { domainShutdownFlags(dom, 0); }

    @Override
    public void domainShutdownFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, SHUTDOWN_ACPI | SHUTDOWN_AGENT, "qemuDomainShutdownFlags", FROM);
        if (flags == SHUTDOWN_AGENT) {
            throw VirException.of(FROM, VirErrorCode.AGENT_UNRESPONSIVE,
                    "QEMU guest agent is not configured");
        }
        job(dom, "shutdown", obj -> qmp(monitorOf(obj, true), "system_powerdown", null));
    }

    /** libvirt refuses power requests to a domain that is not running (paused ones included). */
    private static void running(DomainObject<Domain> obj) {
        active(obj);
        if (obj.state() != DomainState.RUNNING) {
            throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "domain is not running");
        }
    }

    /** ACPI reboot as libvirt does it: a power-off request whose SHUTDOWN is turned into a reset (fake reboot). */
    @Override
    public void domainReboot(DomainRef dom, int flags) {
        FlagCheck.check(flags, SHUTDOWN_ACPI | SHUTDOWN_AGENT, "qemuDomainReboot", FROM);
        if (flags == SHUTDOWN_AGENT) {
            throw VirException.of(FROM, VirErrorCode.AGENT_UNRESPONSIVE, "QEMU guest agent is not configured");
        }
        job(dom, "reboot", obj -> {
            QmpClient m = QemuDriverState.locked(obj, o -> {
                running(o);
                QemuDriverState.runtime(o).fakeReboot = true;
                return monitor(o);
            });
            return qmp(m, "system_powerdown", null);
        });
    }

    @Override
    public void domainReset(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "qemuDomainReset", FROM);
        job(dom, "reset", obj -> qmp(monitorOf(obj, false), "system_reset", null));
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        job(dom, "suspend", obj -> {
            QmpClient m = monitorOf(obj, false);
            if (QemuDriverState.locked(obj, o -> o.state() == DomainState.PAUSED)) return null;
            qmp(m, "stop", null);
            return QemuDriverState.locked(obj, o -> {
                if (o.isActive() && o.state() != DomainState.PAUSED) {
                    o.setState(DomainState.PAUSED, QemuDriverState.PAUSED_USER);
                    state.lifecycle(o, DomainEvent.Lifecycle.SUSPENDED, QemuDriverState.SUSPENDED_PAUSED);
                    state.writeStatus(o);
                }
                return null;
            });
        });
    }

    @Override
    public void domainResume(DomainRef dom) {
        job(dom, "resume", obj -> {
            QmpClient m = QemuDriverState.locked(obj, o -> {
                active(o);
                if (o.state() == DomainState.RUNNING) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "domain is already running");
                }
                return monitor(o);
            });
            qmp(m, "cont", null);
            return QemuDriverState.locked(obj, o -> {
                if (o.isActive() && o.state() != DomainState.RUNNING) {
                    o.setState(DomainState.RUNNING, QemuDriverState.RUNNING_UNPAUSED);
                    state.lifecycle(o, DomainEvent.Lifecycle.RESUMED, QemuDriverState.RESUMED_UNPAUSED);
                    state.writeStatus(o);
                }
                return null;
            });
        });
    }

    // ---- save and restore ---------------------------------------------------------------------------------------

    @Override
    public void domainSave(DomainRef dom, String path) { domainSaveFlags(dom, path, null, 0); }

    @Override
    public void domainSaveFlags(DomainRef dom, String path, @Nullable String dxml, int flags) {
        FlagCheck.check(flags, Flags.SAVE_BYPASS_CACHE | Flags.SAVE_RUNNING | Flags.SAVE_PAUSED, "qemuDomainSaveFlags", FROM);
        job(dom, "save", obj -> {
            QemuSaveImage.save(state, obj, Path.of(path), dxml, false);
            return null;
        });
    }

    @Override
    public void domainRestore(String path) { domainRestoreFlags(path, null, 0); }

    @Override
    public void domainRestoreFlags(String path, @Nullable String dxml, int flags) {
        FlagCheck.check(flags, Flags.SAVE_BYPASS_CACHE | Flags.SAVE_RUNNING | Flags.SAVE_PAUSED | Flags.SAVE_RESET_NVRAM,
                "qemuDomainRestoreFlags", FROM);
        Path from = Path.of(path);
        QemuSaveImage.Header h = QemuSaveImage.readHeader(from);
        Domain def = state.parse(dxml != null ? dxml : h.xml(), false);
        state.lock.lock();
        try {
            state.domains.addLive(def.name, UUID.fromString(def.uuid), def,
                    obj -> QemuSaveImage.restore(state, obj, from, (flags & Flags.SAVE_PAUSED) != 0,
                            (flags & Flags.SAVE_RUNNING) != 0));
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void domainManagedSave(DomainRef dom, int flags) {
        FlagCheck.check(flags, Flags.SAVE_BYPASS_CACHE | Flags.SAVE_RUNNING | Flags.SAVE_PAUSED, "qemuDomainManagedSave", FROM);
        job(dom, "managedsave", obj -> {
            QemuDriverState.locked(obj, o -> {
                active(o);
                if (!o.isPersistent()) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot do managed save for transient domain");
                }
                return null;
            });
            QemuSaveImage.save(state, obj, state.managedSavePath(obj.name()), null, true);
            return null;
        });
    }

    @Override
    public void domainManagedSaveRemove(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "qemuDomainManagedSaveRemove", FROM);
        read(dom, obj -> {
            removeManagedSave(obj);
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
                QemuDriverState.Runtime rt = QemuDriverState.runtime(obj);
                if (rt.balloonKiB > 0) mem = rt.balloonKiB;
                if (rt.process != null) cpu = rt.process.cpuTimeNanos();
            }
            return new DomainInfo(obj.state().wireValue(), maxMem, mem, Vcpu.online(d.vcpu), cpu);
        });
    }

    @Override
    public String domainGetXmlDesc(DomainRef dom, int flags) {
        FlagCheck.check(flags, XML_FLAGS, "qemuDomainGetXMLDesc", FROM);
        return read(dom, obj -> {
            boolean inactive = (flags & Flags.XML_INACTIVE) != 0;
            Domain d = inactive && obj.newDef() != null ? obj.newDef() : obj.def();
            boolean live = !inactive && obj.isActive() && d == obj.def();
            Integer saved = d.id;
            d.id = live ? obj.id() : null;
            try {
                return DomainXml.format(d, live);
            } finally {
                d.id = saved;
            }
        });
    }

    @Override
    public String domainGetOsType(DomainRef dom) {
        return read(dom, obj -> obj.def().os.type.value);
    }

    @Override
    public long domainGetMaxMemory(DomainRef dom) { return read(dom, obj -> ScaledInteger.kibValue(obj.def().memory)); }

    @Override
    public void domainSetAutostart(DomainRef dom, boolean autostart) {
        read(dom, obj -> {
            if (!obj.isPersistent()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "cannot set autostart for transient domain");
            }
            if (obj.isAutostart() != autostart) {
                Path link = state.autostartDir.resolve(obj.name() + ".xml");
                try {
                    if (autostart) Files.createSymbolicLink(link, state.configDir.resolve(obj.name() + ".xml"));
                    else Files.deleteIfExists(link);
                } catch (IOException e) {
                    throw SystemErrors.of(FROM, e, (autostart ? "Failed to create symlink '" : "Failed to delete symlink '")
                            + link + "'");
                }
                obj.setAutostart(autostart);
            }
            return null;
        });
    }

    // ---- memory and vCPUs ------------------------------------------------------------------------------------------

    @Override
    public void domainSetMemoryFlags(DomainRef dom, long memoryKiB, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.MEM_MAXIMUM, "qemuDomainSetMemoryFlags", FROM);
        job(dom, "setmem", job -> QemuDriverState.locked(job, obj -> {
            boolean live = (flags & Flags.AFFECT_LIVE) != 0 || ((flags & Flags.AFFECT_CONFIG) == 0 && obj.isActive());
            boolean config = (flags & Flags.AFFECT_CONFIG) != 0 || ((flags & Flags.AFFECT_LIVE) == 0 && !obj.isActive());
            if (live && !obj.isActive()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
            }
            if (config && !obj.isPersistent()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID,
                        "transient domains do not have any persistent config");
            }
            if ((flags & Flags.MEM_MAXIMUM) != 0) {
                if (live) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                            "cannot resize the maximum memory on an active domain");
                }
                Domain p = obj.persistentDef();
                p.memory = ScaledInteger.kib(memoryKiB);
                if (p.currentMemory != null && ScaledInteger.kibValue(p.currentMemory) > memoryKiB) p.currentMemory = ScaledInteger.kib(memoryKiB);
                state.saveDefinition(p);
                return null;
            }
            if (live) {
                if (memoryKiB > ScaledInteger.kibValue(obj.def().memory)) {
                    throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "cannot set memory higher than max memory");
                }
                if (obj.def().devices.memballoon != null && "none".equals(obj.def().devices.memballoon.model)) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "Unable to change memory of active domain without the balloon device and guest OS balloon driver");
                }
                // balloon only queues the request: QEMU answers at once, the guest follows (BALLOON_CHANGE).
                qmp(monitor(obj), "balloon", QemuDriverState.args().put("value", memoryKiB * 1024));
                obj.def().currentMemory = ScaledInteger.kib(memoryKiB);
                state.writeStatus(obj);
            }
            if (config) {
                Domain p = obj.persistentDef();
                if (memoryKiB > ScaledInteger.kibValue(p.memory)) {
                    throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "cannot set memory higher than max memory");
                }
                p.currentMemory = ScaledInteger.kib(memoryKiB);
                state.saveDefinition(p);
            }
            return null;
        }));
    }


    @Override
    public void domainSetVcpus(DomainRef dom, int nvcpus) { domainSetVcpusFlags(dom, nvcpus, Flags.AFFECT_LIVE); }

    @Override
    public void domainSetVcpusFlags(DomainRef dom, int nvcpus, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.VCPU_MAXIMUM | Flags.VCPU_GUEST
                | Flags.VCPU_HOTPLUGGABLE, "qemuDomainSetVcpusFlags", FROM);
        if (nvcpus == 0) throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "argument unsupported: vcpus count must be greater than 0");
        job(dom, "setvcpus", obj -> {
            boolean[] where = QemuDriverState.locked(obj, o -> {
                boolean live = (flags & Flags.AFFECT_LIVE) != 0 || ((flags & Flags.AFFECT_CONFIG) == 0 && o.isActive());
                boolean config = (flags & Flags.AFFECT_CONFIG) != 0 || ((flags & Flags.AFFECT_LIVE) == 0 && !o.isActive());
                if (live && !o.isActive()) {
                    throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
                }
                if (config && !o.isPersistent()) {
                    throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID,
                            "transient domains do not have any persistent config");
                }
                if ((flags & Flags.VCPU_MAXIMUM) != 0 && live) {
                    throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "cannot set maximum vcpus on an active domain");
                }
                if (live && nvcpus > Integer.parseInt(o.def().vcpu.count.trim())) {
                    throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "requested vcpus is greater than max allowable vcpus for the live domain: "
                            + nvcpus + " > " + o.def().vcpu.count.trim());
                }
                return new boolean[] {live, config};
            });
            if (where[0]) setLiveVcpus(obj, nvcpus);
            if (where[1]) {
                QemuDriverState.locked(obj, o -> {
                    Domain p = o.persistentDef();
                    int max = Integer.parseInt(p.vcpu.count.trim());
                    if ((flags & Flags.VCPU_MAXIMUM) != 0) {
                        // The maximum moves; the current count stays unless it no longer fits.
                        int cur = Vcpu.online(p.vcpu);
                        p.vcpu.count = Integer.toString(nvcpus);
                        p.vcpu.current = cur >= nvcpus ? null : Integer.toString(cur);
                    } else {
                        if (nvcpus > max) {
                            throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "requested vcpus is greater than max allowable vcpus for the persistent domain: "
                                    + nvcpus + " > " + max);
                        }
                        p.vcpu.current = nvcpus == max ? null : Integer.toString(nvcpus);
                    }
                    state.saveDefinition(p);
                    return null;
                });
            }
            return null;
        });
    }

    /**
     * Live vCPU changes as QEMU allows them: CPUs beyond the first {@code current} are hotpluggable CPU devices
     * ({@code -smp current,maxcpus=max}); adding plugs the next free slots ({@code device_add}, ids {@code vcpuN}),
     * removing asks the guest to release the last plugged ones ({@code device_del}) and waits for them to go,
     * 5 s at most, as libvirt does. CPUs present at start cannot be unplugged.
     */
    private void setLiveVcpus(DomainObject<Domain> obj, int nvcpus) {
        QmpClient m = monitorOf(obj, false);
        int current = QemuDriverState.locked(obj, o -> Vcpu.online(o.def().vcpu));
        if (nvcpus == current) return;
        List<JsonNode> slots = hotpluggableCpus(m);
        if (nvcpus > current) {
            for (int k = current; k < nvcpus; k++) {
                JsonNode slot = slots.get(k);
                if (slot.has("qom-path")) continue;
                var args = QemuDriverState.args().put("driver", slot.path("type").asText()).put("id", "vcpu" + k);
                slot.path("props").fields().forEachRemaining(f -> args.set(f.getKey(), f.getValue()));
                qmp(m, "device_add", args);
            }
        } else {
            for (int k = current - 1; k >= nvcpus; k--) {
                String path = slots.get(k).path("qom-path").asText("");
                if (!path.startsWith("/machine/peripheral/")) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_UNSUPPORTED, "vcpu '" + k + "' can't be unplugged");
                }
                qmp(m, "device_del", QemuDriverState.args().put("id", path.substring("/machine/peripheral/".length())));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (hotpluggableCpus(m).stream().filter(c -> c.has("qom-path")).count() > nvcpus) {
                if (System.nanoTime() > deadline) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_TIMEOUT,
                            "vcpu unplug request timed out. Unplug result must be manually inspected in the domain");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "interrupted");
                }
            }
        }
        QemuDriverState.locked(obj, o -> {
            int max = Integer.parseInt(o.def().vcpu.count.trim());
            o.def().vcpu.current = nvcpus == max ? null : Integer.toString(nvcpus);
            state.writeStatus(o);
            return null;
        });
    }

    /** QEMU's CPU slots in vCPU order (socket, die, core, thread ascending). */
    private static List<JsonNode> hotpluggableCpus(QmpClient m) {
        List<JsonNode> slots = new ArrayList<>();
        qmp(m, "query-hotpluggable-cpus", null).forEach(slots::add);
        java.util.Comparator<JsonNode> byTopology = java.util.Comparator.comparingInt(c -> c.path("props").path("socket-id").asInt());
        byTopology = byTopology.thenComparingInt(c -> c.path("props").path("die-id").asInt())
                .thenComparingInt(c -> c.path("props").path("core-id").asInt())
                .thenComparingInt(c -> c.path("props").path("thread-id").asInt());
        slots.sort(byTopology);
        return slots;
    }

    @Override
    public int domainGetVcpusFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.VCPU_MAXIMUM | Flags.VCPU_GUEST,
                "qemuDomainGetVcpusFlags", FROM);
        return read(dom, obj -> {
            boolean config = (flags & Flags.AFFECT_CONFIG) != 0 || ((flags & Flags.AFFECT_LIVE) == 0 && !obj.isActive());
            if (!config && !obj.isActive()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
            }
            Domain d = config ? obj.persistentDef() : obj.def();
            return (flags & Flags.VCPU_MAXIMUM) != 0 ? Integer.parseInt(d.vcpu.count.trim()) : Vcpu.online(d.vcpu);
        });
    }



    // ---- devices: console, screenshot, statistics ------------------------------------------------------------------

    /**
     * The guest's console: the pty QEMU opened for it, in raw mode, as a stream. {@code devName} is a device alias
     * ({@code serial0}, {@code console0}) or null for the first console.
     */
    @Override
    public void domainOpenConsole(DomainRef dom, @Nullable String devName, StreamHandle stream, int flags) {
        FlagCheck.check(flags, Flags.CONSOLE_FORCE | Flags.CONSOLE_SAFE, "qemuDomainOpenConsole", FROM);
        read(dom, obj -> {
            active(obj);
            Chardev chosen = null;
            List<Chardev> candidates = new ArrayList<>(obj.def().devices.console);
            candidates.addAll(obj.def().devices.serial);
            candidates.addAll(obj.def().devices.parallel);
            for (Chardev c : candidates) {
                String alias = c.alias == null ? null : c.alias.attribute("name");
                if (devName == null || devName.equals(alias)) {
                    chosen = c;
                    break;
                }
            }
            if (devName != null && chosen == null) {
                for (int i = 0; i < obj.def().devices.console.size() && chosen == null; i++) {
                    if (devName.equals("console" + i)) chosen = obj.def().devices.console.get(i);
                }
            }
            if (chosen == null) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR,
                        devName == null ? "cannot find default console device" : "cannot find character device " + devName);
            }
            if (!"pty".equals(chosen.type)) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR,
                        "character device " + (devName == null ? "" : devName) + " is not using a PTY");
            }
            String pty = chosen.source.isEmpty() ? null : chosen.source.get(0).attribute("path");
            if (pty == null) throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "character device has no pty path");
            // One console session per device, as libvirt's chrdev lock: --force takes it over.
            java.util.Map<String, PtyStream> open = QemuDriverState.runtime(obj).consoles;
            PtyStream current = open.get(pty);
            if (current != null && !current.isClosed()) {
                if ((flags & Flags.CONSOLE_FORCE) == 0) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "Active console session exists for this domain");
                }
                current.abort();
            }
            PtyStream session = PtyStream.open(Path.of(pty));
            open.put(pty, session);
            stream.attach(session);
            return null;
        });
    }

    @Override
    public String domainScreenshot(DomainRef dom, StreamHandle stream, int screen, int flags) {
        FlagCheck.check(flags, 0, "qemuDomainScreenshot", FROM);
        Path file = job(dom, "screenshot", obj -> {
            Path f = QemuDriverState.locked(obj, o -> {
                active(o);
                if (o.def().devices.video.isEmpty() && o.def().devices.graphics.isEmpty()) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "no screens to take screenshot from");
                }
                return QemuDriverState.runtime(o).dir.resolve("screenshot-" + System.nanoTime() + ".ppm");
            });
            qmp(monitorOf(obj, false), "screendump", QemuDriverState.args().put("filename", f.toString()));
            return f;
        });
        try {
            ChannelStreamBackend backend = ChannelStreamBackend.readingFile(file);
            stream.attach(backend);
        } finally {
            try {
                Files.deleteIfExists(file);  // the open channel keeps the data readable
            } catch (IOException ignored) {
                // the domain directory goes when the domain stops
            }
        }
        return "image/x-portable-pixmap";
    }

    @Override
    public DomainBlockStats domainBlockStats(DomainRef dom, String disk) {
        JsonNode st = blockStats(dom, disk);
        return new DomainBlockStats(st.path("rd_operations").asLong(), st.path("rd_bytes").asLong(),
                st.path("wr_operations").asLong(), st.path("wr_bytes").asLong(), -1);
    }

    /** libvirt's QEMU fields, in its order; times in nanoseconds as QEMU counts them. */
    private static final String[][] BLOCK_FIELDS = {
            {"rd_bytes", "rd_bytes"}, {"rd_operations", "rd_operations"}, {"rd_total_times", "rd_total_time_ns"},
            {"wr_bytes", "wr_bytes"}, {"wr_operations", "wr_operations"}, {"wr_total_times", "wr_total_time_ns"},
            {"flush_operations", "flush_operations"}, {"flush_total_times", "flush_total_time_ns"}};

    @Override
    public org.virtd.api.BlockStatsParams domainBlockStatsFlags(DomainRef dom, String disk, int nparams, int flags) {
        FlagCheck.check(flags, 1 /* VIR_TYPED_PARAM_STRING_OKAY */, "qemuDomainBlockStatsFlags", FROM);
        JsonNode st = blockStats(dom, disk);
        if (nparams == 0) return new org.virtd.api.BlockStatsParams(BLOCK_FIELDS.length, List.of());
        List<org.virtd.api.TypedParameter> out = new ArrayList<>();
        for (int i = 0; i < BLOCK_FIELDS.length && i < nparams; i++) {
            out.add(new org.virtd.api.TypedParameter.LLong(BLOCK_FIELDS[i][0], st.path(BLOCK_FIELDS[i][1]).asLong()));
        }
        return new org.virtd.api.BlockStatsParams(out.size(), out);
    }

    /** QEMU's counters for the disk a client names ({@code query-blockstats}, matched by the device's alias). */
    private JsonNode blockStats(DomainRef dom, String disk) {
        return job(dom, "blockstats", obj -> {
            String alias = QemuDriverState.locked(obj, o -> diskAlias(o, disk));
            for (JsonNode s : qmp(monitorOf(obj, false), "query-blockstats", null)) {
                String qdev = s.path("qdev").asText("");
                if (qdev.equals(alias) || qdev.contains("/" + alias + "/") || qdev.endsWith("/" + alias)
                        || s.path("device").asText("").equals("drive-" + alias)) {
                    return s.path("stats");
                }
            }
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "cannot find statistics for device '" + alias + "'");
        });
    }

    /** The alias of the disk a client names by target ({@code vda}) or source path. */
    private static String diskAlias(DomainObject<Domain> obj, String disk) {
            active(obj);
            Disk target = null;
            for (Disk d : obj.def().devices.disk) {
                if (d.target != null && disk.equals(d.target.dev)) target = d;
                if (disk.equals(QemuDriverState.localPath(d))) target = d;
            }
            if (target == null) throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "invalid path: " + disk);
            if (target.alias == null || target.alias.attribute("name") == null) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "missing disk device alias name for " + disk);
            }
            return target.alias.attribute("name");
    }

    @Override
    public DomainInterfaceStats domainInterfaceStats(DomainRef dom, String device) {
        String ifname = read(dom, obj -> {
            active(obj);
            for (Interface i : obj.def().devices.interfaces) {
                String dev = i.target == null ? null : i.target.attribute("dev");
                String mac = i.mac == null ? null : i.mac.attribute("address");
                if (dev != null && (device.equals(dev) || device.equalsIgnoreCase(mac))) return dev;
            }
            throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "'" + device + "' is not a known interface");
        });
        return HostInterfaces.stats(ifname);
    }

    // ---- events ------------------------------------------------------------------------------------------------

}
