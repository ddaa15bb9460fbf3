package org.virtd.driver.test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.xml.namespace.QName;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainEventListener;
import org.virtd.api.DomainBlockInfo;
import org.virtd.api.DomainBlockStats;
import org.virtd.api.DomainControlInfo;
import org.virtd.api.DomainInterface;
import org.virtd.api.DomainTime;
import org.virtd.api.DomainDiskErrors;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainInterfaceStats;
import org.virtd.api.DomainMemoryStat;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainState;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.DomainStatsRecord;
import org.virtd.api.DomainVcpus;
import org.virtd.api.VcpuInfo;
import org.virtd.api.VcpuPinInfo;
import org.virtd.api.Flags;
import org.virtd.api.NodeCpuMap;
import org.virtd.api.NodeInfo;
import org.virtd.api.NodeStats;
import org.virtd.api.SecurityLabel;
import org.virtd.api.SecurityModel;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.HypervisorDriver;
import org.virtd.driver.spi.support.DomainObject;
import org.virtd.driver.spi.support.DomainListFilter;
import org.virtd.driver.spi.support.FlagCheck;
import org.virtd.driver.spi.support.ChannelStreamBackend;
import org.virtd.driver.spi.StreamHandle;
import org.virtd.xml.DomainDefaults;
import org.virtd.xml.DomainXml;
import org.virtd.xml.DomainXmlException;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.DiskSource;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Graphics;
import org.virtd.xml.domain.Interface;
import org.virtd.xml.domain.Memballoon;
import org.virtd.xml.domain.ScaledInteger;

/**
 * One connection to a test host. Behaviour, errors and flags follow libvirt 9.0's test driver; the C function
 * names in "unsupported flags" errors are libvirt's, because clients see them.
 *
 * <p>Locking: state changes hold the host's lock, then the domain's; queries hold only the domain's lock, so
 * lookups and getInfo never wait for each other. Events are published under the host lock (ordering) and
 * delivered elsewhere.
 */
final class TestConnection implements HypervisorDriver {
    private static final VirErrorDomain FROM = VirErrorDomain.TEST;
    /** The sample image libvirt 9.0 packages for its test driver (PKGDATADIR/test-screenshot.png). */
    private static final java.nio.file.Path SCREENSHOT = java.nio.file.Path.of("/usr/share/libvirt/test-screenshot.png");

    private static final int STATE_RUNNING_BOOTED = 1;
    private static final int STATE_RUNNING_UNPAUSED = 5;
    private static final int STATE_PAUSED_USER = 1;
    private static final int STATE_SHUTOFF_SHUTDOWN = 1;
    private static final int STATE_SHUTOFF_DESTROYED = 2;
    private static final int STATE_SHUTOFF_SAVED = 5;
    private static final int STATE_RUNNING_RESTORED = 3;

    private static final int EVENT_DEFINED_ADDED = 0;
    private static final int EVENT_DEFINED_UPDATED = 1;
    private static final int EVENT_UNDEFINED_REMOVED = 0;
    private static final int EVENT_STARTED_BOOTED = 0;
    private static final int EVENT_SUSPENDED_PAUSED = 0;
    private static final int EVENT_RESUMED_UNPAUSED = 0;
    private static final int EVENT_STOPPED_SHUTDOWN = 0;
    private static final int EVENT_STOPPED_DESTROYED = 1;
    private static final int EVENT_STOPPED_SAVED = 4;
    private static final int EVENT_STARTED_RESTORED = 2;

    private static final int MAX_VCPUS = 32;
    private static final QName PASSWD = new QName("passwd");
    private static final int XML_COMMON_FLAGS = Flags.XML_SECURE | Flags.XML_INACTIVE | Flags.XML_UPDATE_CPU
            | Flags.XML_MIGRATABLE;
    private static final int DESTROY_GRACEFUL = 1;
    private static final int REBOOT_ALL = 1 | 2 | 4 | 8 | 16 | 32;
    private static final int MESSAGE_ALL = 1 | 2;
    private static final int SNAPSHOT_LIST_ALL = (1 << 11) - 1 | (1 << 11);

    private final TestDriverState state;
    private final String uri;
    private final boolean sharedDefault;
    private final Object owner = new Object();
    private volatile boolean closed;

    TestConnection(TestDriverState state, String uri, boolean sharedDefault) {
        this.state = state;
        this.uri = uri;
        this.sharedDefault = sharedDefault;
    }

    @Override
    public String name() {
        return "TEST";
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state.events.deregisterAll(owner);
        state.release();
    }

    // ---- definitions -----------------------------------------------------------------------------------

    /** Parses and completes a definition as the test driver's parser config does (arch i686, testnetN names). */
    static Domain parseDefinition(String xml) {
        return parseDefinition(xml, false);
    }

    /**
     * {@link #parseDefinition(String)}, first checking the document against libvirt's domain.rng when
     * {@code validate} (VIR_DOMAIN_DEFINE_VALIDATE, VIR_DOMAIN_START_VALIDATE).
     */
    static Domain parseDefinition(String xml, boolean validate) {
        try {
            return completeDefinition(DomainXml.parse(xml, validate));
        } catch (DomainXmlException e) {
            throw toVir(e);
        }
    }

    /** What the test driver does to a parsed definition: drops what libvirt would not keep, libvirt's defaults. */
    static Domain completeDefinition(Domain d) {
        try {
            DomainXml.dropUnknown(d);
            // libvirt's test driver parses definitions as inactive, for define and create alike.
            DomainDefaults.applyGeneric(d, false, TestDriverState.TEST_MODEL);
            generateIfnames(d);
            return d;
        } catch (DomainXmlException e) {
            throw toVir(e);
        }
    }

    static VirException toVir(DomainXmlException e) {
        VirErrorDomain dom = VirErrorDomain.fromWire(e.errorDomain());
        VirErrorCode code = VirErrorCode.fromWire(e.code());
        return VirException.of(dom == null ? VirErrorDomain.DOMAIN : dom,
                code == null ? VirErrorCode.INTERNAL_ERROR : code, e.detail());
    }

    private static void generateIfnames(Domain d) {
        Set<String> used = new HashSet<>();
        for (Interface i : d.devices.interfaces) {
            if (i.target != null && i.target.attribute("dev") != null) {
                used.add(i.target.attribute("dev"));
            }
        }
        int next = 0;
        for (Interface i : d.devices.interfaces) {
            if (i.target == null || i.target.attribute("dev") == null) {
                while (used.contains("testnet" + next)) {
                    next++;
                }
                String name = "testnet" + next;
                used.add(name);
                if (i.target == null) {
                    i.target = new Generic();
                }
                i.target.attribute("dev", name);
            }
        }
    }

