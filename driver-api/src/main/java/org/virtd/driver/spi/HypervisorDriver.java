package org.virtd.driver.spi;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.virtd.api.BlockStatsParams;
import org.virtd.api.DomainBlockInfo;
import org.virtd.api.DomainControlInfo;
import org.virtd.api.DomainInterface;
import org.virtd.api.DomainTime;
import org.virtd.api.DomainDiskErrors;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainEventListener;
import org.virtd.api.DomainBlockStats;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainInterfaceStats;
import org.virtd.api.DomainJobInfo;
import org.virtd.api.DomainJobStats;
import org.virtd.api.DomainMemoryStat;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.DomainStatsRecord;
import org.virtd.api.DomainVcpus;
import org.virtd.api.NodeCpuMap;
import org.virtd.api.NodeInfo;
import org.virtd.api.NodeStats;
import org.virtd.api.SecurityLabel;
import org.virtd.api.SecurityModel;
import org.virtd.api.VcpuPinInfo;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * One open connection of a hypervisor driver: libvirt's {@code virHypervisorDriver} table as a Java interface.
 *
 * <p>Every method has a default that throws {@code VIR_ERR_NO_SUPPORT} naming the public API
 * ("this function is not supported by the connection driver: virDomainSuspend"): the Java form of a NULL slot.
 * A driver overrides what it supports. The public API layer ({@link org.virtd.api.Connect},
 * {@link org.virtd.api.Domain}) has already checked read-only access and non-null arguments; the driver checks
 * its flags (rejecting unknown bits), looks the object up, checks state, acts, returns.
 *
 * <p>Domain arguments are handles as a caller holds them (name, UUID, id); drivers find the object by UUID and
 * report {@code VIR_ERR_NO_DOMAIN} when it is gone. Methods may be called from many threads at once.
 */
public interface HypervisorDriver {

    /** The driver's name as libvirt reports it when it has no connectGetType ("TEST", "QEMU", "Xen"). */
    String name();

    /** The URI this connection was opened with, in canonical form ({@code test:///default}). */
    String uri();

    /** Releases this connection; shared driver state may outlive it. Never throws. */
    default void close() {
    }

    // ---- connection / host -------------------------------------------------------------------------

    default String connectGetType() {
        return name();
    }

    default long connectGetVersion() {
        throw VirException.unsupported("virConnectGetVersion");
    }

    default String connectGetHostname() {
        throw VirException.unsupported("virConnectGetHostname");
    }

    default String connectGetCapabilities() {
        throw VirException.unsupported("virConnectGetCapabilities");
    }

    default String connectGetSysinfo(int flags) {
        throw VirException.unsupported("virConnectGetSysinfo");
    }

    default int connectGetMaxVcpus(@Nullable String type) {
        throw VirException.unsupported("virConnectGetMaxVcpus");
    }

    /** 1 secure, 0 not; in-process drivers are secure by libvirt's definition. */
    default boolean connectIsSecure() {
        throw VirException.unsupported("virConnectIsSecure");
    }

    default boolean connectIsEncrypted() {
        throw VirException.unsupported("virConnectIsEncrypted");
    }

    /** Whether the connection still works; an in-process driver is alive until closed. */
    default boolean connectIsAlive() {
        return true;
    }

    /**
     * {@code virConnectSetKeepAlive}: 0 when set, 1 when the other end does not speak the keepalive protocol.
     * Only connections to a daemon have keepalive; in-process drivers answer "not supported", as libvirt's do.
     */
    default int connectSetKeepAlive(int interval, int count) {
        throw VirException.unsupported("virConnectSetKeepAlive");
    }

    /**
     * Where the driver reports losing its hypervisor or daemon (libvirt's close callback): {@code handler} takes a
     * virConnectCloseReason (0 I/O error, 1 end of file, 2 keepalive timeout). In-process drivers never lose it.
     */
    default void connectSetCloseHandler(java.util.function.IntConsumer handler) {
    }

