package org.virtd.driver.xen.hv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.virtd.driver.spi.support.StateFiles;
import org.virtd.xml.domain.Domain;

/**
 * A simulated Xen host for machines without Xen. Its state is a file ({@code sim-hypervisor.state}, rewritten
 * atomically on every change), so simulated domains outlive the daemon as real ones outlive their toolstack: a
 * restarted virtd finds them with the same ids, memory and uptime.
 *
 * <p>What it models, because the driver relies on it: Domain-0 starts holding the host's memory but what Xen
 * keeps for itself and a small free slice, and is ballooned down (to a floor) when free memory does not cover a new domain, as libxl's
 * autoballoon does; a domain that does not fit fails with ENOMEM. Domain ids are allocated as Xen does: one past
 * the last one created, wrapping below the reserved range and skipping ids in use. CPU time advances while a
 * domain runs (at {@link #CPU_SHARE} of each vCPU: idle guests). Shutdown and reboot are requests the guest may
 * honour or ignore ({@link #setIgnoresShutdown}); {@link #crash} injects a crash. A domain that shut down or
 * crashed stays, flagged, until destroyed, as on Xen.
 *
 * <p>With a XenStore attached ({@link #attach}) it also does what libxl and a PV guest do there: creating a
 * domain writes libxl's tree and introduces it ({@link XenStoreLayout}), destroying removes it and releases it
 * ({@code @releaseDomain}), a shutdown request is {@code control/shutdown}, which the simulated guest's xenbus
 * driver acknowledges by clearing it before acting. Tests steer a guest with Xen's own tools through
 * {@code /local/domain/<id>/virtd-sim/}: {@code ignore-shutdown} = 1 makes it ignore requests, {@code crash} = 1
 * crashes it.
 */
public final class SimXenHypervisor implements XenHypervisor {
    /** Xen reserves domain ids from DOMID_FIRST_RESERVED (0x7FF0) up. */
    static final int DOMID_FIRST_RESERVED = 0x7FF0;
    /** Fraction of each vCPU a simulated guest uses: CPU time grows, slowly, as an idle guest's does. */
    static final double CPU_SHARE = 0.01;
    /** How long a cooperating guest takes to act on a shutdown request. */
    static final long GUEST_REACTION_MS = 50;
    static final UUID DOM0_UUID = new UUID(0, 0);
    private static final String MAGIC = "virtd-xen-sim 1";