    /** libvirt's testDomainStartState: running with {@code reason}, a new id, a live copy of the definition. */
    static void startState(TestDriverState s, DomainObject<Domain> obj, int reason) {
        obj.setState(DomainState.RUNNING, reason);
        s.domains.setId(obj, s.nextDomId.getAndIncrement());
        if (obj.isPersistent() && obj.newDef() == null) {
            obj.setNewDef(obj.def());
            obj.setDef(DomainXml.copy(obj.def()));
        }
        obj.setHasManagedSave(false);
    }

    private void shutdownState(DomainObject<Domain> obj, int reason) {
        if (obj.newDef() != null) {
            obj.setDef(obj.newDef());
            obj.setNewDef(null);
        }
        obj.setState(DomainState.SHUTOFF, reason);
        state.domains.setId(obj, DomainRef.NO_ID);
    }

    private void lifecycle(DomainObject<Domain> obj, int event, int detail) {
        state.events.publish(new DomainEvent.Lifecycle(obj.ref(), event, detail));
    }

    // ---- lookup helpers -------------------------------------------------------------------------------

    private DomainObject<Domain> object(DomainRef ref) {
        return state.domains.require(ref, FROM);
    }

    private static VirException noDomain() {
        return VirException.of(FROM, VirErrorCode.NO_DOMAIN, null);
    }

