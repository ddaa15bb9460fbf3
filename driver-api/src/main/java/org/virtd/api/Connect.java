package org.virtd.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.virtd.driver.spi.HypervisorDriver;

/**
 * An open connection to a hypervisor driver: libvirt's {@code virConnectPtr}. Opened by {@link Virt#connect}.
 *
 * <p>Each method is one public API call: read-only and argument checks happen here, once, for every driver;
 * the driver does the rest. Errors are thrown as {@link VirException}. Thread-safe: a connection may be shared
 * by many threads, as the daemon does for one client's concurrent calls.
 */
public final class Connect implements AutoCloseable {
    private final HypervisorDriver driver;
    private final boolean readOnly;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<CloseListener> closeListeners = new CopyOnWriteArrayList<>();

    Connect(HypervisorDriver driver, int flags) {
        this.driver = driver;
        this.readOnly = (flags & Flags.CONNECT_RO) != 0;
        driver.connectSetCloseHandler(this::lost);
    }

    /** The driver lost its hypervisor or daemon: the close callbacks are told why (virConnectCloseReason). */
    private void lost(int reason) {
        if (closed.get()) {
            return;
        }
        for (CloseListener l : closeListeners) {
            l.onClose(this, reason);
        }
    }

    HypervisorDriver driver() {
        if (closed.get()) {
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.INVALID_CONN, "virConnect");
        }
        return driver;
    }

    /** Whether this connection was opened with {@link Flags#CONNECT_RO}; state changes are then refused. */
    public boolean isReadOnly() {
        return readOnly;
    }

    void checkWritable(String apiName) {
        if (readOnly) {
            throw VirException.readOnly(apiName);
        }
    }

    /** libvirt's non-null argument check: "invalid argument: NAME in FUNCTION must not be NULL". */
    void requireNonNullArg(@Nullable Object value, String name, String function) {
        if (value == null) {
            throw VirException.invalidArgument(function, name, name + " in " + function + " must not be NULL");
        }
    }

    /**
     * A path made absolute against this process's working directory, with "." and ".." segments and
     * repeated separators folded and symbolic links left alone (what libvirt's public API does with file
     * names before handing them to a driver that may live in another process).
     */
    static String absolutePath(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /**
     * {@code virStreamNew}: a stream on this connection, empty until a stream-opening call uses it.
     *
     * @param flags 0 or {@link Flags#STREAM_NONBLOCK} (kept for the driver; virtd's streams always block)
     */
    public Stream newStream(int flags) {
        driver();
        return new Stream(this, flags);
    }

    /** A {@link Domain} for an identity received from elsewhere (a peer, an event); nothing is looked up. */
    public Domain domain(DomainRef ref) {
        return new Domain(this, Objects.requireNonNull(ref, "ref"));
    }

    // ---- connection / host -----------------------------------------------------------------------------

    /** {@code virConnectGetURI}: the canonical URI of the driver connection. */
    public String getUri() {
        return driver().uri();
    }

    /** {@code virConnectGetType}: the driver's name ("TEST", "QEMU"). */
    public String getType() {
        return driver().connectGetType();
    }

    /** {@code virConnectGetVersion}: the hypervisor's version, major * 1,000,000 + minor * 1,000 + release. */
    public long getVersion() {
        return driver().connectGetVersion();
    }

    /**
     * {@code virConnectGetLibVersion}: the libvirt release virtd's API and wire behaviour match (9.0.0), so
     * clients that branch on the library version treat virtd as that release.
     */
    public long getLibVersion() {
        driver();
        return Virt.LIBVIRT_COMPAT_VERSION;
    }

    public String getHostname() {
        return driver().connectGetHostname();
    }

    public String getCapabilities() {
        return driver().connectGetCapabilities();
    }

    public String getSysinfo(int flags) {
        return driver().connectGetSysinfo(flags);
    }

    public int getMaxVcpus(@Nullable String type) {
        return driver().connectGetMaxVcpus(type);
    }

    public boolean isSecure() {
        return driver().connectIsSecure();
    }

    public boolean isEncrypted() {
        return driver().connectIsEncrypted();
    }

    /** {@code virConnectIsAlive}: false once closed, or when the driver lost its hypervisor or daemon. */
    public boolean isAlive() {
        return !closed.get() && driver.connectIsAlive();
    }

    /**
     * {@code virConnectSetKeepAlive}: ping the daemon after {@code interval} seconds of silence and give the
     * connection up after {@code count} unanswered pings (interval ≤ 0: stop pinging). Returns 0, or 1 when the
     * daemon does not support keepalive; in-process drivers refuse with VIR_ERR_NO_SUPPORT.
     */
    public int setKeepAlive(int interval, int count) {
        return driver().connectSetKeepAlive(interval, count);
    }

    public boolean supportsFeature(int feature) {
        return driver().connectSupportsFeature(feature);
    }

    public NodeInfo nodeGetInfo() {
        return driver().nodeGetInfo();
    }

    public long nodeGetFreeMemory() {
        return driver().nodeGetFreeMemory();
    }

    public long[] nodeGetCellsFreeMemory(int startCell, int maxCells) {
        return driver().nodeGetCellsFreeMemory(startCell, maxCells);
    }

    /**
     * {@code virNodeGetCPUStats} for host CPU {@code cpuNum} or {@link NodeStats#ALL_CPUS}: with {@code nparams}
     * 0, how many fields there are; otherwise up to {@code nparams} fields.
     */
    public NodeStats nodeGetCpuStats(int cpuNum, int nparams, int flags) {
        if (nparams < 0) {
            throw VirException.invalidArgument("virNodeGetCPUStats", "*nparams",
                    "*nparams in virNodeGetCPUStats must be zero or greater");
        }
        if (cpuNum < 0 && cpuNum != NodeStats.ALL_CPUS) {
            throw VirException.invalidArgument("virNodeGetCPUStats", "cpuNum",
                    "cpuNum in virNodeGetCPUStats only accepts -1 as a negative value");
        }
        return driver().nodeGetCpuStats(cpuNum, nparams, flags);
    }

    /**
     * {@code virNodeGetMemoryStats} for NUMA cell {@code cellNum} or {@link NodeStats#ALL_CELLS}: with
     * {@code nparams} 0, how many fields there are; otherwise up to {@code nparams} fields.
     */
    public NodeStats nodeGetMemoryStats(int cellNum, int nparams, int flags) {
        if (nparams < 0) {
            throw VirException.invalidArgument("virNodeGetMemoryStats", "*nparams",
                    "*nparams in virNodeGetMemoryStats must be zero or greater");
        }
        if (cellNum < 0 && cellNum != NodeStats.ALL_CELLS) {
            // libvirt 9.0 reports this one under the name "cpuNum"; clients see that field.
            throw VirException.invalidArgument("virNodeGetMemoryStats", "cpuNum",
                    "cellNum in virNodeGetMemoryStats only accepts -1 as a negative value");
        }
        return driver().nodeGetMemoryStats(cellNum, nparams, flags);
    }

    /** {@code virNodeGetCPUMap}: the host's CPU count, and the online map and count when asked for. */
    public NodeCpuMap nodeGetCpuMap(boolean wantMap, boolean wantOnline, int flags) {
        return driver().nodeGetCpuMap(wantMap, wantOnline, flags);
    }

    public SecurityModel nodeGetSecurityModel() {
        return driver().nodeGetSecurityModel();
    }

    public String domainXmlFromNative(String nativeFormat, String nativeConfig, int flags) {
        checkWritable("virConnectDomainXMLFromNative");
        return driver().connectDomainXmlFromNative(nativeFormat, nativeConfig, flags);
    }

    public String domainXmlToNative(String nativeFormat, String domainXml, int flags) {
        checkWritable("virConnectDomainXMLToNative");
        return driver().connectDomainXmlToNative(nativeFormat, domainXml, flags);
    }

    /** {@code virDomainRestoreFlags}: {@link #domainRestore} with SAVE_* flags and an optional new definition. */
    public void domainRestoreFlags(String from, @Nullable String dxml, int flags) {
        checkWritable("virDomainRestoreFlags");
        requireNonNullArg(from, "from", "virDomainRestoreFlags");
        Flags.requireExclusive(flags, Flags.SAVE_RUNNING, "VIR_DOMAIN_SAVE_RUNNING", Flags.SAVE_PAUSED,
                "VIR_DOMAIN_SAVE_PAUSED", "virDomainRestoreFlags");
        driver().domainRestoreFlags(absolutePath(from), dxml, flags);
    }

    /** {@code virDomainRestore}: starts the domain saved in {@code from} by {@link Domain#save}. */
    public void domainRestore(String from) {
        checkWritable("virDomainRestore");
        requireNonNullArg(from, "from", "virDomainRestore");
        driver().domainRestore(absolutePath(from));
    }

    // ---- domains -----------------------------------------------------------------------------------------

    /** {@code virConnectListAllDomains} with {@link Flags}{@code .LIST_DOMAINS_*} filters (0 = all). */
    public List<Domain> listAllDomains(int flags) {
        List<DomainRef> refs = driver().connectListAllDomains(flags);
        List<Domain> out = new ArrayList<>(refs.size());
        for (DomainRef r : refs) {
            out.add(new Domain(this, r));
        }
        return out;
    }

    /**
     * {@code virConnectGetAllDomainStats}: statistics of every domain matching the list filters of {@code flags}
     * ({@link Flags}{@code .GET_ALL_DOMAINS_STATS_*} and the {@code LIST_DOMAINS_ACTIVE..OTHER} bits).
     *
     * @param stats {@code Flags.DOMAIN_STATS_*} groups; 0 = every group the driver supports
     * @throws VirException ARGUMENT_UNSUPPORTED for groups the driver lacks with {@code ENFORCE_STATS},
     *         INVALID_ARG for unknown flags, NO_SUPPORT when the driver has no statistics at all
     */
    public List<DomainStatsRecord> getAllDomainStats(int stats, int flags) {
        return driver().connectGetAllDomainStats(List.of(), stats, flags);
    }

    /**
     * {@code virDomainListGetStats}: statistics of the listed domains, which must all belong to this
     * connection; listed domains that no longer exist are left out of the answer.
     *
     * @throws VirException INVALID_ARG for an empty list or a domain of another connection, otherwise as
     *         {@link #getAllDomainStats}
     */
    public List<DomainStatsRecord> domainListGetStats(List<Domain> doms, int stats, int flags) {
        requireNonNullArg(doms, "doms", "virDomainListGetStats");
        if (doms.isEmpty()) {
            throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.INVALID_ARG,
                    "doms array in virDomainListGetStats must contain at least one domain");
        }
        driver();
        List<DomainRef> refs = new ArrayList<>(doms.size());
        for (Domain d : doms) {
            if (d.connect() != this) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.INVALID_ARG,
                        "domains in 'doms' array must belong to a single connection");
            }
            refs.add(d.ref());
        }
        return driver().connectGetAllDomainStats(List.copyOf(refs), stats, flags);
    }

    /**
     * {@code virConnectGetDomainCapabilities}: what the hypervisor offers for one emulator binary, architecture,
     * machine type and virtualization type (each may be null for the driver's default).
     */
    public String getDomainCapabilities(@Nullable String emulatorBin, @Nullable String arch, @Nullable String machine,
            @Nullable String virtType, int flags) {
        driver();
        checkWritable("virConnectGetDomainCapabilities");
        return driver().connectGetDomainCapabilities(emulatorBin, arch, machine, virtType, flags);
    }

    public int[] listDomains(int maxIds) {
        if (maxIds < 0) {
            throw nonNegative("maxids", "virConnectListDomains");
        }
        return driver().connectListDomains(maxIds);
    }

    public int numOfDomains() {
        return driver().connectNumOfDomains();
    }

    public List<String> listDefinedDomains(int maxNames) {
        if (maxNames < 0) {
            throw nonNegative("maxnames", "virConnectListDefinedDomains");
        }
        return driver().connectListDefinedDomains(maxNames);
    }

    public int numOfDefinedDomains() {
        return driver().connectNumOfDefinedDomains();
    }

    public Domain lookupById(int id) {
        if (id < 0) {
            throw nonNegative("id", "virDomainLookupByID");
        }
        return new Domain(this, driver().domainLookupById(id));
    }

    public Domain lookupByName(String name) {
        Objects.requireNonNull(name, "name");
        return new Domain(this, driver().domainLookupByName(name));
    }

    public Domain lookupByUuid(UUID uuid) {
        Objects.requireNonNull(uuid, "uuid");
        return new Domain(this, driver().domainLookupByUuid(uuid));
    }

    /** {@code virDomainDefineXML}: adds or replaces a persistent definition. */
    public Domain defineXml(String xml) {
        checkWritable("virDomainDefineXML");
        return new Domain(this, driver().domainDefineXml(Objects.requireNonNull(xml, "xml")));
    }

    /** {@code virDomainDefineXMLFlags} (DEFINE_VALIDATE). */
    public Domain defineXmlFlags(String xml, int flags) {
        checkWritable("virDomainDefineXMLFlags");
        return new Domain(this, driver().domainDefineXmlFlags(Objects.requireNonNull(xml, "xml"), flags));
    }

    /** {@code virDomainCreateXML}: starts a transient domain. */
    public Domain createXml(String xml, int flags) {
        checkWritable("virDomainCreateXML");
        return new Domain(this, driver().domainCreateXml(Objects.requireNonNull(xml, "xml"), flags));
    }

    // ---- events ------------------------------------------------------------------------------------------

    /**
     * {@code virConnectDomainEventRegisterAny}: delivers events of {@code eventId} about {@code dom} (every
     * domain when null) to {@code listener}.
     *
     * @return the callback id to deregister with
     * @throws VirException INVALID_ARG for an event id this release does not know
     */
    public int domainEventRegisterAny(@Nullable Domain dom, int eventId, DomainEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (eventId < 0 || eventId >= DomainEventId.values().length) {
            throw eventId < 0 ? nonNegative("eventID", "virConnectDomainEventRegisterAny")
                    : VirException.invalidArgument("virConnectDomainEventRegisterAny", "eventID",
                            "eventID in virConnectDomainEventRegisterAny must be less than "
                                    + DomainEventId.values().length);
        }
        return driver().connectDomainEventRegisterAny(dom == null ? null : dom.ref(), eventId, listener);
    }

    public void domainEventDeregisterAny(int callbackId) {
        if (callbackId < 0) {
            throw nonNegative("callbackID", "virConnectDomainEventDeregisterAny");
        }
        driver().connectDomainEventDeregisterAny(callbackId);
    }

    private static VirException nonNegative(String arg, String function) {
        return VirException.invalidArgument(function, arg, arg + " in " + function + " must be non-negative");
    }

    /** {@code virConnectRegisterCloseCallback}: told when this connection goes away other than by {@link #close()}. */
    public void registerCloseCallback(CloseListener listener) {
        closeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void unregisterCloseCallback(CloseListener listener) {
        closeListeners.remove(listener);
    }

    /** Closes the connection; further calls fail with INVALID_CONN. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeListeners.clear();
            driver.close();
        }
    }
}