    /** libvirt's {@code virDrvFeature} probe; unknown features answer false. */
    default boolean connectSupportsFeature(int feature) {
        return false;
    }

    /**
     * {@code virConnectGetDomainCapabilities}: the domain capabilities XML for one emulator/arch/machine/virttype
     * combination; every argument may be null (the driver's default).
     */
    default String connectGetDomainCapabilities(@Nullable String emulatorBin, @Nullable String arch,
            @Nullable String machine, @Nullable String virtType, int flags) {
        throw VirException.unsupported("virConnectGetDomainCapabilities");
    }

    default NodeInfo nodeGetInfo() {
        throw VirException.unsupported("virNodeGetInfo");
    }

    default long nodeGetFreeMemory() {
        throw VirException.unsupported("virNodeGetFreeMemory");
    }

    default long[] nodeGetCellsFreeMemory(int startCell, int maxCells) {
        throw VirException.unsupported("virNodeGetCellsFreeMemory");
    }

    /** {@code nparams} ≥ 0 (0 = only count them) and {@code cpuNum} ≥ −1, checked by the public API. */
    default NodeStats nodeGetCpuStats(int cpuNum, int nparams, int flags) {
        throw VirException.unsupported("virNodeGetCPUStats");
    }

    /** {@code nparams} ≥ 0 (0 = only count them) and {@code cellNum} ≥ −1, checked by the public API. */
    default NodeStats nodeGetMemoryStats(int cellNum, int nparams, int flags) {
        throw VirException.unsupported("virNodeGetMemoryStats");
    }

    default NodeCpuMap nodeGetCpuMap(boolean wantMap, boolean wantOnline, int flags) {
        throw VirException.unsupported("virNodeGetCPUMap");
    }

    default SecurityModel nodeGetSecurityModel() {
        throw VirException.unsupported("virNodeGetSecurityModel");
    }

    default String connectDomainXmlFromNative(String nativeFormat, String nativeConfig, int flags) {
        throw VirException.unsupported("virConnectDomainXMLFromNative");
    }

    default String connectDomainXmlToNative(String nativeFormat, String domainXml, int flags) {
        throw VirException.unsupported("virConnectDomainXMLToNative");
    }

    // ---- domain lists and lookups ------------------------------------------------------------------

    default List<DomainRef> connectListAllDomains(int flags) {
        throw VirException.unsupported("virConnectListAllDomains");
    }

