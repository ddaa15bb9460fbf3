package org.virtd.driver.kvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.driver.kvm.caps.QemuCapsCache;
import org.virtd.driver.kvm.command.LaunchContext;
import org.virtd.driver.kvm.command.QemuCommand;
import org.virtd.driver.kvm.command.QemuCommandBuilder;
import org.virtd.driver.kvm.command.QemuDomainDefaults;
import org.virtd.driver.kvm.process.QemuProcess;
import org.virtd.driver.kvm.qmp.QmpClient;
import org.virtd.driver.kvm.qmp.QmpEvent;
import org.virtd.driver.kvm.qmp.QmpException;
import org.virtd.driver.spi.support.DomainEventBus;
import org.virtd.driver.spi.support.DomainObject;
import org.virtd.driver.spi.support.DomainObjectList;
import org.virtd.driver.spi.support.StateFiles;
import org.virtd.driver.spi.support.SystemErrors;
import org.virtd.xml.DomainDefaults;
import org.virtd.xml.DomainXml;
import org.virtd.xml.DomainXmlException;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;

/**
 * The QEMU driver of one host root and mode (system or session): the defined pool ({@code <config>/NAME.xml}, an
 * {@code autostart/} link per autostarted domain, as libvirt keeps /etc/libvirt/qemu), the running pool (one QEMU
 * process each, with a status file in {@code <run>/NAME.xml}), the capabilities cache, events. Shared by every
 * connection; started with the daemon, so a restarted daemon re-attaches the QEMUs still running.
 *
 * <p>Locking: pool membership changes hold {@link #lock} and then the domain's lock; everything else holds only
 * the domain's lock, so one slow or hung QEMU never delays another domain. Monitor events and QEMU's exit are
 * handled on the monitor's own event thread, under the domain's lock. Destroy kills the process before it takes
 * the domain's lock, so it works even while another call waits on a hung monitor (that call then fails at once).
 */