    /** The simulated host: its memory, what Xen keeps, Domain-0's floor when ballooning, its CPUs. */
    public record Host(long totalKib, long xenKib, long dom0MinKib, int cpus, int cpuMhz) {
        /** A host like this machine: its memory and CPUs. */
        public static Host likeThisMachine() {
            long total = 4L << 20;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) total = Long.parseLong(line.replaceAll("\\D", ""));
                }
            } catch (IOException | NumberFormatException e) {
                // keep the default
            }
            return withMemory(total);
        }

        /** A host with {@code totalKib} of memory (tests size it to exhaust it on purpose). */
        public static Host withMemory(long totalKib) {
            long xen = Math.max(16 << 10, totalKib / 64);
            return new Host(totalKib, xen, Math.min(512 << 10, totalKib / 8),
                    Runtime.getRuntime().availableProcessors(), 2000);
        }
    }

    /** One domain's record; the state file holds one line of these fields per domain. */
    private static final class Sim {
        int domid;
        UUID uuid;
        String name;
        long memKib, maxMemKib;
        int vcpus, maxVcpus;
        boolean paused, shutdown, crashed, dying;
        ShutdownReason reason;
        long cpuNs;
        /** When it last started running (epoch ms), 0 while not running. */
        long runningSinceMs;
        boolean ignoresShutdown;
        /** A pending shutdown request: when it takes effect (epoch ms) and what it asks, or 0. */
        long requestDueMs;
        ShutdownReason requested;

        boolean runs() { return !paused && !shutdown && !crashed && !dying; }
    }

    private final Path file;
    private final Host host;
    private final LongSupplier clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Integer, Sim> domains = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long dom0Kib;
    private int lastDomid;
    private final Thread guests;
    private volatile boolean closed;
    private volatile XenStoreLayout layout;
    private volatile org.virtd.driver.xen.store.XenStoreClient xs;
    private org.virtd.driver.xen.store.XenStoreClient.Watch guestWatch;

    private SimXenHypervisor(Path dir, Host host, LongSupplier clock) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("sim-hypervisor.state");
        this.host = host;
        this.clock = clock;
        lockChannel = FileChannel.open(dir.resolve("sim-hypervisor.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("the simulated Xen host in " + dir + " is in use by another process");
        }
        lock = l;
        guests = Thread.ofPlatform().daemon().name("xen-sim-guests").unstarted(this::guestLoop);
    }

    /**
     * Opens the simulated host whose state is in {@code dir}, creating it (Domain-0 only) the first time. The host
     * figures ({@code host}) apply to a new host; an existing one keeps its own.
     */
    public static SimXenHypervisor open(Path dir, Host host) throws IOException {
        return open(dir, host, System::currentTimeMillis);
    }

    static SimXenHypervisor open(Path dir, Host host, LongSupplier clock) throws IOException {
        SimXenHypervisor h = new SimXenHypervisor(dir, host, clock);
        try {
            if (Files.exists(h.file)) h.load();
            else h.create();
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
        h.guests.start();
        return h;
    }

    @Override
    public String kind() { return "sim"; }

    // ---- state file ------------------------------------------------------------------------------------------

    private Host loadedHost;

    private void create() throws IOException {
        loadedHost = host;
        // Xen keeps some memory unallocated after building Domain-0; libvirt's clients read a free memory of 0 as
        // a failure (virNodeGetFreeMemory), so the simulated host never starts at exactly 0.
        dom0Kib = host.totalKib() - host.xenKib() - host.totalKib() / 64;
        Sim d0 = new Sim();
        d0.domid = 0;
        d0.uuid = DOM0_UUID;
        d0.name = "Domain-0";
        d0.memKib = dom0Kib;
        d0.maxMemKib = dom0Kib;
        d0.vcpus = d0.maxVcpus = host.cpus();
        d0.runningSinceMs = clock.getAsLong();
        domains.put(0, d0);
        save();
    }

    private void load() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) throw new IOException(file + " is not a simulated Xen host");
        for (String line : lines.subList(1, lines.size())) {
            var f = fields(line);
            if (line.startsWith("host ")) {
                loadedHost = new Host(Long.parseLong(f.get("total")), Long.parseLong(f.get("xen")),
                        Long.parseLong(f.get("dom0min")), Integer.parseInt(f.get("cpus")), Integer.parseInt(f.get("mhz")));
                lastDomid = Integer.parseInt(f.get("last"));
            } else if (line.startsWith("domain ")) {
                Sim s = new Sim();
                s.domid = Integer.parseInt(f.get("id"));
                s.uuid = UUID.fromString(f.get("uuid"));
                s.name = f.get("name");
                s.memKib = Long.parseLong(f.get("mem"));
                s.maxMemKib = Long.parseLong(f.get("maxmem"));
                s.vcpus = Integer.parseInt(f.get("vcpus"));
                s.maxVcpus = Integer.parseInt(f.get("maxvcpus"));
                String flags = f.get("flags");
                s.paused = flags.contains("p");
                s.shutdown = flags.contains("s");
                s.crashed = flags.contains("c");
                s.dying = flags.contains("d");
                s.reason = f.get("reason").equals("-") ? null : ShutdownReason.valueOf(f.get("reason"));
                s.cpuNs = Long.parseLong(f.get("cpu"));
                s.runningSinceMs = Long.parseLong(f.get("since"));
                s.ignoresShutdown = f.get("ignore").equals("1");
                s.requestDueMs = Long.parseLong(f.get("due"));
                s.requested = f.get("request").equals("-") ? null : ShutdownReason.valueOf(f.get("request"));
                domains.put(s.domid, s);
            }
        }
        if (loadedHost == null || !domains.containsKey(0)) throw new IOException(file + " has no host or no Domain-0");
        dom0Kib = domains.get(0).memKib;
    }

    private static java.util.Map<String, String> fields(String line) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) out.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) { return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8); }

    /** Writes the whole state: temp file, fsync, rename, so a crash leaves the old or the new state. */
    private void save() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        Host h = loadedHost;
        sb.append("host total=").append(h.totalKib()).append(" xen=").append(h.xenKib()).append(" dom0min=")
                .append(h.dom0MinKib()).append(" cpus=").append(h.cpus()).append(" mhz=").append(h.cpuMhz())
                .append(" last=").append(lastDomid).append('\n');
        for (Sim s : domains.values()) {
            sb.append("domain id=").append(s.domid).append(" uuid=").append(s.uuid).append(" name=").append(enc(s.name))
                    .append(" mem=").append(s.memKib).append(" maxmem=").append(s.maxMemKib).append(" vcpus=")
                    .append(s.vcpus).append(" maxvcpus=").append(s.maxVcpus).append(" flags=")
                    .append(s.paused ? "p" : "").append(s.shutdown ? "s" : "").append(s.crashed ? "c" : "")
                    .append(s.dying ? "d" : "").append("-").append(" reason=").append(s.reason == null ? "-" : s.reason.name())
                    .append(" cpu=").append(s.cpuNs).append(" since=").append(s.runningSinceMs).append(" ignore=")
                    .append(s.ignoresShutdown ? 1 : 0).append(" due=").append(s.requestDueMs).append(" request=")
                    .append(s.requested == null ? "-" : s.requested.name()).append('\n');
        }
        try {
            StateFiles.write(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated host's state " + file, e);
        }
    }

    // ---- queries ---------------------------------------------------------------------------------------------

    @Override
    public synchronized XenVersion version() {
        return new XenVersion(4, 17, ".0-sim", "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
    }

    @Override
    public synchronized PhysInfo physinfo() {
        Host h = loadedHost;
        return new PhysInfo(h.cpus(), h.cpuMhz(), 1, 1, h.cpus(), 1, h.totalKib(), freeKib(), true);
    }

    private long freeKib() {
        long used = loadedHost.xenKib();
        for (Sim s : domains.values()) used += s.memKib;
        return Math.max(0, loadedHost.totalKib() - used);
    }

    @Override
    public synchronized List<DomainInfo> domains() {
        List<DomainInfo> out = new ArrayList<>();
        for (Sim s : domains.values()) out.add(info(s));
        return out;
    }

    @Override
    public synchronized Optional<DomainInfo> domain(int domid) {
        Sim s = domains.get(domid);
        return s == null ? Optional.empty() : Optional.of(info(s));
    }

    private DomainInfo info(Sim s) {
        long cpu = s.cpuNs;
        if (s.runningSinceMs > 0) cpu += (long) ((clock.getAsLong() - s.runningSinceMs) * 1_000_000L * s.vcpus * share(s));
        boolean runs = s.runs();
        // Domain-0 is the one running the toolstack; idle guests show as blocked, as in xl list.
        return new DomainInfo(s.domid, s.uuid, s.dying, s.crashed, s.shutdown, s.paused, runs && s.domid != 0,
                runs && s.domid == 0, s.shutdown ? s.reason : null, s.memKib, s.maxMemKib, s.vcpus, s.maxVcpus - 1, cpu);
    }

    private static double share(Sim s) { return s.domid == 0 ? 0.05 : CPU_SHARE; }

    private Sim existing(int domid) throws XenHypervisorException {
        Sim s = domains.get(domid);
        if (s == null) throw new XenHypervisorException("ESRCH", "no domain with id " + domid);
        return s;
    }

    /** Stops the running clock of {@code s}, folding the time into its CPU total. */
    private void stopClock(Sim s) {
        if (s.runningSinceMs > 0) {
            s.cpuNs += (long) ((clock.getAsLong() - s.runningSinceMs) * 1_000_000L * s.vcpus * share(s));
            s.runningSinceMs = 0;
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    @Override
    public synchronized int create(Domain def, boolean paused) throws XenHypervisorException {
        long mem = org.virtd.xml.domain.ScaledInteger.kibValue(def.currentMemory != null ? def.currentMemory : def.memory);
        long maxMem = org.virtd.xml.domain.ScaledInteger.kibValue(def.memory);
        int maxVcpus = def.vcpu == null || def.vcpu.count == null ? 1 : Integer.parseInt(def.vcpu.count.trim());
        int vcpus = def.vcpu != null && def.vcpu.current != null ? Integer.parseInt(def.vcpu.current.trim()) : maxVcpus;
        UUID uuid = UUID.fromString(def.uuid);
        for (Sim s : domains.values()) {
            if (s.uuid.equals(uuid) || s.name.equals(def.name)) {
                throw new XenHypervisorException("EEXIST", "domain " + def.name + " already exists as id " + s.domid);
            }
        }
        long free = freeKib();
        if (free < mem) {
            // libxl's autoballoon: take what is missing from Domain-0, down to its floor.
            Sim d0 = domains.get(0);
            long missing = mem - free;
            if (d0.memKib - missing < loadedHost.dom0MinKib()) {
                throw new XenHypervisorException("ENOMEM", "not enough memory for domain " + def.name + ": needs "
                        + mem + " KiB, " + (free + d0.memKib - loadedHost.dom0MinKib()) + " KiB can be freed");
            }
            d0.memKib -= missing;
            dom0Kib = d0.memKib;
        }
        Sim s = new Sim();
        s.domid = nextDomid();
        s.uuid = uuid;
        s.name = def.name;
        s.memKib = mem;
        s.maxMemKib = maxMem;
        s.vcpus = vcpus;
        s.maxVcpus = maxVcpus;
        s.paused = paused;
        s.runningSinceMs = paused ? 0 : clock.getAsLong();
        domains.put(s.domid, s);
        lastDomid = s.domid;
        save();
        writeLayout(s.domid, def);
        return s.domid;
    }

    /**
     * Makes this host keep its domains' XenStore trees in {@code client}'s daemon, and watch for what a guest
     * reacts to there. Domains that exist already keep the tree they have.
     */
    public void attach(org.virtd.driver.xen.store.XenStoreClient client) throws XenHypervisorException {
        xs = client;
        layout = new XenStoreLayout(client);
        try {
            // What xen-init-dom0 writes at boot.
            client.write("/local/domain/0/name", "Domain-0");
            client.write("/local/domain/0/domid", "0");
            guestWatch = client.watch("/local/domain", "virtd-sim-guests", e -> guestSaw(e.path()));
        } catch (org.virtd.driver.xen.store.XsException e) {
            throw new XenHypervisorException(e.error().name(), "cannot watch /local/domain: " + e.getMessage(), e);
        }
    }

    private void writeLayout(int domid, Domain def) throws XenHypervisorException {
        XenStoreLayout l = layout;
        if (l == null) return;
        try {
            l.create(domid, def, "pv");
        } catch (org.virtd.driver.xen.store.XsException | RuntimeException e) {
            throw new XenHypervisorException("EIO", "cannot write the XenStore tree of domain " + domid + ": " + e.getMessage(), e);
        }
    }

    private void removeLayout(int domid, UUID uuid) {
        XenStoreLayout l = layout;
        if (l == null) return;
        try {
            l.destroy(domid, uuid.toString());
        } catch (org.virtd.driver.xen.store.XsException | RuntimeException e) {
            // The domain is gone from the hypervisor all the same; a stale tree is only untidy.
            System.getLogger(SimXenHypervisor.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot remove the XenStore tree of domain " + domid + ": " + e.getMessage());
        }
    }

    /**
     * The simulated guests' xenbus drivers: a request in control/shutdown is acknowledged (cleared) and acted
     * on, unless the guest was told to ignore it; virtd-sim/crash crashes the guest.
     */
    private void guestSaw(String path) {
        String[] parts = path.split("/");
        // /local/domain/<id>/control/shutdown or /local/domain/<id>/virtd-sim/crash
        if (parts.length != 6) return;
        int domid;
        try {
            domid = Integer.parseInt(parts[3]);
        } catch (NumberFormatException e) {
            return;
        }
        var client = xs;
        try {
            if (parts[4].equals("control") && parts[5].equals("shutdown")) {
                String word = client.readString(path);
                if (word.isEmpty() || readFlag(client, domid, "ignore-shutdown")) return;
                ShutdownReason reason = null;
                for (ShutdownReason r : ShutdownReason.values()) if (r.controlWord().equals(word)) reason = r;
                if (reason == null) return;
                client.write(path, "");
                synchronized (this) {
                    Sim s = domains.get(domid);
                    if (s == null || s.shutdown) return;
                    s.requested = reason;
                    s.requestDueMs = clock.getAsLong() + GUEST_REACTION_MS;
                    save();
                    notifyAll();
                }
            } else if (parts[4].equals(XenStoreLayout.SIM_CONTROL) && parts[5].equals("crash")) {
                if (readFlag(client, domid, "crash") && domains.containsKey(domid)) crash(domid);
            }
        } catch (org.virtd.driver.xen.store.XsException | XenHypervisorException | RuntimeException e) {
            // A node that went away meanwhile, or a domain that is gone: nothing for a guest to do.
        }
    }

    private static boolean readFlag(org.virtd.driver.xen.store.XenStoreClient client, int domid, String name)
            throws org.virtd.driver.xen.store.XsException {
        try {
            return client.readString("/local/domain/" + domid + "/" + XenStoreLayout.SIM_CONTROL + "/" + name).equals("1");
        } catch (org.virtd.driver.xen.store.XsException e) {
            if (e.error() == org.virtd.driver.xen.store.XsError.ENOENT) return false;
            throw e;
        }
    }

    private int nextDomid() throws XenHypervisorException {
        int id = lastDomid;
        for (int tries = 0; tries < DOMID_FIRST_RESERVED; tries++) {
            id = id + 1 >= DOMID_FIRST_RESERVED ? 1 : id + 1;
            if (!domains.containsKey(id)) return id;
        }
        throw new XenHypervisorException("ENOSPC", "no free domain id");
    }

    @Override
    public synchronized void destroy(int domid) throws XenHypervisorException {
        if (domid == 0) throw new XenHypervisorException("EINVAL", "Domain-0 cannot be destroyed");
        Sim s = existing(domid);
        domains.remove(domid);
        save();
        removeLayout(domid, s.uuid);
    }

    @Override
    public synchronized void pause(int domid) throws XenHypervisorException {
        Sim s = existing(domid);
        if (domid == 0) throw new XenHypervisorException("EINVAL", "Domain-0 cannot be paused");
        if (!s.paused) {
            stopClock(s);
            s.paused = true;
            save();
        }
    }

    @Override
    public synchronized void unpause(int domid) throws XenHypervisorException {
        Sim s = existing(domid);
        if (s.paused) {
            s.paused = false;
            if (s.runs()) s.runningSinceMs = clock.getAsLong();
            save();
            notifyAll(); // a request that came while paused is acted on now
        }
    }

    @Override
    public synchronized void requestShutdown(int domid, ShutdownReason reason) throws XenHypervisorException {
        Sim s = existing(domid);
        if (domid == 0) throw new XenHypervisorException("EINVAL", "Domain-0 cannot be shut down from here");
        var client = xs;
        if (client != null) {
            // As libxl: the request is the word in control/shutdown; the guest takes it from there.
            try {
                client.write("/local/domain/" + domid + "/control/shutdown", reason.controlWord());
            } catch (org.virtd.driver.xen.store.XsException e) {
                throw new XenHypervisorException(e.error().name(), "cannot write control/shutdown of domain " + domid, e);
            }
            return;
        }
        if (s.ignoresShutdown) return;
        s.requested = reason;
        s.requestDueMs = clock.getAsLong() + GUEST_REACTION_MS;
        save();
        notifyAll();
    }

    @Override
    public synchronized void setMaxMemory(int domid, long kib) throws XenHypervisorException {
        Sim s = existing(domid);
        s.maxMemKib = kib;
        save();
    }

    @Override
    public synchronized void setTargetMemory(int domid, long kib) throws XenHypervisorException {
        Sim s = existing(domid);
        if (kib > s.maxMemKib) throw new XenHypervisorException("EINVAL", "target " + kib + " KiB above the maximum " + s.maxMemKib);
        if (kib > s.memKib && freeKib() < kib - s.memKib) {
            throw new XenHypervisorException("ENOMEM", "not enough free memory to grow domain " + domid);
        }
        s.memKib = kib;
        if (domid == 0) dom0Kib = kib;
        save();
    }

    @Override
    public synchronized void setVcpus(int domid, int count) throws XenHypervisorException {
        Sim s = existing(domid);
        if (count < 1 || count > s.maxVcpus) throw new XenHypervisorException("EINVAL", "vcpu count " + count + " out of 1.." + s.maxVcpus);
        stopClock(s);
        s.vcpus = count;
        if (s.runs()) s.runningSinceMs = clock.getAsLong();
        save();
    }

    /** The simulated memory image: what the guest's state is made of here, its CPU time and memory. */
    private static final String IMAGE_MAGIC = "virtd-xen-sim-image 1";

    @Override
    public synchronized void save(int domid, java.io.OutputStream out) throws XenHypervisorException {
        Sim s = existing(domid);
        if (domid == 0) throw new XenHypervisorException("EINVAL", "Domain-0 cannot be saved");
        stopClock(s);
        s.paused = true;
        save();
        String image = IMAGE_MAGIC + " cpu=" + s.cpuNs + " mem=" + s.memKib + " vcpus=" + s.vcpus + "\n";
        try {
            out.write(image.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new XenHypervisorException("EIO", "cannot write the image of domain " + domid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized int restore(Domain def, java.io.InputStream in, boolean paused) throws XenHypervisorException {
        String line;
        try {
            line = new String(in.readNBytes(256), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new XenHypervisorException("EIO", "cannot read the domain image: " + e.getMessage(), e);
        }
        if (!line.startsWith(IMAGE_MAGIC + " ")) throw new XenHypervisorException("EINVAL", "not a domain image of this host");
        var f = fields(line.substring(IMAGE_MAGIC.length()));
        int id = create(def, true);
        Sim s = domains.get(id);
        s.cpuNs = Long.parseLong(f.get("cpu"));
        s.memKib = Math.min(s.maxMemKib, Long.parseLong(f.get("mem")));
        s.vcpus = Math.min(s.maxVcpus, Integer.parseInt(f.get("vcpus")));
        if (!paused) {
            s.paused = false;
            s.runningSinceMs = clock.getAsLong();
        }
        save();
        return id;
    }

    // ---- the simulated guests --------------------------------------------------------------------------------

    /** Makes the guest ignore (or again honour) shutdown and reboot requests, so a shutdown can time out. */
    public synchronized void setIgnoresShutdown(int domid, boolean ignores) throws XenHypervisorException {
        existing(domid).ignoresShutdown = ignores;
        save();
    }

    /** The guest crashes now: Xen marks it crashed (shutdown with reason crash). */
    public synchronized void crash(int domid) throws XenHypervisorException {
        Sim s = existing(domid);
        if (domid == 0) throw new XenHypervisorException("EINVAL", "Domain-0 cannot crash here");
        stopClock(s);
        s.crashed = true;
        s.shutdown = true;
        s.reason = ShutdownReason.CRASH;
        save();
        fireChange();
    }

    /** Acts on due shutdown requests, as a cooperating PV guest does once it has read control/shutdown. */
    private void guestLoop() {
        while (!closed) {
            boolean changed = false;
            synchronized (this) {
                long now = clock.getAsLong();
                long next = Long.MAX_VALUE;
                for (Sim s : domains.values()) {
                    if (s.requested == null) continue;
                    if (s.requestDueMs <= now) {
                        if (!s.paused && !s.shutdown) {
                            stopClock(s);
                            s.shutdown = true;
                            s.reason = s.requested;
                            changed = true;
                        }
                        if (!s.paused) {
                            s.requested = null;
                            s.requestDueMs = 0;
                            changed = true;
                        }
                    } else {
                        next = Math.min(next, s.requestDueMs);
                    }
                }
                if (changed) save();
                if (!changed) {
                    try {
                        wait(next == Long.MAX_VALUE ? 1000 : Math.max(1, Math.min(1000, next - now)));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (changed) fireChange();
        }
    }

    @Override
    public void watchDomainChanges(Runnable listener) { listeners.add(listener); }

    private void fireChange() {
        for (Runnable r : listeners) Thread.ofVirtual().start(r);
    }

    @Override
    public void close() {
        closed = true;
        if (guestWatch != null) guestWatch.close();
        synchronized (this) {
            notifyAll();
        }
        try {
            if (lock != null && lock.isValid()) lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