    /**
     * {@code virConnectGetAllDomainStats} when {@code doms} is empty, {@code virDomainListGetStats} otherwise:
     * one record per domain (listed ones that no longer exist are skipped), with the groups of {@code stats}
     * ({@code Flags.DOMAIN_STATS_*}, 0 = every group the driver has), filtered by the list bits of {@code flags}.
     * The public API has checked that listed domains belong to this connection.
     */
    default List<DomainStatsRecord> connectGetAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        throw VirException.unsupported(doms.isEmpty() ? "virConnectGetAllDomainStats" : "virDomainListGetStats");
    }

    default int[] connectListDomains(int maxIds) {
        throw VirException.unsupported("virConnectListDomains");
    }

    default int connectNumOfDomains() {
        throw VirException.unsupported("virConnectNumOfDomains");
    }

    default List<String> connectListDefinedDomains(int maxNames) {
        throw VirException.unsupported("virConnectListDefinedDomains");
    }

    default int connectNumOfDefinedDomains() {
        throw VirException.unsupported("virConnectNumOfDefinedDomains");
    }

    default DomainRef domainLookupById(int id) {
        throw VirException.unsupported("virDomainLookupByID");
    }

    default DomainRef domainLookupByName(String name) {
        throw VirException.unsupported("virDomainLookupByName");
    }

    default DomainRef domainLookupByUuid(UUID uuid) {
        throw VirException.unsupported("virDomainLookupByUUID");
    }

    // ---- domain definition and lifecycle ------------------------------------------------------------

    default DomainRef domainDefineXml(String xml) {
        throw VirException.unsupported("virDomainDefineXML");
    }

    default DomainRef domainDefineXmlFlags(String xml, int flags) {
        throw VirException.unsupported("virDomainDefineXMLFlags");
    }

    default DomainRef domainCreateXml(String xml, int flags) {
        throw VirException.unsupported("virDomainCreateXML");
    }

    default void domainCreate(DomainRef dom) {
        throw VirException.unsupported("virDomainCreate");
    }

    /** Starts {@code dom}; returns the handle refreshed with its new id. */
    default DomainRef domainCreateWithFlags(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainCreateWithFlags");
    }

    default void domainUndefine(DomainRef dom) {
        throw VirException.unsupported("virDomainUndefine");
    }

    default void domainUndefineFlags(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainUndefineFlags");
    }

    default void domainDestroy(DomainRef dom) {
        throw VirException.unsupported("virDomainDestroy");
    }

    default void domainDestroyFlags(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainDestroyFlags");
    }

    default void domainShutdown(DomainRef dom) {
        throw VirException.unsupported("virDomainShutdown");
    }

    default void domainShutdownFlags(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainShutdownFlags");
    }

    default void domainReboot(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainReboot");
    }

    default void domainReset(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainReset");
    }

    default void domainSuspend(DomainRef dom) {
        throw VirException.unsupported("virDomainSuspend");
    }

    default void domainResume(DomainRef dom) {
        throw VirException.unsupported("virDomainResume");
    }

    /** {@code path} is absolute and normalized by the public API. */
    default void domainSave(DomainRef dom, String path) {
        throw VirException.unsupported("virDomainSave");
    }

    /** {@code path} is absolute and normalized by the public API. */
    default void domainRestore(String path) {
        throw VirException.unsupported("virDomainRestore");
    }

    /** {@code path} is absolute and normalized by the public API; {@code dxml} may replace the saved definition. */
    default void domainSaveFlags(DomainRef dom, String path, @Nullable String dxml, int flags) {
        throw VirException.unsupported("virDomainSaveFlags");
    }

    /** {@code path} is absolute and normalized by the public API. */
    default void domainRestoreFlags(String path, @Nullable String dxml, int flags) {
        throw VirException.unsupported("virDomainRestoreFlags");
    }

    default void domainManagedSave(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainManagedSave");
    }

    default void domainManagedSaveRemove(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainManagedSaveRemove");
    }

    /**
     * Attaches a screenshot of screen {@code screen} to {@code stream} and returns its MIME type. The public API
     * has checked read-only access and that the stream belongs to this connection.
     */
    default String domainScreenshot(DomainRef dom, StreamHandle stream, int screen, int flags) {
        throw VirException.unsupported("virDomainScreenshot");
    }

    /** Connects {@code stream} to the console {@code devName} (null: the domain's first console). */
    default void domainOpenConsole(DomainRef dom, @Nullable String devName, StreamHandle stream, int flags) {
        throw VirException.unsupported("virDomainOpenConsole");
    }

    // ---- domain queries ------------------------------------------------------------------------------

    default DomainInfo domainGetInfo(DomainRef dom) {
        throw VirException.unsupported("virDomainGetInfo");
    }

    default DomainStateInfo domainGetState(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetState");
    }

    default String domainGetXmlDesc(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetXMLDesc");
    }

    default String domainGetOsType(DomainRef dom) {
        throw VirException.unsupported("virDomainGetOSType");
    }

    default long domainGetMaxMemory(DomainRef dom) {
        throw VirException.unsupported("virDomainGetMaxMemory");
    }

    default int domainGetMaxVcpus(DomainRef dom) {
        throw VirException.unsupported("virDomainGetMaxVcpus");
    }

    default boolean domainGetAutostart(DomainRef dom) {
        throw VirException.unsupported("virDomainGetAutostart");
    }

    default void domainSetAutostart(DomainRef dom, boolean autostart) {
        throw VirException.unsupported("virDomainSetAutostart");
    }

    default boolean domainIsActive(DomainRef dom) {
        throw VirException.unsupported("virDomainIsActive");
    }

    default boolean domainIsPersistent(DomainRef dom) {
        throw VirException.unsupported("virDomainIsPersistent");
    }

    default boolean domainIsUpdated(DomainRef dom) {
        throw VirException.unsupported("virDomainIsUpdated");
    }

    default boolean domainHasManagedSaveImage(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainHasManagedSaveImage");
    }

    default int domainSnapshotNum(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainSnapshotNum");
    }

    default SecurityLabel domainGetSecurityLabel(DomainRef dom) {
        throw VirException.unsupported("virDomainGetSecurityLabel");
    }

    default List<String> domainGetMessages(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetMessages");
    }

    /** {@code maxStats} is between 1 and {@link DomainMemoryStat#NR}: the public API answers the rest. */
    default List<DomainMemoryStat> domainMemoryStats(DomainRef dom, int maxStats, int flags) {
        throw VirException.unsupported("virDomainMemoryStats");
    }

    default DomainBlockStats domainBlockStats(DomainRef dom, String disk) {
        throw VirException.unsupported("virDomainBlockStats");
    }

    /** {@code nparams} ≥ 0 checked by the public API; 0 asks only for the count. */
    default BlockStatsParams domainBlockStatsFlags(DomainRef dom, String disk, int nparams, int flags) {
        throw VirException.unsupported("virDomainBlockStatsFlags");
    }

    /** {@code disk}: a target name or a source path (non-null, checked by the public API). */
    default DomainBlockInfo domainGetBlockInfo(DomainRef dom, String disk, int flags) {
        throw VirException.unsupported("virDomainGetBlockInfo");
    }

    /** {@code maxErrors} 0 asks only for the count. */
    default DomainDiskErrors domainGetDiskErrors(DomainRef dom, int maxErrors, int flags) {
        throw VirException.unsupported("virDomainGetDiskErrors");
    }

    default DomainTime domainGetTime(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetTime");
    }

    default void domainSetTime(DomainRef dom, long seconds, int nseconds, int flags) {
        throw VirException.unsupported("virDomainSetTime");
    }

    /** {@code source}: DomainInterface.SOURCE_*; the read-only check for the agent source is the public API's. */
    default List<DomainInterface> domainInterfaceAddresses(DomainRef dom, int source, int flags) {
        throw VirException.unsupported("virDomainInterfaceAddresses");
    }

    default void domainInjectNmi(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainInjectNMI");
    }

    /** {@code target}: 0 mem, 1 disk, 2 hybrid; {@code duration} seconds (unsigned 64-bit), 0 = indefinitely. */
    default void domainPmSuspendForDuration(DomainRef dom, int target, long duration, int flags) {
        throw VirException.unsupported("virDomainPMSuspendForDuration");
    }

    default void domainPmWakeup(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainPMWakeup");
    }

    default String domainGetHostname(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetHostname");
    }

    default DomainControlInfo domainGetControlInfo(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetControlInfo");
    }

    default DomainInterfaceStats domainInterfaceStats(DomainRef dom, String device) {
        throw VirException.unsupported("virDomainInterfaceStats");
    }

    /** {@code maxInfo} > 0 and {@code mapLen} ≥ 0 (0 = no maps) with no overflow, checked by the public API. */
    default DomainVcpus domainGetVcpus(DomainRef dom, int maxInfo, int mapLen) {
        throw VirException.unsupported("virDomainGetVcpus");
    }

    /**
     * {@code ncpumaps} and {@code mapLen} are > 0 without overflow, LIVE and CONFIG not both (checked by the public
     * API).
     */
    default VcpuPinInfo domainGetVcpuPinInfo(DomainRef dom, int ncpumaps, int mapLen, int flags) {
        throw VirException.unsupported("virDomainGetVcpuPinInfo");
    }

    /** {@code period} (seconds, ≥ 0) is how often the balloon driver refreshes the guest's memory statistics. */
    default void domainSetMemoryStatsPeriod(DomainRef dom, int period, int flags) {
        throw VirException.unsupported("virDomainSetMemoryStatsPeriod");
    }

    /**
     * {@code virDomainQemuMonitorCommand}: the QEMU driver's raw monitor access (QMP, or HMP with flag 1).
     * libvirt-qemu reports its errors under VIR_FROM_NONE, the "not supported" one included.
     */
    default String domainQemuMonitorCommand(DomainRef dom, String cmd, int flags) {
        throw VirException.unsupported(VirErrorDomain.NONE, "virDomainQemuMonitorCommand");
    }

    /**
     * {@code virDomainQemuMonitorCommandWithFiles}: as {@link #domainQemuMonitorCommand}, handing {@code inFds}
     * (file descriptor numbers of this process) to QEMU with the command.
     */
    default String domainQemuMonitorCommandWithFiles(DomainRef dom, String cmd, int[] inFds, int flags) {
        throw VirException.unsupported(VirErrorDomain.NONE, "virDomainQemuMonitorCommandWithFiles");
    }

    /**
     * The source side of peer-to-peer migration with extensible parameters ({@code domainMigratePerform3Params}
     * with no cookie): the driver connects to {@code dconnUri} and migrates. Reached only when the driver
     * announces VIR_DRV_FEATURE_MIGRATION_P2P and _PARAMS; the public API has done its checks.
     */
    default void domainMigratePerform3Params(DomainRef dom, String dconnUri, List<TypedParameter> params, int flags) {
        throw VirException.unsupported("virDomainMigrateUnmanagedParams");
    }

    /** COMPLETED / KEEP_COMPLETED flags checked by the public API. */
    default DomainJobStats domainGetJobStats(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetJobStats");
    }

    default DomainJobInfo domainGetJobInfo(DomainRef dom) {
        throw VirException.unsupported("virDomainGetJobInfo");
    }

    default void domainAbortJob(DomainRef dom) {
        throw VirException.unsupported("virDomainAbortJob");
    }

    // ---- domain tuning -------------------------------------------------------------------------------

    default void domainSetMemory(DomainRef dom, long memoryKiB) {
        throw VirException.unsupported("virDomainSetMemory");
    }

    default void domainSetMaxMemory(DomainRef dom, long memoryKiB) {
        throw VirException.unsupported("virDomainSetMaxMemory");
    }

    default void domainSetMemoryFlags(DomainRef dom, long memoryKiB, int flags) {
        throw VirException.unsupported("virDomainSetMemoryFlags");
    }

    default void domainSetVcpus(DomainRef dom, int nvcpus) {
        throw VirException.unsupported("virDomainSetVcpus");
    }

    default void domainSetVcpusFlags(DomainRef dom, int nvcpus, int flags) {
        throw VirException.unsupported("virDomainSetVcpusFlags");
    }

    default int domainGetVcpusFlags(DomainRef dom, int flags) {
        throw VirException.unsupported("virDomainGetVcpusFlags");
    }

    // ---- events --------------------------------------------------------------------------------------

    /**
     * Registers {@code listener} for events of {@code eventId} on {@code dom} (all domains when null).
     *
     * @return the callback id; ids come from a counter of the driver's shared event state, so two
     *         connections to the same state never get the same id
     */
    default int connectDomainEventRegisterAny(@Nullable DomainRef dom, int eventId, DomainEventListener listener) {
        throw VirException.unsupported("virConnectDomainEventRegisterAny");
    }

    /** @throws VirException INVALID_ARG when {@code callbackId} is not registered on this connection */
    default void connectDomainEventDeregisterAny(int callbackId) {
        throw VirException.unsupported("virConnectDomainEventDeregisterAny");
    }
}
