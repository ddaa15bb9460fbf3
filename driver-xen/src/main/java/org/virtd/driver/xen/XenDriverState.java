package org.virtd.driver.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainState;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.support.DomainEventBus;
import org.virtd.driver.spi.support.DomainObject;
import org.virtd.driver.spi.support.DomainObjectList;
import org.virtd.driver.spi.support.StateFiles;
import org.virtd.driver.xen.hv.DomainInfo;
import org.virtd.driver.xen.hv.NativeXenHypervisor;
import org.virtd.driver.xen.hv.ShutdownReason;
import org.virtd.driver.xen.hv.SimXenHypervisor;
import org.virtd.driver.xen.hv.XenHypervisor;
import org.virtd.driver.xen.hv.XenHypervisorException;
import org.virtd.driver.xen.store.XenStoreClient;
import org.virtd.driver.xen.store.XenStoreHost;
import org.virtd.driver.xen.store.XsException;
import org.virtd.driver.xen.sxp.SxprException;
import org.virtd.driver.xen.sxp.XenSxpr;
import org.virtd.xml.DomainDefaults;
import org.virtd.xml.DomainXml;
import org.virtd.xml.DomainXmlException;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.ScaledInteger;
import org.virtd.xml.domain.Vcpu;

/**
 * The Xen driver of one host root: the hypervisor backend, the defined pool (persistent definitions, in xend's
 * layout) and the running pool (live domains, rebuilt at start from the hypervisor), shared by every connection.
 * One per root per process, created by the daemon's start (or the first in-process connection) and kept until
 * the process ends, as libvirt's state driver is.
 *
 * <p>Running domains have a status file ({@code <run>/xen/<UUID>.xml}, the live definition), so a restarted daemon
 * finds their live definitions, transient ones included. Locking: state changes hold {@link #lock} and then the
 * domain's lock; queries hold only the domain's lock.
 */
