package org.virtd.driver.remote;

import static org.virtd.rpc.proto.remote.RemoteProcedure.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.api.DomainBlockInfo;
import org.virtd.api.DomainControlInfo;
import org.virtd.api.DomainInterface;
import org.virtd.api.DomainTime;
import org.virtd.api.DomainDiskErrors;
import org.virtd.api.DomainEvent;
import org.virtd.api.DomainEventId;
import org.virtd.api.DomainEventListener;
import org.virtd.api.BlockStatsParams;
import org.virtd.api.DomainBlockStats;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainInterfaceStats;
import org.virtd.api.DomainJobInfo;
import org.virtd.api.DomainJobStats;
import org.virtd.api.DomainMemoryStat;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.DomainStatsRecord;
import org.virtd.api.DomainVcpus;
import org.virtd.api.VcpuInfo;
import org.virtd.api.VcpuPinInfo;
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
import org.virtd.driver.spi.StreamHandle;
import org.virtd.rpc.client.ClientStream;
import org.virtd.rpc.client.RpcClient;
import org.virtd.rpc.proto.remote.*;
import org.virtd.rpc.wire.Procedure;
import org.virtd.rpc.xdr.XdrVoid;

/**
 * The SPI served over libvirt's RPC: each method is one call of the REMOTE program, in the shape libvirt's
 * remote_driver.c gives it (legacy procedures where the SPI method is the legacy API, handles passed as
 * name/UUID/id and returned as the server sends them).
 *
 * <p>Thread-safe: calls from many threads are multiplexed on the one connection and matched by serial.
 * Events arrive on the connection's I/O thread and are handed to one delivery thread per connection, so
 * listeners see them in order and may call back into the connection.
 */