    private static VirException notRunning() {
        return VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID, "domain is not running");
    }

    /** Runs {@code body} holding the domain's lock (queries). */
    private <T> T read(DomainRef ref, Function<DomainObject<Domain>, T> body) {
        return state.domains.read(ref, FROM, body);
    }

    /** Runs {@code body} holding the host lock and the domain's lock (state changes). */
    private <T> T write(DomainRef ref, Function<DomainObject<Domain>, T> body) {
        return state.domains.write(state.lock, ref, FROM, body);
    }

    // ---- connection / host --------------------------------------------------------------------------------

    @Override
    public String connectGetType() {
        return "TEST";
    }

    @Override
    public long connectGetVersion() {
        return 2;
    }

    @Override
    public String connectGetHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isEmpty()) {
                return env;
            }
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR,
                    "failed to determine host name: " + e.getMessage());
        }
    }

    @Override
    public String connectGetCapabilities() {
        return state.capabilities;
    }

    @Override
    public String connectGetSysinfo(int flags) {
        FlagCheck.check(flags, 0, "testConnectGetSysinfo", FROM);
        return """
                <sysinfo type='smbios'>
                  <bios>
                    <entry name='vendor'>LENOVO</entry>
                    <entry name='version'>G4ETA1WW (2.61 )</entry>
                    <entry name='date'>05/07/2014</entry>
                    <entry name='release'>2.61</entry>
                  </bios>
                </sysinfo>
                """;
    }

    @Override
    public int connectGetMaxVcpus(@Nullable String type) {
        return MAX_VCPUS;
    }

    @Override
    public boolean connectIsSecure() {
        return true;
    }

    @Override
    public boolean connectIsEncrypted() {
        return false;
    }

    /**
     * libvirt's {@code virDrvFeature} probe as its test driver answers it: the features libvirt makes global for
     * every local driver, FD_PASSING (8), TYPED_PARAM_STRING (9) and NETWORK_UPDATE_HAS_CORRECT_ORDER (16), are
     * supported; everything else (migration, XML_MIGRATABLE, and the RPC-level REMOTE, PROGRAM_KEEPALIVE,
     * REMOTE_CLOSE_CALLBACK, REMOTE_EVENT_CALLBACK that only the daemon/remote layer may claim) is not.
     */
    @Override
    public boolean connectSupportsFeature(int feature) {
        return feature == 8 || feature == 9 || feature == 16;
    }

    @Override
    public NodeInfo nodeGetInfo() {
        return state.nodeInfo;
    }

    @Override
    public long nodeGetFreeMemory() {
        long free = 0;
        for (long f : state.cellFreeMemory) {
            free += f;
        }
        return free;
    }

    @Override
    public long[] nodeGetCellsFreeMemory(int startCell, int maxCells) {
        long[] cells = state.cellMemory;
        if (startCell >= cells.length) {
            throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "Range exceeds available cells");
        }
        int n = Math.max(0, Math.min(maxCells, cells.length - startCell));
        long[] out = new long[n];
        // libvirt's test driver reports each cell's total memory here, not its free memory.
        System.arraycopy(cells, startCell, out, 0, n);
        return out;
    }

    /** Fixed times in nanoseconds, the same for every CPU, as libvirt's test driver reports them. */
    private static final List<NodeStats.Field> CPU_STATS = List.of(new NodeStats.Field("user", 9797400000L),
            new NodeStats.Field("kernel", 34678723400000L), new NodeStats.Field("idle", 87264900000L),
            new NodeStats.Field("iowait", 763600000L));

    @Override
    public NodeStats nodeGetCpuStats(int cpuNum, int nparams, int flags) {
        FlagCheck.check(flags, 0, "testNodeGetCPUStats", FROM);
        if (nparams == 0) {
            return new NodeStats(CPU_STATS.size(), List.of());
        }
        List<NodeStats.Field> out = CPU_STATS.subList(0, Math.min(nparams, CPU_STATS.size()));
        return new NodeStats(out.size(), out);
    }

    /** Fixed answers, as libvirt's test driver gives them: 8 CPUs, 0, 2 and 4 online. */
    @Override
    public NodeCpuMap nodeGetCpuMap(boolean wantMap, boolean wantOnline, int flags) {
        FlagCheck.check(flags, 0, "testNodeGetCPUMap", FROM);
        return new NodeCpuMap(8, wantMap ? new byte[] {0x15} : null, wantOnline ? 3 : 0);
    }

    @Override
    public SecurityModel nodeGetSecurityModel() {
        return new SecurityModel("testSecurity", "");
    }

    // ---- lists and lookups -------------------------------------------------------------------------------

    @Override
    public List<DomainRef> connectListAllDomains(int flags) {
        FlagCheck.check(flags, DomainListFilter.ALL, "testConnectListAllDomains", FROM);
        List<DomainRef> out = new ArrayList<>();
        for (DomainObject<Domain> o : state.domains.list(o -> true)) {
            o.lock().lock();
            try {
                if (DomainListFilter.matches(o, flags, false, false)) { // no snapshots or checkpoints here yet
                    out.add(o.ref());
                }
            } finally {
                o.lock().unlock();
            }
        }
        return out;
    }

    /** The groups libvirt's test driver reports: state and I/O threads. */
    private static final int STATS_SUPPORTED = Flags.DOMAIN_STATS_STATE | Flags.DOMAIN_STATS_IOTHREAD;
    private static final int STATS_LIST_FILTERS = Flags.LIST_DOMAINS_ACTIVE | Flags.LIST_DOMAINS_INACTIVE
            | Flags.LIST_DOMAINS_PERSISTENT | Flags.LIST_DOMAINS_TRANSIENT | Flags.LIST_DOMAINS_RUNNING
            | Flags.LIST_DOMAINS_PAUSED | Flags.LIST_DOMAINS_SHUTOFF | Flags.LIST_DOMAINS_OTHER;
    /** libvirt's test driver gives every I/O thread these polling values and never changes them here. */
    private static final long IOTHREAD_POLL_MAX_NS = 32768;

    @Override
    public List<DomainStatsRecord> connectGetAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        FlagCheck.check(flags, STATS_LIST_FILTERS | Flags.GET_ALL_DOMAINS_STATS_NOWAIT
                | Flags.GET_ALL_DOMAINS_STATS_BACKING | Flags.GET_ALL_DOMAINS_STATS_ENFORCE_STATS,
                "testConnectGetAllDomainStats", FROM);
        if (stats == 0) {
            stats = STATS_SUPPORTED;
        } else if ((flags & Flags.GET_ALL_DOMAINS_STATS_ENFORCE_STATS) != 0 && (stats & ~STATS_SUPPORTED) != 0) {
            throw VirException.of(FROM, VirErrorCode.ARGUMENT_UNSUPPORTED, String.format(
                    "Stats types bits 0x%x are not supported by this daemon", stats & ~STATS_SUPPORTED));
        }
        int listFlags = flags & STATS_LIST_FILTERS;
        List<DomainObject<Domain>> objects = new ArrayList<>();
        if (doms.isEmpty()) {
            objects.addAll(state.domains.list(o -> true));
        } else {
            // Listed domains that are gone are skipped, not reported (libvirt converts the list with skip_missing).
            for (DomainRef r : doms) {
                DomainObject<Domain> o = state.domains.findByUuid(r.uuid());
                if (o != null) {
                    objects.add(o);
                }
            }
        }
        List<DomainStatsRecord> out = new ArrayList<>(objects.size());
        for (DomainObject<Domain> o : objects) {
            o.lock().lock();
            try {
                if (!DomainListFilter.matches(o, listFlags, false, false)) {
                    continue;
                }
                List<TypedParameter> params = new ArrayList<>();
                if ((stats & Flags.DOMAIN_STATS_STATE) != 0) {
                    params.add(new TypedParameter.Int("state.state", o.state().wireValue()));
                    params.add(new TypedParameter.Int("state.reason", o.reason()));
                }
                if ((stats & Flags.DOMAIN_STATS_IOTHREAD) != 0 && o.isActive()) {
                    List<Integer> ids = state.iothreads.getOrDefault(o, List.of());
                    if (!ids.isEmpty()) {
                        params.add(new TypedParameter.UInt("iothread.count", ids.size()));
                        for (int id : ids) {
                            String prefix = "iothread." + Integer.toUnsignedString(id) + ".";
                            params.add(new TypedParameter.ULLong(prefix + "poll-max-ns", IOTHREAD_POLL_MAX_NS));
                            params.add(new TypedParameter.UInt(prefix + "poll-grow", 0));
                            params.add(new TypedParameter.UInt(prefix + "poll-shrink", 0));
                        }
                    }
                }
                out.add(new DomainStatsRecord(o.ref(), params));
            } finally {
                o.lock().unlock();
            }
        }
        return out;
    }

    @Override
    public int[] connectListDomains(int maxIds) {
        List<DomainObject<Domain>> active = state.domains.list(DomainObject::isActive);
        int n = Math.min(maxIds, active.size());
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = active.get(i).id();
        }
        return ids;
    }

    @Override
    public int connectNumOfDomains() {
        return state.domains.countActive();
    }

    @Override
    public List<String> connectListDefinedDomains(int maxNames) {
        List<String> names = new ArrayList<>();
        for (DomainObject<Domain> o : state.domains.list(o -> !o.isActive())) {
            if (names.size() >= maxNames) {
                break;
            }
            names.add(o.name());
        }
        return names;
    }

    @Override
    public int connectNumOfDefinedDomains() {
        return state.domains.countInactive();
    }

    @Override
    public DomainRef domainLookupById(int id) {
        return found(state.domains.findById(id)).ref();
    }

    @Override
    public DomainRef domainLookupByName(String name) {
        return found(state.domains.findByName(name)).ref();
    }

    @Override
    public DomainRef domainLookupByUuid(UUID uuid) {
        return found(state.domains.findByUuid(uuid)).ref();
    }

    /** A lookup's result, or libvirt's bare "Domain not found" (the test driver's lookups give no detail). */
    private static DomainObject<Domain> found(DomainObject<Domain> o) {
        if (o == null) {
            throw noDomain();
        }
        return o;
    }

    // ---- definition and lifecycle ------------------------------------------------------------------------

    @Override
    public DomainRef domainDefineXml(String xml) {
        return define(xml, 0, "testDomainDefineXML");
    }

    @Override
    public DomainRef domainDefineXmlFlags(String xml, int flags) {
        return define(xml, flags, "testDomainDefineXMLFlags");
    }

    private DomainRef define(String xml, int flags, String function) {
        FlagCheck.check(flags, Flags.DEFINE_VALIDATE, function, FROM);
        Domain def = parseDefinition(xml, (flags & Flags.DEFINE_VALIDATE) != 0);
        if (def.name.indexOf('\n') >= 0) {
            throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.XML_DETAIL,
                    "name " + def.name + " contains illegal character \\n");
        }
        state.lock.lock();
        try {
            var added = state.domains.add(def.name, UUID.fromString(def.uuid), def);
            DomainObject<Domain> obj = added.object();
            obj.lock().lock();
            try {
                if (!added.created()) {
                    if (obj.isActive()) {
                        obj.setNewDef(def);
                    } else {
                        obj.setDef(def);
                    }
                }
                obj.setPersistent(true);
                lifecycle(obj, DomainEvent.Lifecycle.DEFINED,
                        added.created() ? EVENT_DEFINED_ADDED : EVENT_DEFINED_UPDATED);
                return obj.ref();
            } finally {
                obj.lock().unlock();
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public DomainRef domainCreateXml(String xml, int flags) {
        FlagCheck.check(flags, Flags.START_VALIDATE, "testDomainCreateXML", FROM);
        Domain def = parseDefinition(xml, (flags & Flags.START_VALIDATE) != 0);
        return startNew(def, STATE_RUNNING_BOOTED, EVENT_STARTED_BOOTED);
    }

    /**
     * libvirt's live add (virDomainObjListAdd with ADD_LIVE | ADD_CHECK_LIVE) followed by the start: a defined,
     * inactive domain of the same name and UUID runs {@code def} while its persistent definition waits.
     */
    private DomainRef startNew(Domain def, int reason, int eventDetail) {
        state.lock.lock();
        try {
            return state.domains.addLive(def.name, UUID.fromString(def.uuid), def, obj -> {
                startState(state, obj, reason);
                lifecycle(obj, DomainEvent.Lifecycle.STARTED, eventDetail);
            }).ref();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void domainCreate(DomainRef dom) {
        domainCreateWithFlags(dom, 0);
    }

    @Override
    public DomainRef domainCreateWithFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainCreateWithFlags", FROM);
        return write(dom, obj -> {
            if (obj.state() != DomainState.SHUTOFF) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR,
                        "Domain '" + dom.name() + "' is already running");
            }
            startState(state, obj, STATE_RUNNING_BOOTED);
            lifecycle(obj, DomainEvent.Lifecycle.STARTED, EVENT_STARTED_BOOTED);
            return obj.ref();
        });
    }

    @Override
    public void domainUndefine(DomainRef dom) {
        undefine(dom, 0, "testDomainUndefineFlags");
    }

    @Override
    public void domainUndefineFlags(DomainRef dom, int flags) {
        undefine(dom, flags, "testDomainUndefineFlags");
    }

    private void undefine(DomainRef dom, int flags, String function) {
        FlagCheck.check(flags, Flags.UNDEFINE_MANAGED_SAVE | Flags.UNDEFINE_SNAPSHOTS_METADATA, function, FROM);
        write(dom, obj -> {
            if (obj.hasManagedSave() && (flags & Flags.UNDEFINE_MANAGED_SAVE) == 0) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                        "Refusing to undefine while domain managed save image exists");
            }
            lifecycle(obj, DomainEvent.Lifecycle.UNDEFINED, EVENT_UNDEFINED_REMOVED);
            obj.setHasManagedSave(false);
            if (obj.isActive()) {
                obj.setPersistent(false);
                // libvirt keeps running with the live definition; the persistent one is gone.
                obj.setNewDef(null);
            } else {
                state.domains.remove(obj);
            }
            return null;
        });
    }

    @Override
    public void domainDestroy(DomainRef dom) {
        destroy(dom, 0);
    }

    @Override
    public void domainDestroyFlags(DomainRef dom, int flags) {
        destroy(dom, flags);
    }

    private void destroy(DomainRef dom, int flags) {
        FlagCheck.check(flags, DESTROY_GRACEFUL, "testDomainDestroyFlags", FROM);
        write(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            shutdownState(obj, STATE_SHUTOFF_DESTROYED);
            lifecycle(obj, DomainEvent.Lifecycle.STOPPED, EVENT_STOPPED_DESTROYED);
            if (!obj.isPersistent()) {
                state.domains.remove(obj);
            }
            return null;
        });
    }

    // ---- save and restore (libvirt's test driver writes a real image: magic, native-endian length, XML) ----

    @Override
    public void domainSave(DomainRef dom, String path) {
        domainSaveFlags(dom, path, null, 0);
    }

    @Override
    public void domainSaveFlags(DomainRef dom, String path, @Nullable String dxml, int flags) {
        FlagCheck.check(flags, 0, "testDomainSaveFlags", FROM);
        refuseXmlModification(dxml);
        write(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            SaveImage.write(Path.of(path), obj.name(), formatXml(obj, Flags.XML_SECURE));
            shutdownState(obj, STATE_SHUTOFF_SAVED);
            lifecycle(obj, DomainEvent.Lifecycle.STOPPED, EVENT_STOPPED_SAVED);
            if (!obj.isPersistent()) {
                state.domains.remove(obj);
            }
            return null;
        });
    }

    @Override
    public void domainRestore(String path) {
        domainRestoreFlags(path, null, 0);
    }

    @Override
    public void domainRestoreFlags(String path, @Nullable String dxml, int flags) {
        FlagCheck.check(flags, 0, "testDomainRestoreFlags", FROM);
        refuseXmlModification(dxml);
        Domain def = parseDefinition(SaveImage.read(Path.of(path)));
        startNew(def, STATE_RUNNING_RESTORED, EVENT_STARTED_RESTORED);
    }

    private static void refuseXmlModification(@Nullable String dxml) {
        if (dxml != null) {
            throw VirException.of(FROM, VirErrorCode.ARGUMENT_UNSUPPORTED, "xml modification unsupported");
        }
    }

    @Override
    public void domainManagedSave(DomainRef dom, int flags) {
        FlagCheck.check(flags, Flags.SAVE_BYPASS_CACHE | Flags.SAVE_RUNNING | Flags.SAVE_PAUSED,
                "testDomainManagedSave", FROM);
        write(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            if (!obj.isPersistent()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                        "cannot do managed save for transient domain");
            }
            shutdownState(obj, STATE_SHUTOFF_SAVED);
            lifecycle(obj, DomainEvent.Lifecycle.STOPPED, EVENT_STOPPED_SAVED);
            obj.setHasManagedSave(true);
            return null;
        });
    }

    /**
     * libvirt's test driver neither looks the domain up nor checks its state: any handle gets the packaged
     * sample image, read from the file as its fdstream does.
     */
    @Override
    public String domainScreenshot(DomainRef dom, StreamHandle stream, int screen, int flags) {
        FlagCheck.check(flags, 0, "testDomainScreenshot", FROM);
        stream.attach(ChannelStreamBackend.readingFile(SCREENSHOT));
        return "image/png";
    }

    @Override
    public void domainManagedSaveRemove(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainManagedSaveRemove", FROM);
        write(dom, obj -> {
            obj.setHasManagedSave(false);
            return null;
        });
    }

    @Override
    public void domainShutdown(DomainRef dom) {
        domainShutdownFlags(dom, 0);
    }

    @Override
    public void domainShutdownFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainShutdownFlags", FROM);
        write(dom, obj -> {
            if (obj.state() == DomainState.SHUTOFF) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "domain '" + dom.name() + "' not running");
            }
            lifecycleAction(obj, obj.def().onPoweroff);
            return null;
        });
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        FlagCheck.check(flags, REBOOT_ALL, "testDomainReboot", FROM);
        write(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            lifecycleAction(obj, obj.def().onReboot);
            return null;
        });
    }

    /** libvirt's testDomainActionSetState followed by the stop handling of shutdown and reboot. */
    private void lifecycleAction(DomainObject<Domain> obj, @Nullable String action) {
        if ("restart".equals(action) || "rename-restart".equals(action)) {
            obj.setState(DomainState.RUNNING, STATE_RUNNING_BOOTED);
            return;
        }
        shutdownState(obj, STATE_SHUTOFF_SHUTDOWN);
        lifecycle(obj, DomainEvent.Lifecycle.STOPPED, EVENT_STOPPED_SHUTDOWN);
        if (!obj.isPersistent()) {
            state.domains.remove(obj);
        }
    }

    @Override
    public void domainReset(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainReset", FROM);
        read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            return null;
        });
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        write(dom, obj -> {
            if (obj.state() == DomainState.SHUTOFF || obj.state() == DomainState.PAUSED) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "domain '" + dom.name() + "' not running");
            }
            obj.setState(DomainState.PAUSED, STATE_PAUSED_USER);
            lifecycle(obj, DomainEvent.Lifecycle.SUSPENDED, EVENT_SUSPENDED_PAUSED);
            return null;
        });
    }

    @Override
    public void domainResume(DomainRef dom) {
        write(dom, obj -> {
            if (obj.state() != DomainState.PAUSED) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR, "domain '" + dom.name() + "' not paused");
            }
            obj.setState(DomainState.RUNNING, STATE_RUNNING_UNPAUSED);
            lifecycle(obj, DomainEvent.Lifecycle.RESUMED, EVENT_RESUMED_UNPAUSED);
            return null;
        });
    }

    // ---- queries -------------------------------------------------------------------------------------------

    @Override
    public DomainInfo domainGetInfo(DomainRef dom) {
        return read(dom, obj -> {
            Domain d = obj.def();
            return new DomainInfo(obj.state().wireValue(), ScaledInteger.kibValue(d.memory), ScaledInteger.kibValue(d.currentMemory), vcpus(d),
                    System.currentTimeMillis() * 1_000_000L);
        });
    }

    @Override
    public DomainStateInfo domainGetState(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainGetState", FROM);
        return read(dom, obj -> new DomainStateInfo(obj.state().wireValue(), obj.reason()));
    }

    @Override
    public String domainGetXmlDesc(DomainRef dom, int flags) {
        FlagCheck.check(flags, XML_COMMON_FLAGS, "testDomainGetXMLDesc", FROM);
        return read(dom, obj -> formatXml(obj, flags));
    }

    /** The domain's XML as libvirt formats it for {@code flags}; the caller holds the domain's lock. */
    private static String formatXml(DomainObject<Domain> obj, int flags) {
        {
            boolean inactive = (flags & Flags.XML_INACTIVE) != 0;
            Domain d = inactive && obj.newDef() != null ? obj.newDef() : obj.def();
            Integer saved = d.id;
            d.id = !inactive && obj.isActive() && d == obj.def() ? obj.id() : null;
            // Graphics passwords only go out with VIR_DOMAIN_XML_SECURE (libvirt's FORMAT_SECURE).
            Map<Graphics, Map<QName, String>> savedAttributes = new IdentityHashMap<>();
            for (Graphics g : d.devices.graphics) {
                if ((flags & Flags.XML_SECURE) == 0 && g.otherAttributes.containsKey(PASSWD)) {
                    savedAttributes.put(g, new LinkedHashMap<>(g.otherAttributes));
                    g.otherAttributes.remove(PASSWD);
                }
            }
            try {
                return DomainXml.format(d);
            } finally {
                d.id = saved;
                for (Map.Entry<Graphics, Map<QName, String>> e : savedAttributes.entrySet()) {
                    e.getKey().otherAttributes.clear();
                    e.getKey().otherAttributes.putAll(e.getValue());
                }
            }
        }
    }

    @Override
    public String domainGetOsType(DomainRef dom) {
        return "linux";
    }

    @Override
    public long domainGetMaxMemory(DomainRef dom) {
        return read(dom, obj -> ScaledInteger.kibValue(obj.def().memory));
    }

    @Override
    public int domainGetMaxVcpus(DomainRef dom) {
        return domainGetVcpusFlags(dom, Flags.AFFECT_LIVE | Flags.VCPU_MAXIMUM);
    }

    @Override
    public boolean domainGetAutostart(DomainRef dom) {
        return read(dom, DomainObject::isAutostart);
    }

    @Override
    public void domainSetAutostart(DomainRef dom, boolean autostart) {
        write(dom, obj -> {
            obj.setAutostart(autostart);
            return null;
        });
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return read(dom, DomainObject::isActive);
    }

    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        return read(dom, DomainObject::isPersistent);
    }

    @Override
    public boolean domainIsUpdated(DomainRef dom) {
        return false;
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainHasManagedSaveImage", FROM);
        return read(dom, DomainObject::hasManagedSave);
    }

    @Override
    public int domainSnapshotNum(DomainRef dom, int flags) {
        FlagCheck.check(flags, SNAPSHOT_LIST_ALL, "testDomainSnapshotNum", FROM);
        return read(dom, obj -> 0);
    }

    @Override
    public SecurityLabel domainGetSecurityLabel(DomainRef dom) {
        return read(dom, obj -> obj.isActive() ? new SecurityLabel("libvirt-test", true) : new SecurityLabel("", false));
    }

    @Override
    public List<String> domainGetMessages(DomainRef dom, int flags) {
        FlagCheck.check(flags, MESSAGE_ALL, "testDomainGetMessages", FROM);
        return read(dom, obj -> List.of());
    }

    // ---- tuning ------------------------------------------------------------------------------------------------

    /** libvirt's g_get_real_time(): wall-clock microseconds, the base of the test driver's made-up counters. */
    private static long realTimeMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public List<DomainMemoryStat> domainMemoryStats(DomainRef dom, int maxStats, int flags) {
        FlagCheck.check(flags, 0, "testDomainMemoryStats", FROM);
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            Memballoon balloon = obj.def().devices.memballoon;
            if (balloon == null || "none".equals(balloon.model)) {
                return List.of();
            }
            // libvirt keeps the balloon size in an int here; sizes beyond 2 TiB wrap as they do there.
            long cur = (int) ScaledInteger.kibValue(obj.def().currentMemory);
            long[][] all = {
                {DomainMemoryStat.ACTUAL_BALLOON, cur}, {DomainMemoryStat.SWAP_IN, 0},
                {DomainMemoryStat.SWAP_OUT, 0}, {DomainMemoryStat.MAJOR_FAULT, 0},
                {DomainMemoryStat.MINOR_FAULT, 0}, {DomainMemoryStat.UNUSED, cur / 2},
                {DomainMemoryStat.AVAILABLE, cur}, {DomainMemoryStat.USABLE, cur / 2},
                {DomainMemoryStat.LAST_UPDATE, 627319920}, {DomainMemoryStat.DISK_CACHES, cur / 8},
                {DomainMemoryStat.HUGETLB_PGALLOC, 0}, {DomainMemoryStat.HUGETLB_PGFAIL, 0},
                {DomainMemoryStat.RSS, cur / 2},
            };
            List<DomainMemoryStat> out = new ArrayList<>();
            for (int i = 0; i < all.length && i < maxStats; i++) {
                out.add(new DomainMemoryStat((int) all[i][0], all[i][1]));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public DomainBlockStats domainBlockStats(DomainRef dom, String disk) {
        if (disk.isEmpty()) {
            throw VirException.of(FROM, VirErrorCode.OPERATION_UNSUPPORTED, "summary statistics are not supported yet");
        }
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            if (!hasDisk(obj.def(), disk)) {
                throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "invalid path: " + disk);
            }
            long base = realTimeMicros();
            return new DomainBlockStats(base / 10, base / 20, base / 30, base / 40, base / 2_000_000L);
        });
    }

    /** libvirt's disk lookup: a name without a leading slash is a target, otherwise one disk's source path. */
    private static boolean hasDisk(Domain d, String name) {
        return diskByName(d, name) != null;
    }

    /** libvirt's virDomainDiskByName without ambiguity: a target name, or a source path only one disk has. */
    private static @Nullable Disk diskByName(Domain d, String name) {
        Disk found = null;
        int bySource = 0;
        for (Disk disk : d.devices.disk) {
            if (!name.startsWith("/")) {
                if (disk.target != null && name.equals(disk.target.dev)) {
                    return disk;
                }
            } else if (disk.source != null && name.equals(diskSourcePath(disk.source))) {
                bySource++;
                found = disk;
            }
        }
        return bySource == 1 ? found : null;
    }

    @Override
    public DomainBlockInfo domainGetBlockInfo(DomainRef dom, String path, int flags) {
        FlagCheck.check(flags, 0, "testDomainGetBlockInfo", FROM);
        return read(dom, obj -> {
            Disk disk = diskByName(obj.def(), path);
            if (disk == null) {
                throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "invalid path " + path + " not assigned to domain");
            }
            DiskSource s = disk.source;
            if (s == null || (diskSourcePath(s) == null && s.protocol == null && s.pool == null)) {
                throw VirException.of(FROM, VirErrorCode.INVALID_ARG,
                        "disk '" + path + "' does not currently have a source assigned");
            }
            // libvirt's test driver answers these fixed sizes for every disk.
            return new DomainBlockInfo(1099506450432L, 1099511627776L, 1099511627776L);
        });
    }

    @Override
    public DomainDiskErrors domainGetDiskErrors(DomainRef dom, int maxErrors, int flags) {
        FlagCheck.check(flags, 0, "testDomainGetDiskErrors", FROM);
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            List<Disk> disks = obj.def().devices.disk;
            if (maxErrors == 0) {
                return new DomainDiskErrors(disks.size(), List.of());
            }
            // libvirt's test driver reports an error on every disk, alternating "unspecified" and "no space".
            int n = (int) Math.min(disks.size(), Integer.toUnsignedLong(maxErrors));
            List<DomainDiskErrors.DiskError> errors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                errors.add(new DomainDiskErrors.DiskError(disks.get(i).target.dev, i % 2 + 1));
            }
            return new DomainDiskErrors(n, errors);
        });
    }

    @Override
    public List<DomainInterface> domainInterfaceAddresses(DomainRef dom, int source, int flags) {
        FlagCheck.check(flags, 0, "testDomainInterfaceAddresses", FROM);
        if (Integer.compareUnsigned(source, DomainInterface.SOURCE_ARP) > 0) {
            throw VirException.of(FROM, VirErrorCode.ARGUMENT_UNSUPPORTED,
                    "Unknown IP address data source " + Integer.toUnsignedString(source));
        }
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            Domain d = obj.def();
            List<DomainInterface> out = new ArrayList<>();
            for (int i = 0; i < d.devices.interfaces.size(); i++) {
                Interface nic = d.devices.interfaces.get(i);
                String name = nic.target == null ? null : nic.target.attribute("dev");
                String mac = nic.mac == null ? null : nic.mac.attribute("address");
                DomainInterface.IpAddress addr;
                if ("network".equals(nic.type)) {
                    // An address from the network's DHCP range, different per interface and domain, as libvirt's
                    // test driver makes it; only its built-in "default" network is modelled here.
                    String net = nic.source == null ? null : nic.source.network;
                    if (!"default".equals(net)) {
                        throw VirException.of(FROM, VirErrorCode.NO_NETWORK,
                                "no network with matching name '" + net + "'");
                    }
                    long offset = 20L * (obj.id() - 1) + i + 1;
                    long ip = (192L << 24 | 168L << 16 | 122L << 8 | 2L) + offset;
                    addr = new DomainInterface.IpAddress(DomainInterface.IpAddress.IPV4, (ip >> 24 & 255) + "."
                            + (ip >> 16 & 255) + "." + (ip >> 8 & 255) + "." + (ip & 255), 24);
                } else {
                    addr = new DomainInterface.IpAddress(DomainInterface.IpAddress.IPV4, "192.168.0." + (1 + i), 24);
                }
                out.add(new DomainInterface(name == null ? "" : name, mac == null ? null : mac.toLowerCase(Locale.ROOT),
                        List.of(addr)));
            }
            return out;
        });
    }

    @Override
    public void domainInjectNmi(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainInjectNMI", FROM);
        read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            return null; // nothing happens to a test guest
        });
    }

    @Override
    public String domainGetHostname(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainGetHostname", FROM);
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            return obj.name() + "host";
        });
    }

    @Override
    public DomainControlInfo domainGetControlInfo(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainGetControlInfo", FROM);
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            // libvirt's test driver derives the control state from the domain's clock, so that setting the time
            // shows every state: < 10000 s a job, < 30000 s occupied, < 60000 s an error (reason: seconds % 4).
            long seconds = TestDriverState.clock(obj).seconds;
            if (seconds > 0 && seconds < 10000) {
                return new DomainControlInfo(DomainControlInfo.JOB, 0, seconds);
            }
            if (seconds >= 10000 && seconds < 30000) {
                return new DomainControlInfo(DomainControlInfo.OCCUPIED, 0, seconds - 10000);
            }
            if (seconds >= 30000 && seconds < 60000) {
                return new DomainControlInfo(DomainControlInfo.ERROR, (int) (seconds % 4), seconds - 30000);
            }
            return new DomainControlInfo(DomainControlInfo.OK, 0, 0);
        });
    }

    @Override
    public DomainTime domainGetTime(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, "testDomainGetTime", FROM);
        return read(dom, obj -> {
            if (obj.state() != DomainState.RUNNING) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID, "domain is not running");
            }
            TestDriverState.Clock clock = TestDriverState.clock(obj);
            return new DomainTime(clock.seconds, (int) clock.nseconds);
        });
    }

    @Override
    public void domainSetTime(DomainRef dom, long seconds, int nseconds, int flags) {
        FlagCheck.check(flags, DomainTime.SYNC, "testDomainSetTime", FROM);
        write(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            TestDriverState.Clock clock = TestDriverState.clock(obj);
            clock.seconds = seconds;
            clock.nseconds = Integer.toUnsignedLong(nseconds);
            return null;
        });
    }

    private static @Nullable String diskSourcePath(DiskSource s) {
        if (s.file != null) {
            return s.file;
        }
        if (s.dev != null) {
            return s.dev;
        }
        if (s.dir != null) {
            return s.dir;
        }
        return s.name;
    }

    @Override
    public DomainInterfaceStats domainInterfaceStats(DomainRef dom, String device) {
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw notRunning();
            }
            if (!hasInterface(obj.def(), device)) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.INVALID_ARG,
                        "'" + device + "' is not a known interface");
            }
            long base = realTimeMicros();
            return new DomainInterfaceStats(base / 10, base / 100, base / 1_000_000L, base / 2_000_000L,
                    base / 20, base / 110, base / 3_000_000L, base / 4_000_000L);
        });
    }

    /** libvirt's interface lookup: by MAC address when {@code device} parses as one, else by host-side name. */
    private static boolean hasInterface(Domain d, String device) {
        byte[] mac = parseMac(device);
        for (Interface i : d.devices.interfaces) {
            if (mac != null) {
                String own = i.mac == null ? null : i.mac.attribute("address");
                if (own != null && Arrays.equals(mac, parseMac(own))) {
                    return true;
                }
            } else if (i.target != null && device.equals(i.target.attribute("dev"))) {
                return true;
            }
        }
        return false;
    }

    /** Six hex bytes separated by ':' or '-', one or two digits each, as virMacAddrParse takes them. */
    private static byte @Nullable [] parseMac(String s) {
        String[] parts = s.split("[:-]", -1);
        if (parts.length != 6) {
            return null;
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("[0-9a-fA-F]{1,2}")) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    @Override
    public DomainVcpus domainGetVcpus(DomainRef dom, int maxInfo, int mapLen) {
        return read(dom, obj -> {
            if (!obj.isActive()) {
                throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                        "cannot list vcpus for an inactive domain");
            }
            Domain d = obj.def();
            BitSet affinity = affinity(d);
            long base = realTimeMicros();
            int n = Math.min(maxInfo, vcpus(d));
            byte[] maps = cpumaps(affinity, n, maxInfo, mapLen);
            List<VcpuInfo> info = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                info.add(new VcpuInfo(i, VcpuInfo.RUNNING, base / 10, affinity.length() - 1));
            }
            return new DomainVcpus(info, maps);
        });
    }

    @Override
    public VcpuPinInfo domainGetVcpuPinInfo(DomainRef dom, int ncpumaps, int mapLen, int flags) {
        return read(dom, obj -> {
            Domain d = liveImpact(obj, flags) ? obj.def() : obj.persistentDef();
            int n = Math.min(ncpumaps, maxVcpus(d));
            return new VcpuPinInfo(n, cpumaps(affinity(d), n, ncpumaps, mapLen));
        });
    }

    /** The host CPUs a domain's vCPUs may run on: its {@code <vcpu cpuset>}, or every host CPU. */
    private BitSet affinity(Domain d) {
        BitSet affinity = d.vcpu != null && d.vcpu.cpuset != null ? parseCpuset(d.vcpu.cpuset) : null;
        if (affinity == null) {
            NodeInfo node = state.nodeInfo;
            affinity = new BitSet();
            affinity.set(0, node.nodes() * node.sockets() * node.cores() * node.threads());
        }
        return affinity;
    }

    /** {@code slots * mapLen} bytes in which the first {@code filled} maps hold {@code affinity}. */
    private static byte[] cpumaps(BitSet affinity, int filled, int slots, int mapLen) {
        byte[] maps = new byte[slots * mapLen];
        for (int i = 0; i < filled; i++) {
            for (int cpu = affinity.nextSetBit(0); cpu >= 0 && cpu / 8 < mapLen; cpu = affinity.nextSetBit(cpu + 1)) {
                maps[i * mapLen + cpu / 8] |= (byte) (1 << (cpu % 8));
            }
        }
        return maps;
    }

    /** libvirt's cpuset syntax ("0-3,^2,8"); null when it does not parse. */
    private static @Nullable BitSet parseCpuset(String spec) {
        BitSet set = new BitSet();
        try {
            for (String part : spec.split(",")) {
                String p = part.strip();
                boolean neg = p.startsWith("^");
                if (neg) {
                    p = p.substring(1);
                }
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
                if (lo < 0 || hi < lo) {
                    return null;
                }
                if (neg) {
                    set.clear(lo, hi + 1);
                } else {
                    set.set(lo, hi + 1);
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return set;
    }

    @Override
    public void domainSetMemory(DomainRef dom, long memoryKiB) {
        setMemory(dom, memoryKiB, Flags.AFFECT_LIVE);
    }

    @Override
    public void domainSetMaxMemory(DomainRef dom, long memoryKiB) {
        setMemory(dom, memoryKiB, Flags.MEM_MAXIMUM);
    }

    @Override
    public void domainSetMemoryFlags(DomainRef dom, long memoryKiB, int flags) {
        setMemory(dom, memoryKiB, flags);
    }

    private void setMemory(DomainRef dom, long memoryKiB, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.MEM_MAXIMUM,
                "testDomainSetMemoryFlags", FROM);
        write(dom, obj -> {
            boolean live = liveImpact(obj, flags);
            Domain def = live ? obj.def() : obj.persistentDef();
            if ((flags & Flags.MEM_MAXIMUM) != 0) {
                if (live) {
                    throw VirException.of(FROM, VirErrorCode.OPERATION_INVALID,
                            "cannot resize the maximum memory on an active domain");
                }
                def.memory = ScaledInteger.kib(memoryKiB);
                if (ScaledInteger.kibValue(def.currentMemory) > memoryKiB) {
                    def.currentMemory = ScaledInteger.kib(memoryKiB);
                }
            } else {
                if (memoryKiB > ScaledInteger.kibValue(def.memory)) {
                    throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "cannot set memory higher than max memory");
                }
                def.currentMemory = ScaledInteger.kib(memoryKiB);
            }
            return null;
        });
    }

    /**
     * libvirt's virDomainObjGetOneDefState: resolves AFFECT_CURRENT, refuses LIVE on an inactive domain, CONFIG
     * on a transient one, and both at once; true when the live definition is meant.
     */
    private static boolean liveImpact(DomainObject<Domain> obj, int flags) {
        int impact = flags & (Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG);
        if (impact == (Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG)) {
            throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.INVALID_ARG,
                    "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
        if (impact == Flags.AFFECT_CURRENT) {
            impact = obj.isActive() ? Flags.AFFECT_LIVE : Flags.AFFECT_CONFIG;
        }
        if (impact == Flags.AFFECT_LIVE && !obj.isActive()) {
            throw notRunning();
        }
        if (impact == Flags.AFFECT_CONFIG && !obj.isPersistent()) {
            throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID,
                    "transient domains do not have any persistent config");
        }
        return impact == Flags.AFFECT_LIVE;
    }

    @Override
    public void domainSetVcpus(DomainRef dom, int nvcpus) {
        domainSetVcpusFlags(dom, nvcpus, Flags.AFFECT_LIVE);
    }

    @Override
    public void domainSetVcpusFlags(DomainRef dom, int nvcpus, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.VCPU_MAXIMUM,
                "testDomainSetVcpusFlags", FROM);
        if (Integer.toUnsignedLong(nvcpus) > MAX_VCPUS) {
            throw VirException.of(FROM, VirErrorCode.INVALID_ARG, "requested cpu amount exceeds maximum supported amount ("
                    + Integer.toUnsignedString(nvcpus) + " > " + MAX_VCPUS + ")");
        }
        write(dom, obj -> {
            boolean live;
            boolean config;
            int impact = flags & (Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG);
            if (impact == Flags.AFFECT_CURRENT) {
                impact = obj.isActive() ? Flags.AFFECT_LIVE : Flags.AFFECT_CONFIG;
            }
            live = (impact & Flags.AFFECT_LIVE) != 0;
            config = (impact & Flags.AFFECT_CONFIG) != 0;
            if (live && !obj.isActive()) {
                throw notRunning();
            }
            if (config && !obj.isPersistent()) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID,
                        "transient domains do not have any persistent config");
            }
            Domain def = live ? obj.def() : null;
            Domain persistent = config ? obj.persistentDef() : null;
            if (def != null && maxVcpus(def) < nvcpus) {
                throw VirException.of(FROM, VirErrorCode.INVALID_ARG,
                        "requested cpu amount exceeds maximum (" + nvcpus + " > " + maxVcpus(def) + ")");
            }
            if (persistent != null && (flags & Flags.VCPU_MAXIMUM) == 0 && maxVcpus(persistent) < nvcpus) {
                throw VirException.of(FROM, VirErrorCode.INVALID_ARG,
                        "requested cpu amount exceeds maximum (" + nvcpus + " > " + maxVcpus(persistent) + ")");
            }
            if (def != null) {
                setCurrentVcpus(def, nvcpus);
            }
            if (persistent != null) {
                if ((flags & Flags.VCPU_MAXIMUM) != 0) {
                    persistent.vcpu.count = Integer.toString(nvcpus);
                    if (persistent.vcpu.current != null && Integer.parseInt(persistent.vcpu.current) >= nvcpus) {
                        persistent.vcpu.current = null;
                    }
                } else {
                    setCurrentVcpus(persistent, nvcpus);
                }
            }
            return null;
        });
    }

    @Override
    public int domainGetVcpusFlags(DomainRef dom, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.VCPU_MAXIMUM,
                "testDomainGetVcpusFlags", FROM);
        return read(dom, obj -> {
            boolean live = liveImpact(obj, flags);
            Domain d = live ? obj.def() : obj.persistentDef();
            return (flags & Flags.VCPU_MAXIMUM) != 0 ? maxVcpus(d) : vcpus(d);
        });
    }

    @Override
    public void domainSetMemoryStatsPeriod(DomainRef dom, int period, int flags) {
        FlagCheck.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainSetMemoryStatsPeriod", FROM);
        write(dom, obj -> {
            Domain def = liveImpact(obj, flags) ? obj.def() : obj.persistentDef();
            Memballoon balloon = def.devices == null ? null : def.devices.memballoon;
            if (balloon == null || "none".equals(balloon.model)) {
                throw VirException.of(FROM, VirErrorCode.INTERNAL_ERROR,
                        "No memory balloon device configured, can not set the collection period");
            }
            if (period == 0) {
                balloon.stats = null;
            } else {
                balloon.stats = new Generic().attribute("period", Integer.toString(period));
            }
            DomainXml.forgetOrder(def, balloon);
            return null;
        });
    }

    private static void setCurrentVcpus(Domain d, int n) {
        d.vcpu.current = n == maxVcpus(d) ? null : Integer.toString(n);
    }

    private static int maxVcpus(Domain d) {
        return Integer.parseInt(d.vcpu.count);
    }

    private static int vcpus(Domain d) {
        return d.vcpu.current != null ? Integer.parseInt(d.vcpu.current) : maxVcpus(d);
    }

    // ---- events ------------------------------------------------------------------------------------------

    @Override
    public int connectDomainEventRegisterAny(@Nullable DomainRef dom, int eventId, DomainEventListener listener) {
        return state.events.register(owner, dom == null ? null : dom.uuid(), eventId, listener);
    }

    @Override
    public void connectDomainEventDeregisterAny(int callbackId) {
        state.events.deregister(owner, callbackId);
    }

    boolean sharesDefaultState() {
        return sharedDefault;
    }
}