final class XenDriverState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XenDriverState.class);
    static final VirErrorDomain FROM = VirErrorDomain.LIBXL;
    static final String DOM0 = "Domain-0";
    static final String NOT_ACTIVE = "libxenlight state driver is not active";

    // libvirt's state reasons and lifecycle event details used here.
    static final int RUNNING_BOOTED = 1, RUNNING_UNPAUSED = 5, PAUSED_USER = 1;
    static final int SHUTOFF_SHUTDOWN = 1, SHUTOFF_DESTROYED = 2, SHUTOFF_CRASHED = 3, SHUTOFF_SAVED = 5;
    static final int RUNNING_RESTORED = 3;
    static final int STARTED_BOOTED = 0, STARTED_RESTORED = 2;
    static final int STOPPED_SHUTDOWN = 0, STOPPED_DESTROYED = 1, STOPPED_CRASHED = 2, STOPPED_SAVED = 4;

    private static final Map<Path, XenDriverState> BY_ROOT = new HashMap<>();

    final DriverEnvironment env;
    final XenHypervisor hv;
    final DefinedPool pool;
    final Path statusDir;
    /** Managed save images, {@code <name>.save}, as libvirt's libxl driver keeps them. */
    final Path saveDir;
    final DomainObjectList<Domain> domains = new DomainObjectList<>();
    final DomainEventBus events = new DomainEventBus();
    final ReentrantLock lock = new ReentrantLock();
    final XenStoreHost store;
    /** The driver's own XenStore connection, or null when there is no XenStore to talk to. */
    final XenStoreClient xs;
    private final ScheduledExecutorService reaper;

    private XenDriverState(DriverEnvironment env, XenHypervisor hv, XenStoreHost store, XenStoreClient xs) {
        this.env = env;
        this.hv = hv;
        this.store = store;
        this.xs = xs;
        this.pool = new DefinedPool(env.stateDir().resolve("xen/domains"));
        this.statusDir = env.runDir().resolve("xen");
        this.saveDir = env.stateDir().resolve("xen/save");
        this.reaper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("xen-driver-reaper").factory());
    }

    /** The state of {@code env}'s root, starting it on first use. */
    static XenDriverState of(DriverEnvironment env) {
        Path root = env.root().toAbsolutePath().normalize();
        synchronized (BY_ROOT) {
            XenDriverState s = BY_ROOT.get(root);
            if (s == null) {
                s = start(env);
                BY_ROOT.put(root, s);
            }
            return s;
        }
    }

    /** Forgets the state of {@code env}'s root (the daemon stops), closing what it holds. */
    static void stop(DriverEnvironment env) {
        XenDriverState s;
        synchronized (BY_ROOT) {
            s = BY_ROOT.remove(env.root().toAbsolutePath().normalize());
        }
        if (s != null) s.close();
    }

    private static XenDriverState start(DriverEnvironment env) {
        XenStoreHost store = null;
        XenHypervisor hv = null;
        XenStoreClient xs = null;
        try {
            store = XenStoreHost.start(env.root());
            if (store.problem() == null) xs = XenStoreClient.open(store.socket());
            hv = openBackend(env);
            if (hv instanceof SimXenHypervisor sim && xs != null) sim.attach(xs);
            XenDriverState s = new XenDriverState(env, hv, store, xs);
            s.load();
            hv.watchDomainChanges(s::reconcile);
            // Xen's daemon fires @releaseDomain when a domain shuts down, crashes or dies: what libxl alone misses.
            if (xs != null) xs.watch("@releaseDomain", "virtd-xen-driver", e -> s.reconcileLater());
            // Changes made by others (xl, another toolstack) or missed events: look again now and then.
            s.reaper.scheduleWithFixedDelay(s::reconcile, 2, 2, TimeUnit.SECONDS);
            s.autostart();
            return s;
        } catch (IOException | XenHypervisorException | XsException | RuntimeException e) {
            if (hv != null) hv.close();
            if (xs != null) xs.close();
            try {
                if (store != null) store.close();
            } catch (IOException ignored) {
                // reporting the first failure
            }
            if (e instanceof VirException v) throw v;
            // What libvirt's libxl driver says when its state driver did not start; the cause goes to the log.
            LOG.error("Xen driver: cannot start: {}", e.getMessage());
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, NOT_ACTIVE);
        }
    }

    /**
     * The backend: {@code xen_hypervisor} in the daemon's configuration, else {@code virtd.xen.hypervisor} (system
     * property) or {@code VIRTD_XEN_HYPERVISOR} (environment), says "sim" or "native"; otherwise native where a
     * privcmd device exists, else sim, and the log says which.
     */
    private static XenHypervisor openBackend(DriverEnvironment env) throws IOException, XenHypervisorException {
        String chosen = env.settings().getOrDefault("xen_hypervisor",
                System.getProperty("virtd.xen.hypervisor", System.getenv("VIRTD_XEN_HYPERVISOR")));
        boolean xenHere = Files.exists(Path.of("/proc/xen/privcmd")) || Files.exists(Path.of("/dev/xen/privcmd"));
        if (chosen == null) chosen = xenHere ? "native" : "sim";
        switch (chosen) {
            case "sim" -> {
                LOG.info("Xen driver: simulated hypervisor ({}), state in {}", xenHere ? "chosen" : "no Xen on this host",
                        env.stateDir().resolve("xen/sim"));
                return SimXenHypervisor.open(env.stateDir().resolve("xen/sim"), SimXenHypervisor.Host.likeThisMachine());
            }
            case "native" -> {
                NativeXenHypervisor backend = NativeXenHypervisor.open();
                LOG.info("Xen driver: native hypervisor (libxenctrl, libxenlight)");
                return backend;
            }
            default -> throw new XenHypervisorException("EINVAL", "unknown Xen hypervisor backend '" + chosen + "' (sim or native)");
        }
    }

    // ---- start-up: defined pool, running pool ----------------------------------------------------------------

    private void load() throws IOException, XenHypervisorException {
        Files.createDirectories(pool.dir());
        Files.createDirectories(statusDir);
        Files.createDirectories(saveDir);
        importXendTree(env.root().resolve("var/lib/xend/domains"));
        for (DefinedPool.Entry e : pool.load()) {
            try {
                Domain def = parse(e.xml());
                var added = domains.add(def.name, e.uuid(), def);
                added.object().setPersistent(true);
                added.object().setAutostart(e.autostart());
                added.object().setHasManagedSave(Files.exists(managedSavePath(def.name)));
            } catch (VirException bad) {
                LOG.error("Xen driver: skipping the definition in {}: {}", pool.domainDir(e.uuid()), bad.getMessage());
            }
        }
        for (DomainInfo info : hv.domains()) {
            if (info.domid() == 0) {
                addDomain0(info);
                continue;
            }
            adopt(info);
        }
        // Status files of domains that are gone (they stopped while no daemon watched).
        try (var files = Files.list(statusDir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".xml")) continue;
                UUID uuid = UUID.fromString(n.substring(0, n.length() - 4));
                DomainObject<Domain> o = domains.findByUuid(uuid);
                if (o == null || !o.isActive()) Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Imports an xend defined pool ({@code <UUID>/config.sxp} each): every domain not yet in ours is added, its
     * S-expression kept beside the XML it converts to. Unreadable ones are reported and skipped; the xend tree is
     * left as it was.
     */
    private void importXendTree(Path xend) throws IOException {
        if (!Files.isDirectory(xend)) return;
        try (var dirs = Files.list(xend)) {
            for (Path d : dirs.sorted().toList()) {
                Path sxp = d.resolve(DefinedPool.SXP);
                if (!Files.isRegularFile(sxp)) continue;
                try {
                    String text = Files.readString(sxp);
                    Domain def = XenSxpr.parse(text);
                    def.id = null;
                    UUID uuid = UUID.fromString(def.uuid);
                    if (Files.exists(pool.domainDir(uuid).resolve(DefinedPool.DEFINITION))) continue;
                    pool.save(uuid, DomainXml.format(def), text);
                    LOG.info("Xen driver: imported '{}' from the xend pool {}", def.name, sxp);
                } catch (SxprException | RuntimeException e) {
                    LOG.error("Xen driver: cannot import {}: {}", sxp, e.getMessage());
                }
            }
        }
    }

    /** Domain-0, as libvirt's libxl driver lists it: id 0, running, transient, its memory and vCPUs from Xen. */
    private void addDomain0(DomainInfo info) {
        Domain d = new Domain();
        d.type = "xen";
        d.name = DOM0;
        d.uuid = info.uuid().toString();
        d.memory = ScaledInteger.kib(info.maxMemoryKib());
        d.currentMemory = ScaledInteger.kib(info.memoryKib());
        d.vcpu = new Vcpu();
        d.vcpu.count = Integer.toString(info.onlineVcpus());
        d.os = new org.virtd.xml.domain.Os();
        d.os.type = new org.virtd.xml.domain.OsType();
        d.os.type.value = "xen";
        var obj = domains.add(DOM0, info.uuid(), d).object();
        domains.setId(obj, 0);
        obj.setState(DomainState.RUNNING, RUNNING_BOOTED);
    }

    /** A domain the hypervisor runs: ours (a status file or a definition names it) or another toolstack's. */
    private void adopt(DomainInfo info) throws IOException {
        Path status = statusDir.resolve(info.uuid() + ".xml");
        DomainObject<Domain> obj = domains.findByUuid(info.uuid());
        Domain live = null;
        if (Files.exists(status)) {
            try {
                live = DomainXml.parse(Files.readString(status));
            } catch (DomainXmlException e) {
                LOG.error("Xen driver: unreadable status file {}: {}", status, e.getMessage());
            }
        }
        if (live == null && obj != null) live = DomainXml.copy(obj.def());
        if (live == null) live = foreign(info);
        if (obj == null) {
            obj = domains.add(live.name, info.uuid(), live).object();
        } else {
            obj.setNewDef(obj.def());
            obj.setDef(live);
        }
        domains.setId(obj, info.domid());
        if (info.paused()) obj.setState(DomainState.PAUSED, PAUSED_USER);
        else obj.setState(DomainState.RUNNING, RUNNING_BOOTED);
        LOG.info("Xen driver: found running domain {} (id {})", obj.name(), info.domid());
    }

    /** What can be said of a domain another toolstack started: its name from XenStore, memory and vCPUs. */
    private Domain foreign(DomainInfo info) {
        Domain d = new Domain();
        d.type = "xen";
        d.name = "domain-" + info.domid();
        if (xs != null) {
            try {
                d.name = xs.readString("/local/domain/" + info.domid() + "/name");
            } catch (XsException | RuntimeException e) {
                LOG.warn("Xen driver: domain {} has no name in XenStore: {}", info.domid(), e.getMessage());
            }
        }
        d.uuid = info.uuid().toString();
        d.memory = ScaledInteger.kib(info.maxMemoryKib());
        d.currentMemory = ScaledInteger.kib(info.memoryKib());
        d.vcpu = new Vcpu();
        d.vcpu.count = Integer.toString(info.maxVcpuId() + 1);
        d.vcpu.current = Integer.toString(info.onlineVcpus());
        d.os = new org.virtd.xml.domain.Os();
        d.os.type = new org.virtd.xml.domain.OsType();
        d.os.type.value = "xen";
        return d;
    }

    private void autostart() {
        for (DomainObject<Domain> o : domains.list(o -> o.isAutostart() && !o.isActive())) {
            lock.lock();
            try {
                o.lock().lock();
                try {
                    startDomain(o, false);
                } finally {
                    o.lock().unlock();
                }
            } catch (VirException e) {
                LOG.error("Failed to autostart VM '{}': {}", o.name(), e.getMessage());
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- definitions --------------------------------------------------------------------------------------------

    /** Parses and completes a definition as the driver keeps it (libvirt's generic defaults, arch x86_64). */
    static Domain parse(String xml) {
        return parse(xml, false);
    }

    static Domain parse(String xml, boolean validate) {
        try {
            Domain d = DomainXml.parse(xml, validate);
            DomainXml.dropUnknown(d);
            DomainDefaults.applyGeneric(d, false, "x86_64");
            return d;
        } catch (DomainXmlException e) {
            VirErrorDomain dom = VirErrorDomain.fromWire(e.errorDomain());
            VirErrorCode code = VirErrorCode.fromWire(e.code());
            throw VirException.of(dom == null ? VirErrorDomain.DOMAIN : dom,
                    code == null ? VirErrorCode.INTERNAL_ERROR : code, e.detail());
        }
    }

    /**
     * Writes a persistent definition into the defined pool: domain.xml, and config.sxp as xend would have kept it.
     * A definition xend had no syntax for (see the sxp package) keeps its XML only, and says so in the log.
     */
    void saveDefinition(Domain def) {
        String sxp;
        try {
            sxp = XenSxpr.format(def);
        } catch (SxprException e) {
            LOG.warn("Xen driver: '{}' has no xend S-expression ({}); only domain.xml is kept", def.name, e.getMessage());
            sxp = null;
        }
        try {
            pool.save(UUID.fromString(def.uuid), DomainXml.format(def), sxp);
        } catch (IOException e) {
            throw VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "cannot save the definition of '" + def.name
                    + "' in " + pool.dir() + ": " + e.getMessage());
        }
    }

    // ---- lifecycle, under the state lock and the domain's lock -------------------------------------------------

    Path managedSavePath(String name) { return saveDir.resolve(name + ".save"); }

    /**
     * Starts a domain from its definition (hypervisor, status file, state, event), or from its managed save
     * image when it has one, which is then removed (libvirt's libxlDomainStartNew).
     */
    void startDomain(DomainObject<Domain> obj, boolean paused) {
        if (obj.hasManagedSave()) {
            Path image = managedSavePath(obj.name());
            restoreDomain(obj, image, paused);
            try {
                Files.deleteIfExists(image);
            } catch (IOException e) {
                LOG.warn("Xen driver: cannot remove the managed save image {}: {}", image, e.getMessage());
            }
            obj.setHasManagedSave(false);
            return;
        }
        Domain def = obj.def();
        int id;
        try {
            id = hv.create(def, paused);
        } catch (XenHypervisorException e) {
            throw createFailure(def, e);
        }
        if (obj.isPersistent() && obj.newDef() == null) {
            obj.setNewDef(obj.def());
            obj.setDef(DomainXml.copy(obj.def()));
        }
        domains.setId(obj, id);
        if (paused) obj.setState(DomainState.PAUSED, PAUSED_USER);
        else obj.setState(DomainState.RUNNING, RUNNING_BOOTED);
        obj.setHasManagedSave(false);
        writeStatus(obj);
        lifecycle(obj, DomainEvent.Lifecycle.STARTED, STARTED_BOOTED);
        if (paused) lifecycle(obj, DomainEvent.Lifecycle.SUSPENDED, 0);
    }

    /** Creates the domain of {@code obj} from the image at {@code from} (header already checked by the caller). */
    void restoreDomain(DomainObject<Domain> obj, Path from, boolean paused) {
        int id;
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(from))) {
            XenSaveImage.readHeader(in);
            id = hv.restore(obj.def(), in, paused);
        } catch (IOException e) {
            throw org.virtd.driver.spi.support.SystemErrors.of(FROM, e, "Failed to open domain image file '" + from + "'");
        } catch (XenHypervisorException e) {
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "libxenlight failed to restore domain '" + obj.name() + "'");
        }
        if (obj.isPersistent() && obj.newDef() == null) {
            obj.setNewDef(obj.def());
            obj.setDef(DomainXml.copy(obj.def()));
        }
        domains.setId(obj, id);
        if (paused) obj.setState(DomainState.PAUSED, PAUSED_USER);
        else obj.setState(DomainState.RUNNING, RUNNING_RESTORED);
        writeStatus(obj);
        lifecycle(obj, DomainEvent.Lifecycle.STARTED, STARTED_RESTORED);
        if (paused) lifecycle(obj, DomainEvent.Lifecycle.SUSPENDED, 0);
    }

    /** Saves a running domain to {@code to} and stops it (libvirt's libxlDoDomainSave). */
    void saveDomain(DomainObject<Domain> obj, Path to, boolean managed) {
        if (obj.state() == DomainState.PAUSED) {
            throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                    "Domain '" + obj.id() + "' has to be running because libxenlight will suspend it");
        }
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(to))) {
            Domain d = obj.def();
            Integer saved = d.id;
            d.id = null;
            try {
                XenSaveImage.writeHeader(out, DomainXml.format(d));
            } finally {
                d.id = saved;
            }
            hv.save(obj.id(), out);
        } catch (IOException e) {
            throw org.virtd.driver.spi.support.SystemErrors.of(FROM, e, "Failed to create domain save file '" + to + "'");
        } catch (XenHypervisorException e) {
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "Failed to save domain '" + obj.id() + "' with libxenlight");
        }
        try {
            hv.destroy(obj.id());
        } catch (XenHypervisorException e) {
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "Failed to destroy domain '" + obj.id() + "'");
        }
        obj.setHasManagedSave(managed);
        stopped(obj, SHUTOFF_SAVED, STOPPED_SAVED);
    }

    private static VirException createFailure(Domain def, XenHypervisorException e) {
        if (e.errno().equals("ENOMEM")) {
            // What libvirt reports when libxl's autoballoon cannot find the memory.
            return VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "Failed to balloon domain0 memory");
        }
        return VirException.of(FROM, VirErrorCode.INTERNAL_ERROR,
                "libxenlight failed to create new domain '" + def.name + "'");
    }

    /** Marks a domain stopped: state, id, status file, the persistent definition back; transient ones go. */
    void stopped(DomainObject<Domain> obj, int reason, int eventDetail) {
        try {
            Files.deleteIfExists(statusDir.resolve(obj.uuid() + ".xml"));
        } catch (IOException e) {
            LOG.warn("Xen driver: cannot remove the status file of {}: {}", obj.name(), e.getMessage());
        }
        if (obj.newDef() != null) {
            obj.setDef(obj.newDef());
            obj.setNewDef(null);
        }
        obj.setState(DomainState.SHUTOFF, reason);
        domains.setId(obj, DomainRef.NO_ID);
        lifecycle(obj, DomainEvent.Lifecycle.STOPPED, eventDetail);
        if (!obj.isPersistent()) domains.remove(obj);
    }

    void writeStatus(DomainObject<Domain> obj) {
        Domain d = obj.def();
        Integer saved = d.id;
        d.id = obj.id();
        try {
            StateFiles.write(statusDir.resolve(obj.uuid() + ".xml"), DomainXml.format(d));
        } catch (IOException e) {
            LOG.warn("Xen driver: cannot write the status file of {}: {}", obj.name(), e.getMessage());
        } finally {
            d.id = saved;
        }
    }

    void lifecycle(DomainObject<Domain> obj, int event, int detail) {
        events.publish(new DomainEvent.Lifecycle(obj.ref(), event, detail));
    }

    /**
     * Brings the running pool in line with the hypervisor: domains that shut down or crashed are handled as their
     * on_poweroff/on_reboot/on_crash say (libvirt's shutdown handler), domains that vanished are marked stopped.
     */
    void reconcile() {
        lock.lock();
        try {
            for (DomainObject<Domain> obj : domains.list(o -> o.isActive() && o.id() != 0)) {
                obj.lock().lock();
                try {
                    Optional<DomainInfo> info = hv.domain(obj.id());
                    if (info.isEmpty() || !info.get().uuid().equals(obj.uuid())) {
                        stopped(obj, SHUTOFF_DESTROYED, STOPPED_DESTROYED);
                    } else if (info.get().shutdown() && info.get().shutdownReason() != ShutdownReason.SUSPEND) {
                        guestStopped(obj, info.get().shutdownReason());
                    }
                } catch (XenHypervisorException | RuntimeException e) {
                    LOG.warn("Xen driver: checking domain {}: {}", obj.name(), e.getMessage());
                } finally {
                    obj.lock().unlock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void guestStopped(DomainObject<Domain> obj, ShutdownReason why) throws XenHypervisorException {
        boolean crashed = why == ShutdownReason.CRASH || why == ShutdownReason.WATCHDOG;
        String action = crashed ? obj.def().onCrash : why == ShutdownReason.REBOOT ? obj.def().onReboot : obj.def().onPoweroff;
        if (action == null) action = why == ShutdownReason.REBOOT ? "restart" : "destroy";
        if (action.equals("preserve")) return;
        hv.destroy(obj.id());
        stopped(obj, crashed ? SHUTOFF_CRASHED : SHUTOFF_SHUTDOWN, crashed ? STOPPED_CRASHED : STOPPED_SHUTDOWN);
        if (action.startsWith("restart") && domains.findByUuid(obj.uuid()) == obj) {
            try {
                startDomain(obj, false);
            } catch (VirException e) {
                LOG.error("Failed to restart VM '{}': {}", obj.name(), e.getMessage());
            }
        }
    }

    /** Reconciles on the reaper thread: watch callbacks must not wait for the driver's locks. */
    void reconcileLater() {
        try {
            reaper.execute(this::reconcile);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the state is closing
        }
    }

    List<DomainObject<Domain>> all() { return domains.list(o -> true); }

    @Override
    public void close() {
        reaper.shutdownNow();
        hv.close();
        if (xs != null) xs.close();
        try {
            store.close();
        } catch (IOException e) {
            LOG.warn("Xen driver: stopping XenStore: {}", e.getMessage());
        }
    }
}