final class RemoteDriver implements HypervisorDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteDriver.class);

    /** virDrvFeature numbers the client asks during the handshake. */
    static final int FEATURE_PROGRAM_KEEPALIVE = 10;
    static final int FEATURE_REMOTE_EVENT_CALLBACK = 14;
    static final int FEATURE_REMOTE_CLOSE_CALLBACK = 15;

    /** remote_auth_type. */
    static final int AUTH_TYPE_NONE = 0;
    static final int AUTH_TYPE_SASL = 1;
    static final int AUTH_TYPE_POLKIT = 2;

    /**
     * libvirt's client has no per-call timeout and relies on keepalive to notice a dead peer; this bound only
     * keeps a thread from waiting forever on a peer that keeps answering pings but never the call.
     */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);

    /** REMOTE_DOMAIN_LIST_MAX: larger requests are refused before anything is sent, as the client library does. */
    private static final int DOMAIN_LIST_MAX = 16384;
    private static final int NODE_MAX_CELLS = 1024;
    /** REMOTE_NODE_CPU_STATS_MAX and VIR_NODE_CPU_STATS_FIELD_LENGTH. */
    private static final int NODE_CPU_STATS_MAX = 16;
    /** REMOTE_NODE_MEMORY_STATS_MAX; memory field names share the CPU ones' 80-byte length. */
    private static final int NODE_MEMORY_STATS_MAX = 16;
    private static final int CPU_STATS_FIELD_LENGTH = 80;
    /** REMOTE_VCPUINFO_MAX and REMOTE_CPUMAPS_MAX. */
    private static final int VCPUINFO_MAX = 16384;
    private static final int CPUMAPS_MAX = 8388608;
    /** REMOTE_DOMAIN_DISK_ERRORS_MAX. */
    private static final int DISK_ERRORS_MAX = 256;
    /** REMOTE_DOMAIN_BLOCK_STATS_PARAMETERS_MAX. */
    private static final int BLOCK_STATS_PARAMETERS_MAX = 16;
    /** REMOTE_DOMAIN_JOB_STATS_MAX. */
    private static final int JOB_STATS_MAX = 64;

    private final RpcClient rpc;
    private final String uri;
    private static final int CLOSE_REASON_ERROR = 0;
    private static final int CLOSE_REASON_KEEPALIVE = 2;
    private volatile java.util.function.@Nullable IntConsumer closeHandler;

    /** Whether the daemon said yes to the keepalive program (feature 10). */
    private final boolean serverKeepalive;
    private final Transport transport;
    private final boolean closeCallbackRegistered;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<Integer, Registration> callbacks = new ConcurrentHashMap<>();
    /** Held while registering so an event racing the REGISTER_ANY reply waits for its listener. */
    private final Object registerLock = new Object();
    private final ExecutorService events;

    private record Registration(int eventId, DomainEventListener listener) {
    }

    private RemoteDriver(RpcClient rpc, String uri, Transport transport, boolean closeCallbackRegistered,
            boolean serverKeepalive) {
        this.rpc = rpc;
        // libvirt's client reports a daemon that hangs up (or a failed socket) as an I/O error.
        rpc.onPeerClose(cause -> {
            java.util.function.IntConsumer h = closeHandler;
            if (h != null) {
                h.accept(cause == RpcClient.CloseCause.KEEPALIVE ? CLOSE_REASON_KEEPALIVE : CLOSE_REASON_ERROR);
            }
        });
        this.serverKeepalive = serverKeepalive;
        this.uri = uri;
        this.transport = transport;
        this.closeCallbackRegistered = closeCallbackRegistered;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "virtd-remote-events " + uri);
            t.setDaemon(true);
            return t;
        });
        rpc.onEvent(DOMAIN_EVENT_CALLBACK_LIFECYCLE, m -> deliver(m.callbackID(),
                new DomainEvent.Lifecycle(ref(m.msg().dom()), m.msg().event(), m.msg().detail())));
        rpc.onEvent(DOMAIN_EVENT_CALLBACK_REBOOT, m -> deliver(m.callbackID(),
                new DomainEvent.Reboot(ref(m.msg().dom()))));
        rpc.onEvent(DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE, m -> deliver(m.callbackID(),
                new DomainEvent.BalloonChange(ref(m.msg().dom()), m.msg().actual())));
    }

    /**
     * Authenticates and opens the hypervisor connection on a fresh RPC connection, in libvirt's client order:
     * AUTH_LIST (and AUTH_POLKIT when offered), SUPPORTS_FEATURE(10) then keepalive, CONNECT_OPEN, features 14
     * and 15, REGISTER_CLOSE_CALLBACK. On failure the RPC connection is closed.
     *
     * @param uri      the URI as the user gave it (what {@link #uri()} reports)
     * @param name     what CONNECT_OPEN sends ({@link RemoteUris#openName})
     * @param authType the {@code auth=} URI parameter, or null for the server's first offer
     */
    static RemoteDriver open(RpcClient rpc, String uri, Transport transport, String name, int flags,
            @Nullable String authType) {
        rpc.setTimeout(CALL_TIMEOUT);
        boolean ok = false;
        try {
            authenticate(rpc, authType);
            boolean serverKeepalive = feature(rpc, FEATURE_PROGRAM_KEEPALIVE);
            if (serverKeepalive) {
                rpc.startKeepalive();
            }
            call(rpc, CONNECT_OPEN, new ConnectOpenArgs(name, flags));
            if (!feature(rpc, FEATURE_REMOTE_EVENT_CALLBACK)) {
                LOG.info("{}: server lacks callback-style events; domain events are not available", uri);
            }
            boolean closeCb = feature(rpc, FEATURE_REMOTE_CLOSE_CALLBACK);
            if (closeCb) {
                call(rpc, CONNECT_REGISTER_CLOSE_CALLBACK, XdrVoid.INSTANCE);
            }
            // Opened without a URI: the daemon chose the hypervisor, so ask it which, as libvirt's client does.
            String effective = uri.isEmpty() ? call(rpc, CONNECT_GET_URI, XdrVoid.INSTANCE).uri() : uri;
            RemoteDriver d = new RemoteDriver(rpc, effective, transport, closeCb, serverKeepalive);
            ok = true;
            return d;
        } finally {
            if (!ok) {
                rpc.close();
            }
        }
    }

    private static void authenticate(RpcClient rpc, @Nullable String authType) {
        List<AuthType> offered;
        try {
            offered = call(rpc, AUTH_LIST, XdrVoid.INSTANCE).types();
        } catch (VirException e) {
            if (e.code() == VirErrorCode.NO_SUPPORT.wireValue()) {
                return; // a server from before authentication existed
            }
            throw e;
        }
        if (offered.isEmpty()) {
            return;
        }
        int type;
        if (authType != null) {
            int want;
            if (authType.equalsIgnoreCase("sasl") || authType.regionMatches(true, 0, "sasl.", 0, 5)) {
                want = AUTH_TYPE_SASL;
            } else if (authType.equalsIgnoreCase("polkit")) {
                want = AUTH_TYPE_POLKIT;
            } else {
                throw authFailed("unknown authentication type " + authType);
            }
            if (offered.stream().noneMatch(t -> t.wireValue() == want)) {
                throw authFailed("requested authentication type " + authType + " rejected");
            }
            type = want;
        } else {
            type = offered.get(0).wireValue();
        }
        switch (type) {
            case AUTH_TYPE_NONE -> {
            }
            // The daemon decides polkit by the peer's credentials; the client only asks.
            case AUTH_TYPE_POLKIT -> call(rpc, AUTH_POLKIT, XdrVoid.INSTANCE);
            // libvirt built without SASL reports exactly this; virtd's client has no SASL yet.
            default -> throw authFailed("unsupported authentication type " + type);
        }
    }

    private static VirException authFailed(String detail) {
        return VirException.of(VirErrorDomain.REMOTE, VirErrorCode.AUTH_FAILED, detail);
    }

    private static boolean feature(RpcClient rpc, int feature) {
        try {
            return call(rpc, CONNECT_SUPPORTS_FEATURE, new ConnectSupportsFeatureArgs(feature)).supported() != 0;
        } catch (VirException e) {
            // libvirt's client treats a failed probe as "not supported".
            return false;
        }
    }

    private static <A, R> R call(RpcClient rpc, Procedure<A, R> p, A args) {
        if (!rpc.isOpen()) {
            throw RemoteErrors.socketClosed();
        }
        try {
            return rpc.call(p, args);
        } catch (RuntimeException e) {
            throw RemoteErrors.fromCall(e);
        }
    }

    private <A, R> R call(Procedure<A, R> p, A args) {
        if (closed.get()) {
            throw RemoteErrors.socketClosed();
        }
        return call(rpc, p, args);
    }

    private static NonnullDomain wire(DomainRef d) {
        return new NonnullDomain(d.name(), d.uuid(), d.id());
    }

    private static DomainRef ref(NonnullDomain d) {
        return new DomainRef(d.name(), d.uuid(), d.id());
    }

    /** A {@code char<N>} C string from the wire: the bytes up to the first NUL. */
    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    // ---- connection ------------------------------------------------------------------------------------

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public void connectSetCloseHandler(java.util.function.IntConsumer handler) {
        this.closeHandler = handler;
    }

    @Override
    public int connectSetKeepAlive(int interval, int count) {
        if (!serverKeepalive) {
            return 1;
        }
        rpc.setKeepalive(interval, count);
        return 0;
    }

    /** The URI the connection was opened with, as libvirt's virConnectGetURI answers for remote connections. */
    @Override
    public String uri() {
        return uri;
    }

    Transport transport() {
        return transport;
    }

    /** Unregisters the close callback and closes the hypervisor connection, then the socket. Never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (rpc.isOpen()) {
                if (closeCallbackRegistered) {
                    call(rpc, CONNECT_UNREGISTER_CLOSE_CALLBACK, XdrVoid.INSTANCE);
                }
                call(rpc, CONNECT_CLOSE, XdrVoid.INSTANCE);
            }
        } catch (VirException e) {
            LOG.debug("{}: error while closing: {}", uri, e.getMessage());
        } finally {
            rpc.close();
            events.shutdown();
            callbacks.clear();
        }
    }

    /** Whether the socket is still up (libvirt's virConnectIsAlive for remote connections). */
    @Override
    public boolean connectIsAlive() {
        return !closed.get() && rpc.isOpen();
    }

    @Override
    public String connectGetType() {
        return call(CONNECT_GET_TYPE, XdrVoid.INSTANCE).type();
    }

    @Override
    public long connectGetVersion() {
        return call(CONNECT_GET_VERSION, XdrVoid.INSTANCE).hvVer();
    }

    @Override
    public String connectGetHostname() {
        return call(CONNECT_GET_HOSTNAME, XdrVoid.INSTANCE).hostname();
    }

    @Override
    public String connectGetCapabilities() {
        return call(CONNECT_GET_CAPABILITIES, XdrVoid.INSTANCE).capabilities();
    }

    @Override
    public String connectGetSysinfo(int flags) {
        return call(CONNECT_GET_SYSINFO, new ConnectGetSysinfoArgs(flags)).sysinfo();
    }

    @Override
    public int connectGetMaxVcpus(@Nullable String type) {
        return call(CONNECT_GET_MAX_VCPUS, new ConnectGetMaxVcpusArgs(type)).maxVcpus();
    }

    /** Secure when both the transport (UNIX sockets, not plain TCP) and the server's own connection are. */
    @Override
    public boolean connectIsSecure() {
        boolean serverSecure = call(CONNECT_IS_SECURE, XdrVoid.INSTANCE).secure() != 0;
        return serverSecure && transport == Transport.UNIX;
    }

    /** Encrypted only over an encrypting transport (TLS), which virtd's client does not offer yet. */
    @Override
    public boolean connectIsEncrypted() {
        boolean serverSecure = call(CONNECT_IS_SECURE, XdrVoid.INSTANCE).secure() != 0;
        return serverSecure && transport == Transport.TLS;
    }

    @Override
    public boolean connectSupportsFeature(int feature) {
        return call(CONNECT_SUPPORTS_FEATURE, new ConnectSupportsFeatureArgs(feature)).supported() != 0;
    }

    @Override
    public NodeInfo nodeGetInfo() {
        NodeGetInfoRet r = call(NODE_GET_INFO, XdrVoid.INSTANCE);
        return new NodeInfo(cString(r.model()), r.memory(), r.cpus(), r.mhz(), r.nodes(), r.sockets(), r.cores(),
                r.threads());
    }

    @Override
    public long nodeGetFreeMemory() {
        return call(NODE_GET_FREE_MEMORY, XdrVoid.INSTANCE).freeMem();
    }

    @Override
    public NodeStats nodeGetCpuStats(int cpuNum, int nparams, int flags) {
        NodeGetCpuStatsRet r = call(NODE_GET_CPU_STATS, new NodeGetCpuStatsArgs(cpuNum, nparams, flags));
        if (r.params().size() > NODE_CPU_STATS_MAX || r.params().size() > nparams) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "remoteNodeGetCPUStats: returned number of stats exceeds limit");
        }
        return nodeStats(nparams, r.nparams(),
                r.params().stream().map(p -> new NodeStats.Field(p.field(), p.value())).toList());
    }

    @Override
    public NodeStats nodeGetMemoryStats(int cellNum, int nparams, int flags) {
        NodeGetMemoryStatsRet r = call(NODE_GET_MEMORY_STATS, new NodeGetMemoryStatsArgs(nparams, cellNum, flags));
        if (r.params().size() > NODE_MEMORY_STATS_MAX || r.params().size() > nparams) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "remoteNodeGetMemoryStats: returned number of stats exceeds limit");
        }
        return nodeStats(nparams, r.nparams(),
                r.params().stream().map(p -> new NodeStats.Field(p.field(), p.value())).toList());
    }

    /** Node CPU and memory stats come back alike: a count probe (nparams 0) or named values. */
    private static NodeStats nodeStats(int nparams, int count, List<NodeStats.Field> fields) {
        if (nparams == 0) {
            return new NodeStats(count, List.of());
        }
        for (NodeStats.Field f : fields) {
            // libvirt copies each name into an 80-byte field, NUL included.
            if (f.field().getBytes(StandardCharsets.UTF_8).length >= CPU_STATS_FIELD_LENGTH) {
                throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.INTERNAL_ERROR,
                        "Stats %s too big for destination", f.field());
            }
        }
        return new NodeStats(fields.size(), fields);
    }

    @Override
    public NodeCpuMap nodeGetCpuMap(boolean wantMap, boolean wantOnline, int flags) {
        NodeGetCpuMapRet r = call(NODE_GET_CPU_MAP, new NodeGetCpuMapArgs(wantMap ? 1 : 0, wantOnline ? 1 : 0, flags));
        return new NodeCpuMap(r.ret(), wantMap ? r.cpumap() : null, wantOnline ? r.online() : 0);
    }

    @Override
    public long[] nodeGetCellsFreeMemory(int startCell, int maxCells) {
        if (maxCells > NODE_MAX_CELLS) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "Requested cell count " + maxCells + " must be less than " + NODE_MAX_CELLS);
        }
        List<Long> cells = call(NODE_GET_CELLS_FREE_MEMORY, new NodeGetCellsFreeMemoryArgs(startCell, maxCells))
                .cells();
        long[] out = new long[cells.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cells.get(i);
        }
        return out;
    }

    @Override
    public SecurityModel nodeGetSecurityModel() {
        NodeGetSecurityModelRet r = call(NODE_GET_SECURITY_MODEL, XdrVoid.INSTANCE);
        return new SecurityModel(cString(r.model()), cString(r.doi()));
    }

    @Override
    public String connectDomainXmlFromNative(String nativeFormat, String nativeConfig, int flags) {
        return call(CONNECT_DOMAIN_XML_FROM_NATIVE,
                new ConnectDomainXmlFromNativeArgs(nativeFormat, nativeConfig, flags)).domainXml();
    }

    @Override
    public String connectDomainXmlToNative(String nativeFormat, String domainXml, int flags) {
        return call(CONNECT_DOMAIN_XML_TO_NATIVE,
                new ConnectDomainXmlToNativeArgs(nativeFormat, domainXml, flags)).nativeConfig();
    }

    // ---- domain lists and lookups ----------------------------------------------------------------------

    @Override
    public List<DomainRef> connectListAllDomains(int flags) {
        ConnectListAllDomainsRet r = call(CONNECT_LIST_ALL_DOMAINS, new ConnectListAllDomainsArgs(1, flags));
        List<DomainRef> out = new ArrayList<>(r.domains().size());
        for (NonnullDomain d : r.domains()) {
            out.add(ref(d));
        }
        return out;
    }

    /** REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX: the most typed parameters one domain's record may carry. */
    private static final int ALL_DOMAIN_STATS_MAX = 262144;

    @Override
    public List<DomainStatsRecord> connectGetAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        List<NonnullDomain> wireDoms = new ArrayList<>(doms.size());
        for (DomainRef d : doms) {
            wireDoms.add(wire(d));
        }
        ConnectGetAllDomainStatsRet r = call(CONNECT_GET_ALL_DOMAIN_STATS,
                new ConnectGetAllDomainStatsArgs(wireDoms, stats, flags));
        List<DomainStatsRecord> out = new ArrayList<>(r.retStats().size());
        for (org.virtd.rpc.proto.remote.DomainStatsRecord rec : r.retStats()) {
            out.add(new DomainStatsRecord(ref(rec.dom()), TypedParams.fromWire(rec.params(), ALL_DOMAIN_STATS_MAX)));
        }
        return out;
    }

    @Override
    public String connectGetDomainCapabilities(@Nullable String emulatorBin, @Nullable String arch,
            @Nullable String machine, @Nullable String virtType, int flags) {
        return call(CONNECT_GET_DOMAIN_CAPABILITIES,
                new ConnectGetDomainCapabilitiesArgs(emulatorBin, arch, machine, virtType, flags)).capabilities();
    }

    /** REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX. */
    private static final int MIGRATE_PARAM_LIST_MAX = 64;

    /**
     * Peer-to-peer migration is one call for the client: the source daemon runs the protocol with the
     * destination itself. No cookie goes in; the one that comes back is the daemon's business.
     */
    @Override
    public void domainMigratePerform3Params(DomainRef dom, String dconnUri, List<TypedParameter> params, int flags) {
        call(DOMAIN_MIGRATE_PERFORM3_PARAMS, new DomainMigratePerform3ParamsArgs(wire(dom), dconnUri,
                TypedParams.toWire(params, MIGRATE_PARAM_LIST_MAX), new byte[0], flags));
    }

    // ---- the QEMU program ------------------------------------------------------------------------------

    @Override
    public String domainQemuMonitorCommand(DomainRef dom, String cmd, int flags) {
        return call(org.virtd.rpc.proto.qemu.QemuProcedure.DOMAIN_MONITOR_COMMAND,
                new org.virtd.rpc.proto.qemu.DomainMonitorCommandArgs(wire(dom), cmd, flags)).result();
    }

    @Override
    public String domainQemuMonitorCommandWithFiles(DomainRef dom, String cmd, int[] inFds, int flags) {
        if (inFds.length > 0) {
            // libvirt sends them as SCM_RIGHTS beside the call; this client has no descriptor passing yet.
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.ARGUMENT_UNSUPPORTED,
                    "fd passing is not supported by virtd's remote client");
        }
        return call(org.virtd.rpc.proto.qemu.QemuProcedure.DOMAIN_MONITOR_COMMAND_WITH_FILES,
                new org.virtd.rpc.proto.qemu.DomainMonitorCommandWithFilesArgs(wire(dom), cmd, flags)).result();
    }

    @Override
    public int[] connectListDomains(int maxIds) {
        if (maxIds > DOMAIN_LIST_MAX) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "Too many domains '" + maxIds + "' for limit '" + DOMAIN_LIST_MAX + "'");
        }
        List<Integer> ids = call(CONNECT_LIST_DOMAINS, new ConnectListDomainsArgs(maxIds)).ids();
        if (ids.size() > maxIds) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "Too many domains '" + ids.size() + "' for limit '" + maxIds + "'");
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int connectNumOfDomains() {
        return call(CONNECT_NUM_OF_DOMAINS, XdrVoid.INSTANCE).num();
    }

    @Override
    public List<String> connectListDefinedDomains(int maxNames) {
        if (maxNames > DOMAIN_LIST_MAX) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "Too many domain names '" + maxNames + "' for limit '" + DOMAIN_LIST_MAX + "'");
        }
        List<String> names = call(CONNECT_LIST_DEFINED_DOMAINS, new ConnectListDefinedDomainsArgs(maxNames)).names();
        if (names.size() > maxNames) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "Too many domain names '" + names.size() + "' for limit '" + maxNames + "'");
        }
        return List.copyOf(names);
    }

    @Override
    public int connectNumOfDefinedDomains() {
        return call(CONNECT_NUM_OF_DEFINED_DOMAINS, XdrVoid.INSTANCE).num();
    }

    @Override
    public DomainRef domainLookupById(int id) {
        return ref(call(DOMAIN_LOOKUP_BY_ID, new DomainLookupByIdArgs(id)).dom());
    }

    @Override
    public DomainRef domainLookupByName(String name) {
        return ref(call(DOMAIN_LOOKUP_BY_NAME, new DomainLookupByNameArgs(name)).dom());
    }

    @Override
    public DomainRef domainLookupByUuid(UUID uuid) {
        return ref(call(DOMAIN_LOOKUP_BY_UUID, new DomainLookupByUuidArgs(uuid)).dom());
    }

    // ---- definition and lifecycle ----------------------------------------------------------------------

    @Override
    public DomainRef domainDefineXml(String xml) {
        return ref(call(DOMAIN_DEFINE_XML, new DomainDefineXmlArgs(xml)).dom());
    }

    @Override
    public DomainRef domainDefineXmlFlags(String xml, int flags) {
        return ref(call(DOMAIN_DEFINE_XML_FLAGS, new DomainDefineXmlFlagsArgs(xml, flags)).dom());
    }

    @Override
    public DomainRef domainCreateXml(String xml, int flags) {
        return ref(call(DOMAIN_CREATE_XML, new DomainCreateXmlArgs(xml, flags)).dom());
    }

    /**
     * DOMAIN_CREATE only: the reply carries no handle, so the public API refreshes the id with
     * DOMAIN_LOOKUP_BY_UUID right after, which is the sequence libvirt's client sends.
     */
    @Override
    public void domainCreate(DomainRef dom) {
        call(DOMAIN_CREATE, new DomainCreateArgs(wire(dom)));
    }

    @Override
    public DomainRef domainCreateWithFlags(DomainRef dom, int flags) {
        return ref(call(DOMAIN_CREATE_WITH_FLAGS, new DomainCreateWithFlagsArgs(wire(dom), flags)).dom());
    }

    @Override
    public void domainUndefine(DomainRef dom) {
        call(DOMAIN_UNDEFINE, new DomainUndefineArgs(wire(dom)));
    }

    @Override
    public void domainUndefineFlags(DomainRef dom, int flags) {
        call(DOMAIN_UNDEFINE_FLAGS, new DomainUndefineFlagsArgs(wire(dom), flags));
    }

    @Override
    public void domainDestroy(DomainRef dom) {
        call(DOMAIN_DESTROY, new DomainDestroyArgs(wire(dom)));
    }

    @Override
    public void domainDestroyFlags(DomainRef dom, int flags) {
        call(DOMAIN_DESTROY_FLAGS, new DomainDestroyFlagsArgs(wire(dom), flags));
    }

    @Override
    public void domainShutdown(DomainRef dom) {
        call(DOMAIN_SHUTDOWN, new DomainShutdownArgs(wire(dom)));
    }

    @Override
    public void domainShutdownFlags(DomainRef dom, int flags) {
        call(DOMAIN_SHUTDOWN_FLAGS, new DomainShutdownFlagsArgs(wire(dom), flags));
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        call(DOMAIN_REBOOT, new DomainRebootArgs(wire(dom), flags));
    }

    @Override
    public void domainReset(DomainRef dom, int flags) {
        call(DOMAIN_RESET, new DomainResetArgs(wire(dom), flags));
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        call(DOMAIN_SUSPEND, new DomainSuspendArgs(wire(dom)));
    }

    @Override
    public void domainResume(DomainRef dom) {
        call(DOMAIN_RESUME, new DomainResumeArgs(wire(dom)));
    }

    @Override
    public List<DomainMemoryStat> domainMemoryStats(DomainRef dom, int maxStats, int flags) {
        List<org.virtd.rpc.proto.remote.DomainMemoryStat> wireStats =
                call(DOMAIN_MEMORY_STATS, new DomainMemoryStatsArgs(wire(dom), maxStats, flags)).stats();
        List<DomainMemoryStat> out = new ArrayList<>(wireStats.size());
        for (org.virtd.rpc.proto.remote.DomainMemoryStat st : wireStats) {
            out.add(new DomainMemoryStat(st.tag(), st.val()));
        }
        return List.copyOf(out);
    }

    @Override
    public DomainBlockStats domainBlockStats(DomainRef dom, String disk) {
        DomainBlockStatsRet r = call(DOMAIN_BLOCK_STATS, new DomainBlockStatsArgs(wire(dom), disk));
        return new DomainBlockStats(r.rdReq(), r.rdBytes(), r.wrReq(), r.wrBytes(), r.errs());
    }

    @Override
    public DomainInterfaceStats domainInterfaceStats(DomainRef dom, String device) {
        DomainInterfaceStatsRet r = call(DOMAIN_INTERFACE_STATS, new DomainInterfaceStatsArgs(wire(dom), device));
        return new DomainInterfaceStats(r.rxBytes(), r.rxPackets(), r.rxErrs(), r.rxDrop(), r.txBytes(),
                r.txPackets(), r.txErrs(), r.txDrop());
    }

    @Override
    public DomainBlockInfo domainGetBlockInfo(DomainRef dom, String disk, int flags) {
        DomainGetBlockInfoRet r = call(DOMAIN_GET_BLOCK_INFO, new DomainGetBlockInfoArgs(wire(dom), disk, flags));
        return new DomainBlockInfo(r.capacity(), r.allocation(), r.physical());
    }

    @Override
    public DomainDiskErrors domainGetDiskErrors(DomainRef dom, int maxErrors, int flags) {
        DomainGetDiskErrorsRet r = call(DOMAIN_GET_DISK_ERRORS, new DomainGetDiskErrorsArgs(wire(dom), maxErrors, flags));
        if (r.errors().size() > DISK_ERRORS_MAX || Integer.compareUnsigned(r.errors().size(), maxErrors) > 0) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC, "returned number of disk errors exceeds limit");
        }
        List<DomainDiskErrors.DiskError> errors = new ArrayList<>();
        for (DomainDiskError e : r.errors()) {
            errors.add(new DomainDiskErrors.DiskError(e.disk(), e.error()));
        }
        return new DomainDiskErrors(r.nerrors(), errors);
    }

    @Override
    public DomainTime domainGetTime(DomainRef dom, int flags) {
        DomainGetTimeRet r = call(DOMAIN_GET_TIME, new DomainGetTimeArgs(wire(dom), flags));
        return new DomainTime(r.seconds(), r.nseconds());
    }

    @Override
    public void domainSetTime(DomainRef dom, long seconds, int nseconds, int flags) {
        call(DOMAIN_SET_TIME, new DomainSetTimeArgs(wire(dom), seconds, nseconds, flags));
    }

    @Override
    public List<DomainInterface> domainInterfaceAddresses(DomainRef dom, int source, int flags) {
        DomainInterfaceAddressesRet r = call(DOMAIN_INTERFACE_ADDRESSES,
                new DomainInterfaceAddressesArgs(wire(dom), source, flags));
        List<DomainInterface> out = new ArrayList<>(r.ifaces().size());
        for (org.virtd.rpc.proto.remote.DomainInterface i : r.ifaces()) {
            List<DomainInterface.IpAddress> addrs = new ArrayList<>(i.addrs().size());
            for (DomainIpAddr a : i.addrs()) {
                addrs.add(new DomainInterface.IpAddress(a.type(), a.addr(), a.prefix()));
            }
            out.add(new DomainInterface(i.name(), i.hwaddr(), addrs));
        }
        return out;
    }

    @Override
    public void domainInjectNmi(DomainRef dom, int flags) {
        call(DOMAIN_INJECT_NMI, new DomainInjectNmiArgs(wire(dom), flags));
    }

    @Override
    public void domainPmSuspendForDuration(DomainRef dom, int target, long duration, int flags) {
        call(DOMAIN_PM_SUSPEND_FOR_DURATION, new DomainPmSuspendForDurationArgs(wire(dom), target, duration, flags));
    }

    @Override
    public void domainPmWakeup(DomainRef dom, int flags) {
        call(DOMAIN_PM_WAKEUP, new DomainPmWakeupArgs(wire(dom), flags));
    }

    @Override
    public String domainGetHostname(DomainRef dom, int flags) {
        return call(DOMAIN_GET_HOSTNAME, new DomainGetHostnameArgs(wire(dom), flags)).hostname();
    }

    @Override
    public DomainControlInfo domainGetControlInfo(DomainRef dom, int flags) {
        DomainGetControlInfoRet r = call(DOMAIN_GET_CONTROL_INFO, new DomainGetControlInfoArgs(wire(dom), flags));
        return new DomainControlInfo(r.state(), r.details(), r.stateTime());
    }

    @Override
    public BlockStatsParams domainBlockStatsFlags(DomainRef dom, String disk, int nparams, int flags) {
        DomainBlockStatsFlagsRet r = call(DOMAIN_BLOCK_STATS_FLAGS,
                new DomainBlockStatsFlagsArgs(wire(dom), disk, nparams, flags));
        if (r.params().size() > BLOCK_STATS_PARAMETERS_MAX || r.params().size() > nparams) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "remoteDomainBlockStatsFlags: returned number of stats exceeds limit");
        }
        if (nparams == 0) {
            return new BlockStatsParams(r.nparams(), List.of());
        }
        List<TypedParameter> params = TypedParams.fromWire(r.params(), BLOCK_STATS_PARAMETERS_MAX);
        return new BlockStatsParams(params.size(), params);
    }

    @Override
    public DomainJobStats domainGetJobStats(DomainRef dom, int flags) {
        DomainGetJobStatsRet r = call(DOMAIN_GET_JOB_STATS, new DomainGetJobStatsArgs(wire(dom), flags));
        return new DomainJobStats(r.type(), TypedParams.fromWire(r.params(), JOB_STATS_MAX));
    }

    @Override
    public VcpuPinInfo domainGetVcpuPinInfo(DomainRef dom, int ncpumaps, int mapLen, int flags) {
        if (ncpumaps > VCPUINFO_MAX) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "vCPU count exceeds maximum: %d > %d", ncpumaps, VCPUINFO_MAX);
        }
        if (ncpumaps * mapLen > CPUMAPS_MAX) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "vCPU map buffer length exceeds maximum: %d > %d", ncpumaps * mapLen, CPUMAPS_MAX);
        }
        DomainGetVcpuPinInfoRet r = call(DOMAIN_GET_VCPU_PIN_INFO,
                new DomainGetVcpuPinInfoArgs(wire(dom), ncpumaps, mapLen, flags));
        if (r.num() > ncpumaps) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "host reports too many vCPUs: %d > %d", r.num(), ncpumaps);
        }
        if (r.cpumaps().length > ncpumaps * mapLen) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "host reports map buffer length exceeds maximum: %d > %d", r.cpumaps().length, ncpumaps * mapLen);
        }
        return new VcpuPinInfo(r.num(), Arrays.copyOf(r.cpumaps(), ncpumaps * mapLen));
    }

    @Override
    public void domainSetMemoryStatsPeriod(DomainRef dom, int period, int flags) {
        call(DOMAIN_SET_MEMORY_STATS_PERIOD, new DomainSetMemoryStatsPeriodArgs(wire(dom), period, flags));
    }

    @Override
    public DomainVcpus domainGetVcpus(DomainRef dom, int maxInfo, int mapLen) {
        if (maxInfo > VCPUINFO_MAX) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "vCPU count exceeds maximum: %d > %d", maxInfo, VCPUINFO_MAX);
        }
        if (maxInfo * mapLen > CPUMAPS_MAX) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "vCPU map buffer length exceeds maximum: %d > %d", maxInfo * mapLen, CPUMAPS_MAX);
        }
        DomainGetVcpusRet r = call(DOMAIN_GET_VCPUS, new DomainGetVcpusArgs(wire(dom), maxInfo, mapLen));
        if (r.info().size() > maxInfo) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "host reports too many vCPUs: %d > %d", r.info().size(), maxInfo);
        }
        if (r.cpumaps().length > maxInfo * mapLen) {
            throw VirException.format(VirErrorDomain.REMOTE, VirErrorCode.RPC,
                    "host reports map buffer length exceeds maximum: %d > %d", r.cpumaps().length, maxInfo * mapLen);
        }
        List<VcpuInfo> info = new ArrayList<>(r.info().size());
        for (org.virtd.rpc.proto.remote.VcpuInfo v : r.info()) {
            info.add(new VcpuInfo(v.number(), v.state(), v.cpuTime(), v.cpu()));
        }
        return new DomainVcpus(info, Arrays.copyOf(r.cpumaps(), maxInfo * mapLen));
    }

    @Override
    public DomainJobInfo domainGetJobInfo(DomainRef dom) {
        DomainGetJobInfoRet r = call(DOMAIN_GET_JOB_INFO, new DomainGetJobInfoArgs(wire(dom)));
        return new DomainJobInfo(r.type(), r.timeElapsed(), r.timeRemaining(), r.dataTotal(), r.dataProcessed(),
                r.dataRemaining(), r.memTotal(), r.memProcessed(), r.memRemaining(), r.fileTotal(),
                r.fileProcessed(), r.fileRemaining());
    }

    @Override
    public void domainAbortJob(DomainRef dom) {
        call(DOMAIN_ABORT_JOB, new DomainAbortJobArgs(wire(dom)));
    }

    @Override
    public void domainSave(DomainRef dom, String path) {
        call(DOMAIN_SAVE, new DomainSaveArgs(wire(dom), path));
    }

    @Override
    public void domainRestore(String path) {
        call(DOMAIN_RESTORE, new DomainRestoreArgs(path));
    }

    @Override
    public void domainSaveFlags(DomainRef dom, String path, @Nullable String dxml, int flags) {
        call(DOMAIN_SAVE_FLAGS, new DomainSaveFlagsArgs(wire(dom), path, dxml, flags));
    }

    @Override
    public void domainRestoreFlags(String path, @Nullable String dxml, int flags) {
        call(DOMAIN_RESTORE_FLAGS, new DomainRestoreFlagsArgs(path, dxml, flags));
    }

    @Override
    public void domainManagedSave(DomainRef dom, int flags) {
        call(DOMAIN_MANAGED_SAVE, new DomainManagedSaveArgs(wire(dom), flags));
    }

    @Override
    public void domainManagedSaveRemove(DomainRef dom, int flags) {
        call(DOMAIN_MANAGED_SAVE_REMOVE, new DomainManagedSaveRemoveArgs(wire(dom), flags));
    }

    // ---- streams ---------------------------------------------------------------------------------------

    @Override
    public String domainScreenshot(DomainRef dom, StreamHandle stream, int screen, int flags) {
        DomainScreenshotRet r = openStream(stream, DOMAIN_SCREENSHOT,
                new DomainScreenshotArgs(wire(dom), screen, flags));
        if (r.mime() == null) {
            throw VirException.of(VirErrorDomain.RPC, VirErrorCode.INTERNAL_ERROR,
                    "Library function returned error but did not set virError");
        }
        return r.mime();
    }

    @Override
    public void domainOpenConsole(DomainRef dom, @Nullable String devName, StreamHandle stream, int flags) {
        openStream(stream, DOMAIN_OPEN_CONSOLE, new DomainOpenConsoleArgs(wire(dom), devName, flags));
    }

    /**
     * Calls a stream-opening procedure; once it succeeded, the caller's stream relays the call's STREAM packets
     * (libvirt's remote driver registers the stream with the client before the call in the same way).
     */
    private <A, R> R openStream(StreamHandle stream, Procedure<A, R> p, A args) {
        if (closed.get() || !rpc.isOpen()) {
            throw RemoteErrors.socketClosed();
        }
        ClientStream<R> cs;
        R reply;
        try {
            cs = rpc.openStream(p, args);
            reply = rpc.await(cs.reply(), p);
        } catch (RuntimeException e) {
            throw RemoteErrors.fromCall(e);
        }
        stream.attach(new RemoteStreamBackend(cs));
        return reply;
    }

    // ---- queries ---------------------------------------------------------------------------------------

    @Override
    public DomainInfo domainGetInfo(DomainRef dom) {
        DomainGetInfoRet r = call(DOMAIN_GET_INFO, new DomainGetInfoArgs(wire(dom)));
        return new DomainInfo(r.state(), r.maxMem(), r.memory(), r.nrVirtCpu(), r.cpuTime());
    }

    @Override
    public DomainStateInfo domainGetState(DomainRef dom, int flags) {
        DomainGetStateRet r = call(DOMAIN_GET_STATE, new DomainGetStateArgs(wire(dom), flags));
        return new DomainStateInfo(r.state(), r.reason());
    }

    @Override
    public String domainGetXmlDesc(DomainRef dom, int flags) {
        return call(DOMAIN_GET_XML_DESC, new DomainGetXmlDescArgs(wire(dom), flags)).xml();
    }

    @Override
    public String domainGetOsType(DomainRef dom) {
        return call(DOMAIN_GET_OS_TYPE, new DomainGetOsTypeArgs(wire(dom))).type();
    }

    @Override
    public long domainGetMaxMemory(DomainRef dom) {
        return call(DOMAIN_GET_MAX_MEMORY, new DomainGetMaxMemoryArgs(wire(dom))).memory();
    }

    @Override
    public int domainGetMaxVcpus(DomainRef dom) {
        return call(DOMAIN_GET_MAX_VCPUS, new DomainGetMaxVcpusArgs(wire(dom))).num();
    }

    @Override
    public boolean domainGetAutostart(DomainRef dom) {
        return call(DOMAIN_GET_AUTOSTART, new DomainGetAutostartArgs(wire(dom))).autostart() != 0;
    }

    @Override
    public void domainSetAutostart(DomainRef dom, boolean autostart) {
        call(DOMAIN_SET_AUTOSTART, new DomainSetAutostartArgs(wire(dom), autostart ? 1 : 0));
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return call(DOMAIN_IS_ACTIVE, new DomainIsActiveArgs(wire(dom))).active() != 0;
    }

    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        return call(DOMAIN_IS_PERSISTENT, new DomainIsPersistentArgs(wire(dom))).persistent() != 0;
    }

    @Override
    public boolean domainIsUpdated(DomainRef dom) {
        return call(DOMAIN_IS_UPDATED, new DomainIsUpdatedArgs(wire(dom))).updated() != 0;
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom, int flags) {
        return call(DOMAIN_HAS_MANAGED_SAVE_IMAGE, new DomainHasManagedSaveImageArgs(wire(dom), flags)).result() != 0;
    }

    @Override
    public int domainSnapshotNum(DomainRef dom, int flags) {
        return call(DOMAIN_SNAPSHOT_NUM, new DomainSnapshotNumArgs(wire(dom), flags)).num();
    }

    @Override
    public SecurityLabel domainGetSecurityLabel(DomainRef dom) {
        DomainGetSecurityLabelRet r = call(DOMAIN_GET_SECURITY_LABEL, new DomainGetSecurityLabelArgs(wire(dom)));
        return new SecurityLabel(cString(r.label()), r.enforcing() != 0);
    }

    @Override
    public List<String> domainGetMessages(DomainRef dom, int flags) {
        return List.copyOf(call(DOMAIN_GET_MESSAGES, new DomainGetMessagesArgs(wire(dom), flags)).msgs());
    }

    // ---- tuning ----------------------------------------------------------------------------------------

    @Override
    public void domainSetMemory(DomainRef dom, long memoryKiB) {
        call(DOMAIN_SET_MEMORY, new DomainSetMemoryArgs(wire(dom), memoryKiB));
    }

    @Override
    public void domainSetMaxMemory(DomainRef dom, long memoryKiB) {
        call(DOMAIN_SET_MAX_MEMORY, new DomainSetMaxMemoryArgs(wire(dom), memoryKiB));
    }

    @Override
    public void domainSetMemoryFlags(DomainRef dom, long memoryKiB, int flags) {
        call(DOMAIN_SET_MEMORY_FLAGS, new DomainSetMemoryFlagsArgs(wire(dom), memoryKiB, flags));
    }

    @Override
    public void domainSetVcpus(DomainRef dom, int nvcpus) {
        call(DOMAIN_SET_VCPUS, new DomainSetVcpusArgs(wire(dom), nvcpus));
    }

    @Override
    public void domainSetVcpusFlags(DomainRef dom, int nvcpus, int flags) {
        call(DOMAIN_SET_VCPUS_FLAGS, new DomainSetVcpusFlagsArgs(wire(dom), nvcpus, flags));
    }

    @Override
    public int domainGetVcpusFlags(DomainRef dom, int flags) {
        return call(DOMAIN_GET_VCPUS_FLAGS, new DomainGetVcpusFlagsArgs(wire(dom), flags)).num();
    }

    // ---- events ----------------------------------------------------------------------------------------

    /**
     * Registers with the server (CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY) and returns the server's callback
     * id; events of every id can be registered, but only lifecycle and reboot messages are turned into
     * {@link DomainEvent}s so far (the others are dropped on arrival).
     */
    @Override
    public int connectDomainEventRegisterAny(@Nullable DomainRef dom, int eventId, DomainEventListener listener) {
        DomainEventId.fromWire(eventId);
        synchronized (registerLock) {
            int id = call(CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                    new ConnectDomainEventCallbackRegisterAnyArgs(eventId, dom == null ? null : wire(dom)))
                    .callbackID();
            callbacks.put(id, new Registration(eventId, listener));
            return id;
        }
    }

    @Override
    public void connectDomainEventDeregisterAny(int callbackId) {
        if (!callbacks.containsKey(callbackId)) {
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.INVALID_ARG,
                    "event callback id " + callbackId + " not registered");
        }
        call(CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, new ConnectDomainEventCallbackDeregisterAnyArgs(callbackId));
        callbacks.remove(callbackId);
    }

    /** Runs on the I/O thread: hands the event to the delivery thread, never blocking the I/O thread. */
    private void deliver(int callbackId, DomainEvent event) {
        if (closed.get()) {
            return;
        }
        try {
            events.execute(() -> {
                Registration r;
                synchronized (registerLock) {
                    r = callbacks.get(callbackId);
                }
                if (r == null || r.eventId() != event.id().wireValue()) {
                    return;
                }
                try {
                    r.listener().onEvent(callbackId, event);
                } catch (RuntimeException e) {
                    LOG.warn("{}: domain event listener failed", uri, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: events after close are dropped, as libvirt's client drops them.
        }
    }
}