final class QemuDriverState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QemuDriverState.class);
    static final VirErrorDomain FROM = VirErrorDomain.QEMU;
    static final Duration MONITOR_TIMEOUT = Duration.ofSeconds(30);
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    // libvirt's state reasons and lifecycle event details.
    static final int RUNNING_BOOTED = 1, RUNNING_RESTORED = 3, RUNNING_UNPAUSED = 5, RUNNING_CRASHED = 9;
    static final int PAUSED_UNKNOWN = 0, PAUSED_USER = 1, PAUSED_SAVE = 4, PAUSED_SHUTTING_DOWN = 8, PAUSED_STARTING_UP = 11,
            PAUSED_CRASHED = 9;
    static final int SHUTDOWN_UNKNOWN = 0, CRASHED_PANICKED_REASON = 1;
    static final int SHUTOFF_SHUTDOWN = 1, SHUTOFF_DESTROYED = 2, SHUTOFF_CRASHED = 3, SHUTOFF_SAVED = 5, SHUTOFF_FAILED = 6;
    static final int STARTED_BOOTED = 0, STARTED_RESTORED = 2;
    static final int STOPPED_SHUTDOWN = 0, STOPPED_DESTROYED = 1, STOPPED_CRASHED = 2, STOPPED_SAVED = 4, STOPPED_FAILED = 5;
    static final int SUSPENDED_PAUSED = 0, RESUMED_UNPAUSED = 0;
    static final int SHUTDOWN_FINISHED = 0, SHUTDOWN_GUEST = 1, SHUTDOWN_HOST = 2, CRASHED_PANICKED = 0;

    enum Mode { SYSTEM, SESSION }

    private record Key(Path root, Mode mode) {}

    private static final Map<Key, QemuDriverState> STATES = new HashMap<>();

    final DriverEnvironment env;
    final Mode mode;
    final Path configDir, autostartDir, statusDir, libDir, logDir, saveDir;
    final DomainObjectList<Domain> domains = new DomainObjectList<>();
    final DomainEventBus events = new DomainEventBus();
    final ReentrantLock lock = new ReentrantLock();
    final QemuCapsCache capsCache;
    final QemuHost host;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final SecureRandom random = new SecureRandom();

    /** What the driver knows of a domain's QEMU while it runs (libvirt's qemuDomainObjPrivate). */
    static final class Runtime {
        /**
         * One state-changing call at a time per domain (libvirt's job). Held while QEMU answers, when the
         * domain's lock is not: queries and monitor events go on meanwhile.
         */
        final ReentrantLock job = new ReentrantLock();
        QemuProcess process;
        Path dir;
        /** The guest powered itself off (QEMU said SHUTDOWN, guest-initiated): its exit is a clean shutdown. */
        boolean guestShutdown;
        /** A reboot was asked as ACPI power-off: the SHUTDOWN that follows becomes system_reset + cont. */
        boolean fakeReboot;
        /** QEMU stopped for a power-off that is being turned into a reset (libvirt's pausedShutdown). */
        boolean pausedShutdown;
        /** Destroy has begun: QEMU's exit is a destroy, not a crash. */
        boolean destroying;
        /** Open console sessions by pty path (one each; libvirt's chrdev lock). */
        final java.util.Map<String, PtyStream> consoles = new HashMap<>();
        /** The balloon's current size in KiB, as QEMU last reported it; 0 = not known. */
        long balloonKiB;
    }

    private QemuDriverState(DriverEnvironment env, Mode mode) {
        this.env = env;
        this.mode = mode;
        String sub = mode == Mode.SYSTEM ? "qemu" : "qemu-session";
        this.configDir = env.configDir().resolve(sub);
        this.autostartDir = configDir.resolve("autostart");
        this.statusDir = env.runDir().resolve(sub);
        this.libDir = env.stateDir().resolve(sub);
        this.saveDir = libDir.resolve("save");
        this.logDir = env.root().resolve("var/log/virtd").resolve(sub);
        this.capsCache = new QemuCapsCache(env.root().resolve("var/cache/virtd").resolve(sub).resolve("capabilities"));
        this.host = new QemuHost(capsCache);
    }

    static QemuDriverState of(DriverEnvironment env, Mode mode) {
        Key key = new Key(env.root().toAbsolutePath().normalize(), mode);
        synchronized (STATES) {
            QemuDriverState s = STATES.get(key);
            if (s == null) {
                s = new QemuDriverState(env, mode);
                s.start();
                STATES.put(key, s);
            }
            return s;
        }
    }

    static void stop(DriverEnvironment env) {
        List<QemuDriverState> gone = new ArrayList<>();
        synchronized (STATES) {
            for (Mode m : Mode.values()) {
                QemuDriverState s = STATES.remove(new Key(env.root().toAbsolutePath().normalize(), m));
                if (s != null) gone.add(s);
            }
        }
        gone.forEach(QemuDriverState::close);
    }

    // ---- start-up -------------------------------------------------------------------------------------------------

    private void start() {
        try {
            for (Path d : List.of(configDir, autostartDir, statusDir, libDir, saveDir, logDir)) Files.createDirectories(d);
            loadDefinitions();
            reattachAll();
        } catch (IOException e) {
            throw SystemErrors.of(FROM, e, "cannot initialise the QEMU driver state in " + libDir);
        }
        Thread.ofVirtual().name("qemu-autostart").start(this::autostart);
    }

    private void loadDefinitions() throws IOException {
        try (var files = Files.list(configDir)) {
            for (Path p : files.sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".xml") || !Files.isRegularFile(p)) continue;
                try {
                    Domain def = parse(Files.readString(p), false);
                    var added = domains.add(def.name, UUID.fromString(def.uuid), def);
                    added.object().setPersistent(true);
                    added.object().setAutostart(Files.exists(autostartDir.resolve(def.name + ".xml"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
                    added.object().setHasManagedSave(Files.exists(managedSavePath(def.name)));
                } catch (VirException bad) {
                    LOG.error("QEMU driver: skipping the definition {}: {}", p, bad.getMessage());
                }
            }
        }
    }

    /**
     * Finds every QEMU a status file names: still running ones are re-attached (neither paused nor killed), their
     * state taken from QEMU itself; ones that died meanwhile are marked shut off (crashed), as libvirt's reconnect
     * does. Each is re-attached on its own thread, so a hung one does not hold up the rest.
     */
    private void reattachAll() throws IOException {
        List<Thread> threads = new ArrayList<>();
        try (var files = Files.list(statusDir)) {
            for (Path p : files.sorted().toList()) {
                if (!p.getFileName().toString().endsWith(".xml") || !Files.isRegularFile(p)) continue;
                threads.add(Thread.ofVirtual().name("qemu-reattach").start(() -> reattach(p)));
            }
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reattach(Path statusFile) {
        DomainStatus st;
        Domain live;
        try {
            st = DomainStatus.parse(Files.readString(statusFile));
            if (st == null) throw new IOException("not a status file");
            live = DomainXml.bind(st.domainXml());
        } catch (IOException | RuntimeException e) {
            LOG.error("QEMU driver: unreadable status file {}: {}", statusFile, e.getMessage());
            return;
        }
        UUID uuid = UUID.fromString(live.uuid);
        DomainObject<Domain> obj;
        lock.lock();
        try {
            obj = domains.findByUuid(uuid);
            if (obj == null) obj = domains.add(live.name, uuid, live).object();
            else {
                obj.setNewDef(obj.def());
                obj.setDef(live);
            }
            synchronized (nextId) {
                if (live.id != null && live.id >= nextId.get()) nextId.set(live.id + 1);
            }
        } finally {
            lock.unlock();
        }
        obj.lock().lock();
        try {
            Runtime rt = runtime(obj);
            rt.dir = Path.of(st.monitor()).getParent();
            rt.guestShutdown = st.guestShutdown();
            domains.setId(obj, live.id == null ? nextId.getAndIncrement() : live.id);
            live.id = null;
            QemuProcess proc = null;
            try {
                proc = QemuProcess.attach(st.pid(), live.uuid, Path.of(st.monitor()), Duration.ofSeconds(10)).orElse(null);
            } catch (QemuProcess.LaunchException e) {
                LOG.error("QEMU driver: cannot reach the monitor of '{}' (pid {}): {}", obj.name(), st.pid(), e.getMessage());
                ProcessHandle.of(st.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (proc == null) {
                LOG.warn("QEMU driver: '{}' (pid {}) ended while no daemon watched it", obj.name(), st.pid());
                obj.setState(DomainState.RUNNING, st.reason());
                rt.process = null;
                finishStop(obj, rt.guestShutdown ? SHUTOFF_SHUTDOWN : SHUTOFF_CRASHED,
                        rt.guestShutdown ? STOPPED_SHUTDOWN : STOPPED_FAILED);
                return;
            }
            rt.process = proc;
            DomainState state = DomainState.valueOf(st.state().toUpperCase());
            obj.setState(state, st.reason());
            watch(obj, proc);
            syncRunState(obj, proc);
            LOG.info("QEMU driver: re-attached '{}' (pid {}, id {})", obj.name(), proc.pid(), obj.id());
        } finally {
            obj.lock().unlock();
        }
    }

    /** Takes the run state from QEMU itself (it may have changed while no daemon listened to its events). */
    private void syncRunState(DomainObject<Domain> obj, QemuProcess proc) {
        try {
            JsonNode status = proc.monitor().execute("query-status", null);
            boolean running = status.path("running").asBoolean();
            if (running && obj.state() == DomainState.PAUSED) obj.setState(DomainState.RUNNING, RUNNING_UNPAUSED);
            else if (!running && obj.state() == DomainState.RUNNING) {
                String why = status.path("status").asText();
                obj.setState(DomainState.PAUSED, why.equals("shutdown") ? PAUSED_SHUTTING_DOWN : PAUSED_UNKNOWN);
            }
            if (!running && status.path("status").asText().equals("shutdown")) {
                // The guest powered off while nobody listened: finish it as the SHUTDOWN handler would have.
                runtime(obj).guestShutdown = true;
                Thread.ofVirtual().start(() -> proc.kill(Duration.ofSeconds(5), true));
            }
            writeStatus(obj);
        } catch (QmpException | RuntimeException e) {
            LOG.warn("QEMU driver: query-status on '{}': {}", obj.name(), e.getMessage());
        }
    }

    private void autostart() {
        for (DomainObject<Domain> o : domains.list(o -> o.isAutostart() && !o.isActive())) {
            o.lock().lock();
            try {
                if (!o.isActive()) startDomain(o, false);
            } catch (VirException e) {
                LOG.error("Failed to autostart VM '{}': {}", o.name(), e.getMessage());
            } finally {
                o.lock().unlock();
            }
        }
    }

    // ---- definitions ------------------------------------------------------------------------------------------------

    /**
     * Parses a definition as the driver keeps it: libvirt's generic defaults, then the QEMU driver's checks that
     * need the emulator (machine type, virtualization type).
     */
    Domain parse(String xml, boolean validate) {
        Domain d;
        try {
            d = DomainXml.parse(xml, validate);
            DomainXml.dropUnknown(d);
            DomainDefaults.applyGeneric(d, false, host.hostArch());
        } catch (DomainXmlException e) {
            VirErrorDomain dom = VirErrorDomain.fromWire(e.errorDomain());
            VirErrorCode code = VirErrorCode.fromWire(e.code());
            throw VirException.of(dom == null ? VirErrorDomain.DOMAIN : dom,
                    code == null ? VirErrorCode.INTERNAL_ERROR : code, e.detail());
        }
        host.completeAndCheck(d);
        return d;
    }

    void saveDefinition(Domain def) {
        try {
            StateFiles.write(configDir.resolve(def.name + ".xml"), DomainXml.format(def));
        } catch (IOException e) {
            throw SystemErrors.of(FROM, e, "cannot save the definition of '" + def.name + "' in " + configDir);
        }
    }

    void deleteDefinition(String name) throws IOException {
        Files.deleteIfExists(autostartDir.resolve(name + ".xml"));
        Files.deleteIfExists(configDir.resolve(name + ".xml"));
    }

    Path managedSavePath(String name) { return saveDir.resolve(name + ".save"); }

    Path logFile(String name) { return logDir.resolve(name + ".log"); }

    /** The domain's runtime data; the caller holds the domain's lock. */
    static Runtime runtime(DomainObject<Domain> obj) {
        return obj.privateData(Runtime.class, Runtime::new);
    }

    /** Runs {@code body} under the domain's lock (short sections between monitor calls). */
    static <T> T locked(DomainObject<Domain> obj, java.util.function.Function<DomainObject<Domain>, T> body) {
        obj.lock().lock();
        try {
            return body.apply(obj);
        } finally {
            obj.lock().unlock();
        }
    }

    /**
     * Runs {@code body} as the domain's job: alone among state-changing calls on it, without its lock. Waits for
     * another job at most the monitor's deadline, then fails as libvirt does.
     */
    <T> T job(DomainObject<Domain> obj, String what, java.util.function.Function<DomainObject<Domain>, T> body) {
        Runtime rt = locked(obj, QemuDriverState::runtime);
        try {
            if (!rt.job.tryLock(MONITOR_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_TIMEOUT,
                        "cannot acquire state change lock (held by another call) for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(FROM, VirErrorCode.OPERATION_FAILED, "interrupted while waiting for " + what);
        }
        try {
            return body.apply(obj);
        } finally {
            rt.job.unlock();
        }
    }

    // ---- starting ---------------------------------------------------------------------------------------------------

    /** Starts a domain (the caller holds its lock): from its managed save image when it has one, else fresh. */
    void startDomain(DomainObject<Domain> obj, boolean paused) {
        if (obj.hasManagedSave()) {
            Path image = managedSavePath(obj.name());
            QemuSaveImage.restore(this, obj, image, paused, false);
            try {
                Files.deleteIfExists(image);
            } catch (IOException e) {
                LOG.warn("QEMU driver: cannot remove the managed save image {}: {}", image, e.getMessage());
            }
            obj.setHasManagedSave(false);
            return;
        }
        launch(obj, paused, null);
        lifecycle(obj, DomainEvent.Lifecycle.STARTED, STARTED_BOOTED);
        if (paused) lifecycle(obj, DomainEvent.Lifecycle.SUSPENDED, SUSPENDED_PAUSED);
    }

    /**
     * Builds the live definition, runs QEMU with it (stopped, {@code -S}), learns what QEMU chose (pty paths), writes
     * the status file and lets the vCPUs run unless {@code paused}. {@code incoming} is a migration source (restore).
     * On any failure QEMU is gone and the domain is as before.
     */
    void launch(DomainObject<Domain> obj, boolean paused, QemuSaveImage.Incoming incoming) {
        Domain persistent = obj.def();
        Domain live = DomainXml.copy(persistent);
        QemuCaps caps = host.capsFor(live);
        host.checkStartable(live, caps);
        int id = nextId.getAndIncrement();
        Path dir = libDir.resolve("domain-" + id + "-" + shortName(live.name));
        Path monitor = monitorSocketPath(dir);
        Path log = logFile(live.name);
        QemuCommand launch;
        try {
            Files.createDirectories(dir);
            // QEMU's HOME and XDG directories (the command's environment points into the domain's directory).
            for (String sub : List.of(".local/share", ".cache", ".config")) Files.createDirectories(dir.resolve(sub));
            byte[] key = new byte[32];
            random.nextBytes(key);
            StateFiles.write(dir.resolve("master-key.aes"), key);
            QemuDomainDefaults.assignAliases(live);
            // <genid/> asks for a new VM generation ID at every start (libvirt's genid auto); the live XML shows it.
            if (live.genid != null && live.genid.isBlank()) live.genid = UUID.randomUUID().toString();
            allocateGraphics(live);
            liveStorageAndLabels(live);
            HostTaps.create(live);
            launch = QemuCommandBuilder.build(live, caps, LaunchContext.of(dir, monitor));
            if (incoming != null) {
                List<String> argv = new ArrayList<>(launch.argv());
                argv.addAll(List.of("-incoming", "defer"));
                launch = new QemuCommand(launch.env(), argv);
            }
            Files.createDirectories(log.getParent());
            Files.writeString(log, logHeader(launch), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            HostTaps.remove(live);
            if (e instanceof IOException io) throw SystemErrors.of(FROM, io, "cannot prepare the start of '" + live.name + "' in " + dir);
            throw (RuntimeException) e;
        }
        QemuProcess proc;
        try {
            proc = QemuProcess.launch(launch.argv(), launch.env(), log, monitor, START_TIMEOUT);
        } catch (QemuProcess.LaunchException e) {
            deleteTree(dir);
            HostTaps.remove(live);
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, e.getMessage());
        }
        Runtime rt = runtime(obj);
        rt.process = proc;
        rt.dir = dir;
        rt.guestShutdown = rt.fakeReboot = rt.destroying = rt.pausedShutdown = false;
        rt.balloonKiB = 0;
        try {
            proc.monitor().setTimeout(MONITOR_TIMEOUT);
            learnPtys(live, proc.monitor());
            if (obj.isPersistent() && obj.newDef() == null) obj.setNewDef(persistent);
            obj.setDef(live);
            domains.setId(obj, id);
            obj.setState(DomainState.PAUSED, PAUSED_STARTING_UP);
            watch(obj, proc);
            if (incoming != null) QemuSaveImage.feed(proc.monitor(), dir, incoming);
            writeStatus(obj);
            if (!paused) {
                proc.monitor().execute("cont", null);
                obj.setState(DomainState.RUNNING, incoming != null ? RUNNING_RESTORED : RUNNING_BOOTED);
            } else {
                obj.setState(DomainState.PAUSED, PAUSED_USER);
            }
            writeStatus(obj);
        } catch (QmpException | RuntimeException e) {
            boolean died = !(e instanceof VirException) && proc.exited();
            rt.destroying = true;
            proc.kill(Duration.ofSeconds(2), true);
            rt.process = null;
            deleteTree(dir);
            HostTaps.remove(live);
            try {
                Files.deleteIfExists(statusDir.resolve(obj.name() + ".xml"));
            } catch (IOException ignored) {
                // best effort: the start is failing anyway
            }
            if (obj.newDef() != null) {
                obj.setDef(obj.newDef());
                obj.setNewDef(null);
            }
            domains.setId(obj, DomainRef.NO_ID);
            obj.setState(DomainState.SHUTOFF, SHUTOFF_FAILED);
            if (e instanceof VirException v) throw v;
            if (died) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "qemu unexpectedly closed the monitor: " + proc.logSinceStart());
            }
            throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "cannot start '" + live.name + "': " + e.getMessage());
        }
    }

    /**
     * What libvirt's live XML adds for storage and security: each disk source's node index (the N of the
     * {@code libvirt-N-storage} node QEMU gets, counted from the last disk) with an empty backing chain, and the
     * DAC label QEMU runs with (this process's uid:gid, as qemu.conf's user/group would give it).
     */
    private static void liveStorageAndLabels(Domain live) {
        controllerAliases(live);
        int n = live.devices.disk.size();
        for (int i = 0; i < n; i++) {
            Disk d = live.devices.disk.get(i);
            if (localPath(d) == null) continue;
            d.source.otherAttributes.put(new javax.xml.namespace.QName("index"), Integer.toString(n - i));
            if (d.backingStore == null) d.backingStore = new Generic();
        }
        if (live.seclabel.isEmpty()) {
            org.virtd.xml.domain.Seclabel dac = new org.virtd.xml.domain.Seclabel();
            dac.type = "dynamic";
            dac.model = "dac";
            dac.relabel = "yes";
            String ids = "+" + unixId("uid") + ":+" + unixId("gid");
            dac.label = ids;
            dac.imagelabel = ids;
            live.seclabel.add(dac);
        }
    }

    /**
     * Controllers' live {@code <alias>}es ({@code pci.0}, {@code usb}, {@code ide}, ...: the ids QEMU knows them by).
     * The model keeps a controller's children as elements, so the alias is one too; the formatter orders it.
     */
    private static void controllerAliases(Domain live) {
        org.w3c.dom.Document doc;
        try {
            doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        for (org.virtd.xml.domain.Controller c : live.devices.controller) {
            c.other.removeIf(el -> el.getLocalName() != null ? el.getLocalName().equals("alias") : el.getTagName().equals("alias"));
            org.w3c.dom.Element alias = doc.createElement("alias");
            int index = c.index == null ? 0 : Integer.parseInt(c.index);
            alias.setAttribute("name", org.virtd.driver.kvm.command.QemuAliases.controller(live, c.type, index, c.model));
            c.other.add(alias);
        }
    }

    private static long unixId(String attr) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:" + attr)).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** VNC's first port; libvirt's remote_display_port_min. */
    private static final int VNC_PORT_MIN = 5900, VNC_PORT_MAX = 65535;
    /** libvirt's vnc_listen default: VNC on loopback unless the definition says otherwise. */
    private static final String VNC_LISTEN = "127.0.0.1";

    /**
     * Settles what QEMU needs from the host for VNC displays, as libvirt does at start: an autoport display gets
     * the lowest free port from 5900 (not held by another of our domains nor bound by anyone), and an address
     * listen without an address gets vnc_listen's. The live definition shows both.
     */
    private void allocateGraphics(Domain live) {
        for (org.virtd.xml.domain.Graphics g : live.devices.graphics) {
            if (!"vnc".equals(g.type)) continue;
            Generic listen = g.listen.isEmpty() ? null : g.listen.get(0);
            String type = listen == null ? "address" : listen.attribute("type");
            if (!"address".equals(type)) continue;
            String address = listen != null && listen.attribute("address") != null ? listen.attribute("address")
                    : g.listenAddress != null ? g.listenAddress : VNC_LISTEN;
            if (listen == null) {
                listen = new Generic().attribute("type", "address");
                g.listen.add(listen);
            }
            listen.attribute("address", address);
            g.listenAddress = address;
            boolean auto = g.port == null || "-1".equals(g.port) || "yes".equals(g.autoport);
            if (auto) g.port = Integer.toString(freeVncPort(address));
        }
    }

    private int freeVncPort(String address) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (DomainObject<Domain> o : domains.list(DomainObject::isActive)) {
            Domain d = o.def();
            if (d.devices == null) continue;
            for (org.virtd.xml.domain.Graphics g : d.devices.graphics) {
                try {
                    if (g.port != null) taken.add(Integer.parseInt(g.port));
                } catch (NumberFormatException ignored) {
                    // not a port
                }
            }
        }
        for (int port = VNC_PORT_MIN; port <= VNC_PORT_MAX; port++) {
            if (taken.contains(port)) continue;
            try (var probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(address, port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "Unable to find an unused port for VNC");
    }

    /**
     * The monitor socket: in the domain's directory as libvirt has it, unless that path is longer than a UNIX
     * socket address can be (107 bytes; deep relocated roots), then in a private directory under the system's
     * temporary directory. The status file records which.
     */
    private static Path monitorSocketPath(Path dir) {
        Path p = dir.resolve("monitor.sock");
        if (p.toString().getBytes(StandardCharsets.UTF_8).length <= 107) return p;
        try {
            return Files.createTempDirectory("virtd-qemu-").resolve("monitor.sock");
        } catch (IOException e) {
            throw SystemErrors.of(FROM, e, "cannot create a directory for the monitor socket");
        }
    }

    private static String shortName(String name) {
        return name.length() <= 20 ? name : name.substring(0, 20);
    }

    private String logHeader(QemuCommand launch) {
        StringBuilder sb = new StringBuilder();
        sb.append(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSXXX")))
                .append(": starting up virtd QEMU driver\n");
        launch.env().forEach((k, v) -> sb.append(k).append('=').append(v).append(" \\\n"));
        sb.append(String.join(" \\\n", launch.argv())).append('\n');
        return sb.toString();
    }

    /** Pty chardevs get their path from QEMU: the live definition shows it, as libvirt's does. */
    private static void learnPtys(Domain live, QmpClient qmp) throws QmpException {
        if (live.devices == null) return;
        Map<String, String> ptys = new HashMap<>();
        for (JsonNode c : qmp.execute("query-chardev", null)) {
            String file = c.path("filename").asText();
            if (file.startsWith("pty:")) ptys.put(c.path("label").asText(), file.substring(4));
        }
        List<Chardev> all = new ArrayList<>(live.devices.serial);
        all.addAll(live.devices.console);
        all.addAll(live.devices.parallel);
        all.addAll(live.devices.channel);
        for (Chardev c : all) {
            if (!"pty".equals(c.type) || c.alias == null) continue;
            String path = ptys.get("char" + c.alias.attribute("name"));
            if (path == null) continue;
            if (c.source.isEmpty()) c.source.add(new Generic());
            c.source.get(0).attribute("path", path);
            if (live.devices.console.contains(c)) c.otherAttributes.put(new javax.xml.namespace.QName("tty"), path);
        }
    }

    // ---- monitor events and QEMU's exit ---------------------------------------------------------------------------

    private void watch(DomainObject<Domain> obj, QemuProcess proc) {
        proc.monitor().onEvent(e -> onMonitorEvent(obj, proc, e));
        proc.monitor().onClose(() -> Thread.ofVirtual().name("qemu-exit").start(() -> onMonitorClosed(obj, proc)));
    }

    private void onMonitorEvent(DomainObject<Domain> obj, QemuProcess proc, QmpEvent e) {
        obj.lock().lock();
        try {
            Runtime rt = runtime(obj);
            if (rt.process != proc) return;
            switch (e.name()) {
                case "STOP" -> {
                    // A power-off being turned into a reset pauses QEMU only for a moment: not a state to show.
                    if (obj.state() == DomainState.RUNNING && !rt.job.isLocked() && !rt.pausedShutdown) {
                        obj.setState(DomainState.PAUSED, PAUSED_UNKNOWN);
                        lifecycle(obj, DomainEvent.Lifecycle.SUSPENDED, SUSPENDED_PAUSED);
                        writeStatus(obj);
                    }
                }
                case "RESUME" -> {
                    if (rt.pausedShutdown) {
                        // The reset guest runs again: the reboot is done (libvirt: running, booted; no event).
                        rt.pausedShutdown = false;
                        rt.fakeReboot = false;
                        obj.setState(DomainState.RUNNING, RUNNING_BOOTED);
                        writeStatus(obj);
                    } else if (obj.state() == DomainState.PAUSED && !rt.job.isLocked()) {
                        obj.setState(DomainState.RUNNING, RUNNING_UNPAUSED);
                        lifecycle(obj, DomainEvent.Lifecycle.RESUMED, RESUMED_UNPAUSED);
                        writeStatus(obj);
                    }
                }
                case "SHUTDOWN" -> {
                    // A destroy's SIGTERM makes QEMU say SHUTDOWN (host-signal) too: that is not the guest's doing.
                    if (!rt.destroying) onShutdown(obj, rt, proc, e.data());
                }
                case "RESET" -> events.publish(new DomainEvent.Reboot(obj.ref()));
                case "BALLOON_CHANGE" -> {
                    rt.balloonKiB = e.data().path("actual").asLong() / 1024;
                    events.publish(new DomainEvent.BalloonChange(obj.ref(), rt.balloonKiB));
                }
                case "GUEST_PANICKED" -> onPanic(obj, rt, proc);
                default -> { }
            }
        } finally {
            obj.lock().unlock();
        }
    }

    /**
     * QEMU runs with {@code -no-shutdown}: a guest power-off stops it instead of ending it. As libvirt does: a
     * pending reboot (fake reboot) or on_poweroff=restart resets the guest and lets it run again, with neither a
     * state change nor an event (the STOP that follows is ignored); otherwise the domain is "shutdown" with a
     * Shutdown event saying who asked, and QEMU is ended so that its exit completes the stop.
     */
    private void onShutdown(DomainObject<Domain> obj, Runtime rt, QemuProcess proc, JsonNode data) {
        if (obj.state() == DomainState.SHUTDOWN) return;
        String onPoweroff = obj.def().onPoweroff == null ? "destroy" : obj.def().onPoweroff;
        if (rt.fakeReboot || onPoweroff.startsWith("restart")) {
            rt.pausedShutdown = true;
            proc.monitor().executeAsync("system_reset", null)
                    .thenCompose(r -> proc.monitor().executeAsync("cont", null))
                    .whenComplete((r, failure) -> {
                        if (failure == null) return;  // the RESUME that follows completes the reboot, in event order
                        LOG.warn("QEMU driver: rebooting '{}': {}", obj.name(), failure.getMessage());
                        obj.lock().lock();
                        try {
                            rt.pausedShutdown = false;
                            rt.fakeReboot = false;
                        } finally {
                            obj.lock().unlock();
                        }
                    });
            return;
        }
        rt.guestShutdown = true;
        obj.setState(DomainState.SHUTDOWN, SHUTDOWN_UNKNOWN);
        JsonNode guest = data.get("guest");
        int detail = guest == null ? SHUTDOWN_FINISHED : guest.asBoolean() ? SHUTDOWN_GUEST : SHUTDOWN_HOST;
        lifecycle(obj, DomainEvent.Lifecycle.SHUTDOWN, detail);
        writeStatus(obj);
        Thread.ofVirtual().start(() -> proc.kill(Duration.ofSeconds(10), true));
    }

    private void onPanic(DomainObject<Domain> obj, Runtime rt, QemuProcess proc) {
        String action = obj.def().onCrash == null ? "destroy" : obj.def().onCrash;
        // Crashed at once (QEMU's STOP after the panic is then no pause of its own), whatever on_crash does next.
        obj.setState(DomainState.CRASHED, CRASHED_PANICKED_REASON);
        lifecycle(obj, DomainEvent.Lifecycle.CRASHED, CRASHED_PANICKED);
        writeStatus(obj);
        if (action.equals("preserve")) return;
        rt.destroying = true;
        Thread.ofVirtual().start(() -> {
            proc.kill(Duration.ofSeconds(5), true);
            obj.lock().lock();
            try {
                if (runtime(obj).process == proc) finishStop(obj, SHUTOFF_CRASHED, STOPPED_CRASHED);
            } finally {
                obj.lock().unlock();
            }
            if (action.startsWith("restart")) restartLater(obj);
        });
    }

    /**
     * QEMU's monitor closed: QEMU ended. A destroy or save in progress finishes the stop itself; otherwise it was a
     * guest power-off that completed (shutdown) or QEMU died (crashed).
     */
    private void onMonitorClosed(DomainObject<Domain> obj, QemuProcess proc) {
        obj.lock().lock();
        try {
            Runtime rt = runtime(obj);
            if (rt.process != proc || rt.destroying) return;
            // The monitor can close a moment before the process is reaped.
            proc.kill(Duration.ofSeconds(5), true);
            if (rt.guestShutdown) {
                finishStop(obj, SHUTOFF_SHUTDOWN, STOPPED_SHUTDOWN);
            } else {
                LOG.warn("QEMU driver: QEMU of '{}' (pid {}) exited unexpectedly: {}", obj.name(), proc.pid(),
                        QemuProcess.logTail(logFile(obj.name()), Math.max(0, logSize(obj.name()) - 512)));
                finishStop(obj, SHUTOFF_CRASHED, STOPPED_FAILED);
            }
        } finally {
            obj.lock().unlock();
        }
    }

    private long logSize(String name) {
        try {
            return Files.size(logFile(name));
        } catch (IOException e) {
            return 0;
        }
    }

    private void restartLater(DomainObject<Domain> obj) {
        Thread.ofVirtual().start(() -> {
            obj.lock().lock();
            try {
                if (!obj.isActive() && domains.findByUuid(obj.uuid()) == obj) startDomain(obj, false);
            } catch (VirException e) {
                LOG.error("Failed to restart VM '{}': {}", obj.name(), e.getMessage());
            } finally {
                obj.lock().unlock();
            }
        });
    }

    // ---- stopping ---------------------------------------------------------------------------------------------------

    /**
     * Ends QEMU for destroy or save: marks the stop as ours first (so its exit is not a crash), kills it without
     * holding the domain's lock, then completes the stop under it. Returns false when QEMU was already gone.
     */
    boolean stopProcess(DomainObject<Domain> obj, boolean graceful, int reason, int detail) {
        QemuProcess proc;
        obj.lock().lock();
        try {
            if (!obj.isActive()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
            }
            Runtime rt = runtime(obj);
            proc = rt.process;
            rt.destroying = true;
        } finally {
            obj.lock().unlock();
        }
        boolean gone = proc == null || proc.kill(graceful ? Duration.ofSeconds(10) : Duration.ofSeconds(3), !graceful);
        obj.lock().lock();
        try {
            Runtime rt = runtime(obj);
            if (!gone) {
                rt.destroying = false;
                throw VirException.of(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR,
                        "Failed to terminate process " + proc.pid() + " with SIGTERM: Device or resource busy");
            }
            if (rt.process != proc || !obj.isActive()) return false;
            finishStop(obj, reason, detail);
            return true;
        } finally {
            obj.lock().unlock();
        }
    }

    /** The domain is stopped (QEMU gone; the caller holds its lock): files, state, event, persistent definition. */
    void finishStop(DomainObject<Domain> obj, int reason, int detail) {
        Runtime rt = runtime(obj);
        rt.consoles.values().forEach(PtyStream::abort);
        rt.consoles.clear();
        Path monitor = rt.process == null ? null : rt.process.monitorSocket();
        if (rt.process != null) rt.process.monitor().close();
        rt.process = null;
        if (monitor != null && monitor.getParent().getFileName().toString().startsWith("virtd-qemu-")) {
            deleteTree(monitor.getParent());
        }
        rt.destroying = rt.guestShutdown = rt.fakeReboot = rt.pausedShutdown = false;
        try {
            Files.deleteIfExists(statusDir.resolve(obj.name() + ".xml"));
        } catch (IOException e) {
            LOG.warn("QEMU driver: cannot remove the status file of {}: {}", obj.name(), e.getMessage());
        }
        if (rt.dir != null) deleteTree(rt.dir);
        rt.dir = null;
        HostTaps.remove(obj.def());
        if (obj.newDef() != null) {
            obj.setDef(obj.newDef());
            obj.setNewDef(null);
        }
        obj.setState(DomainState.SHUTOFF, reason);
        domains.setId(obj, DomainRef.NO_ID);
        lifecycle(obj, DomainEvent.Lifecycle.STOPPED, detail);
        if (!obj.isPersistent()) domains.remove(obj);
    }

    void writeStatus(DomainObject<Domain> obj) {
        Runtime rt = runtime(obj);
        if (rt.process == null) return;
        Domain d = obj.def();
        Integer saved = d.id;
        d.id = obj.id();
        try {
            DomainStatus st = new DomainStatus(obj.state().name().toLowerCase(), obj.reason(), rt.process.pid(),
                    rt.process.monitorSocket().toString(), rt.guestShutdown, DomainXml.format(d, true));
            StateFiles.write(statusDir.resolve(obj.name() + ".xml"), st.format());
        } catch (IOException e) {
            LOG.warn("QEMU driver: cannot write the status file of {}: {}", obj.name(), e.getMessage());
        } finally {
            d.id = saved;
        }
    }

    void lifecycle(DomainObject<Domain> obj, int event, int detail) {
        events.publish(new DomainEvent.Lifecycle(obj.ref(), event, detail));
    }

    /** The disk's path when it is a local file or block device (null for network and empty drives). */
    static String localPath(Disk d) {
        if (d.source == null) return null;
        return d.source.file != null ? d.source.file : d.source.dev;
    }

    static ObjectNode args() { return JsonNodeFactory.instance.objectNode(); }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("QEMU driver: cannot remove {}: {}", dir, e.getMessage());
        }
    }

    List<DomainObject<Domain>> all() { return domains.list(o -> true); }

    /** The daemon stops: guests keep running (their status files let the next daemon find them). */
    @Override
    public void close() {
        for (DomainObject<Domain> o : domains.list(DomainObject::isActive)) {
            Runtime rt = runtime(o);
            if (rt.process != null) {
                rt.destroying = true;  // our monitor connection closing is not the guest ending
                rt.process.monitor().close();
            }
        }
    }
}
