package org.virtd.api;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A domain on an open {@link Connect}: libvirt's {@code virDomainPtr}. Each method is one public API call:
 * it checks read-only access and its arguments, then asks the connection's driver. The handle itself is
 * immutable; after {@link #create()} the returned handle carries the new id.
 *
 * <p>Errors: every method throws {@link VirException}; {@code VIR_ERR_NO_DOMAIN} when the domain is gone,
 * {@code VIR_ERR_OPERATION_DENIED} for state changes on a read-only connection, {@code VIR_ERR_OPERATION_INVALID}
 * when the domain's state does not allow the call, {@code VIR_ERR_NO_SUPPORT} when the driver lacks the call.
 * Thread-safe.
 */
public final class Domain {
    private final Connect connect;
    private final DomainRef ref;

    Domain(Connect connect, DomainRef ref) {
        this.connect = connect;
        this.ref = ref;
    }

    public Connect connect() {
        return connect;
    }

    public DomainRef ref() {
        return ref;
    }

    public String name() {
        return ref.name();
    }

    public UUID uuid() {
        return ref.uuid();
    }

    /** The id the handle was made with; −1 for an inactive domain. */
    public int id() {
        return ref.id();
    }

    private Domain wrap(DomainRef r) {
        return new Domain(connect, r);
    }

    /** {@code virDomainCreate}: starts a defined domain; returns the handle with its new id. */
    public Domain create() {
        connect.checkWritable("virDomainCreate");
        connect.driver().domainCreate(ref);
        return wrap(connect.driver().domainLookupByUuid(ref.uuid()));
    }

    /** {@code virDomainCreateWithFlags} (START_PAUSED, START_AUTODESTROY, ...). */
    public Domain createWithFlags(int flags) {
        connect.checkWritable("virDomainCreateWithFlags");
        return wrap(connect.driver().domainCreateWithFlags(ref, flags));
    }

    public void undefine() {
        connect.checkWritable("virDomainUndefine");
        connect.driver().domainUndefine(ref);
    }

    /** {@code virDomainUndefineFlags} (UNDEFINE_MANAGED_SAVE, UNDEFINE_SNAPSHOTS_METADATA, ...). */
    public void undefineFlags(int flags) {
        connect.checkWritable("virDomainUndefineFlags");
        connect.driver().domainUndefineFlags(ref, flags);
    }

    public void destroy() {
        connect.checkWritable("virDomainDestroy");
        connect.driver().domainDestroy(ref);
    }

    public void destroyFlags(int flags) {
        connect.checkWritable("virDomainDestroyFlags");
        connect.driver().domainDestroyFlags(ref, flags);
    }

    public void shutdown() {
        connect.checkWritable("virDomainShutdown");
        connect.driver().domainShutdown(ref);
    }

    public void shutdownFlags(int flags) {
        connect.checkWritable("virDomainShutdownFlags");
        connect.driver().domainShutdownFlags(ref, flags);
    }

    public void reboot(int flags) {
        connect.checkWritable("virDomainReboot");
        connect.driver().domainReboot(ref, flags);
    }

    public void reset(int flags) {
        connect.checkWritable("virDomainReset");
        connect.driver().domainReset(ref, flags);
    }

    public void suspend() {
        connect.checkWritable("virDomainSuspend");
        connect.driver().domainSuspend(ref);
    }

    public void resume() {
        connect.checkWritable("virDomainResume");
        connect.driver().domainResume(ref);
    }

    /**
     * {@code virDomainSave}: stops the domain, keeping its state in {@code to}. A relative path is made
     * absolute against this process's working directory first, as libvirt does (the save happens elsewhere).
     */
    public void save(String to) {
        connect.checkWritable("virDomainSave");
        connect.requireNonNullArg(to, "to", "virDomainSave");
        connect.driver().domainSave(ref, Connect.absolutePath(to));
    }

    /**
     * {@code virDomainSaveFlags}: {@link #save} with SAVE_BYPASS_CACHE, SAVE_RUNNING or SAVE_PAUSED, and optionally
     * a replacement definition {@code dxml} to keep with the image.
     */
    public void saveFlags(String to, @Nullable String dxml, int flags) {
        connect.checkWritable("virDomainSaveFlags");
        connect.requireNonNullArg(to, "to", "virDomainSaveFlags");
        Flags.requireExclusive(flags, Flags.SAVE_RUNNING, "VIR_DOMAIN_SAVE_RUNNING", Flags.SAVE_PAUSED,
                "VIR_DOMAIN_SAVE_PAUSED", "virDomainSaveFlags");
        connect.driver().domainSaveFlags(ref, Connect.absolutePath(to), dxml, flags);
    }

    /** {@code virDomainManagedSave} (SAVE_BYPASS_CACHE, SAVE_RUNNING, SAVE_PAUSED). */
    public void managedSave(int flags) {
        connect.checkWritable("virDomainManagedSave");
        Flags.requireExclusive(flags, Flags.SAVE_RUNNING, "VIR_DOMAIN_SAVE_RUNNING", Flags.SAVE_PAUSED,
                "VIR_DOMAIN_SAVE_PAUSED", "virDomainManagedSave");
        connect.driver().domainManagedSave(ref, flags);
    }

    public void managedSaveRemove(int flags) {
        connect.checkWritable("virDomainManagedSaveRemove");
        connect.driver().domainManagedSaveRemove(ref, flags);
    }

    /**
     * {@code virDomainScreenshot}: attaches an image of the domain's screen {@code screen} to {@code stream} and
     * returns its MIME type. Refused on read-only connections; {@code flags} must be 0.
     */
    public String screenshot(Stream stream, int screen, int flags) {
        checkStream(stream, "virDomainScreenshot");
        connect.checkWritable("virDomainScreenshot");
        checkSameConnection(stream, "virDomainScreenshot");
        return connect.driver().domainScreenshot(ref, stream.handle(), screen, flags);
    }

    /**
     * {@code virDomainOpenConsole}: connects {@code stream} to the domain's console {@code devName} (null: the
     * first console). Flags: CONSOLE_FORCE, CONSOLE_SAFE.
     */
    public void openConsole(@org.jspecify.annotations.Nullable String devName, Stream stream, int flags) {
        checkStream(stream, "virDomainOpenConsole");
        connect.checkWritable("virDomainOpenConsole");
        checkSameConnection(stream, "virDomainOpenConsole");
        connect.driver().domainOpenConsole(ref, devName, stream.handle(), flags);
    }

    private void checkStream(@org.jspecify.annotations.Nullable Stream stream, String api) {
        if (stream == null) {
            throw VirException.of(VirErrorDomain.STREAMS, VirErrorCode.INVALID_STREAM, api);
        }
    }

    private void checkSameConnection(Stream stream, String api) {
        if (stream.connect() != connect) {
            throw VirException.invalidArgument(api, "stream",
                    "stream must match connection of domain '" + ref.name() + "'");
        }
    }

    public DomainInfo getInfo() {
        return connect.driver().domainGetInfo(ref);
    }

    public DomainStateInfo getState(int flags) {
        return connect.driver().domainGetState(ref, flags);
    }

    /** {@code virDomainGetXMLDesc}; XML_SECURE and XML_MIGRATABLE are refused on read-only connections. */
    public String getXmlDesc(int flags) {
        if (connect.isReadOnly() && (flags & (Flags.XML_SECURE | Flags.XML_MIGRATABLE)) != 0) {
            throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_DENIED,
                    "virDomainGetXMLDesc with secure flag");
        }
        return connect.driver().domainGetXmlDesc(ref, flags);
    }

    public String getOsType() {
        return connect.driver().domainGetOsType(ref);
    }

    public long getMaxMemory() {
        return connect.driver().domainGetMaxMemory(ref);
    }

    public int getMaxVcpus() {
        return connect.driver().domainGetMaxVcpus(ref);
    }

    public boolean getAutostart() {
        return connect.driver().domainGetAutostart(ref);
    }

    public void setAutostart(boolean autostart) {
        connect.checkWritable("virDomainSetAutostart");
        connect.driver().domainSetAutostart(ref, autostart);
    }

    public boolean isActive() {
        return connect.driver().domainIsActive(ref);
    }

    public boolean isPersistent() {
        return connect.driver().domainIsPersistent(ref);
    }

    public boolean isUpdated() {
        return connect.driver().domainIsUpdated(ref);
    }

    public boolean hasManagedSaveImage(int flags) {
        return connect.driver().domainHasManagedSaveImage(ref, flags);
    }

    public int snapshotNum(int flags) {
        return connect.driver().domainSnapshotNum(ref, flags);
    }

    public SecurityLabel getSecurityLabel() {
        return connect.driver().domainGetSecurityLabel(ref);
    }

    public List<String> getMessages(int flags) {
        return connect.driver().domainGetMessages(ref, flags);
    }

    /**
     * {@code virDomainMemoryStats}: at most {@code maxStats} entries (capped at {@link DomainMemoryStat#NR});
     * asking for none returns none without asking the driver, as libvirt does.
     */
    public List<DomainMemoryStat> memoryStats(int maxStats, int flags) {
        if (maxStats == 0) {
            return List.of();
        }
        // libvirt takes the count as unsigned: any negative int is a huge request, capped like the rest.
        int n = Integer.compareUnsigned(maxStats, DomainMemoryStat.NR) > 0 ? DomainMemoryStat.NR : maxStats;
        return connect.driver().domainMemoryStats(ref, n, flags);
    }

    /** {@code virDomainBlockStats} for {@code disk} (target name such as "vda", or the source path). */
    public DomainBlockStats blockStats(String disk) {
        connect.requireNonNullArg(disk, "disk", "virDomainBlockStats");
        return connect.driver().domainBlockStats(ref, disk);
    }

    /**
     * {@code virDomainBlockStatsFlags} for {@code disk} ("" for all disks): with {@code nparams} 0, how many fields
     * the driver has; otherwise up to {@code nparams} of them.
     */
    public BlockStatsParams blockStatsFlags(String disk, int nparams, int flags) {
        connect.requireNonNullArg(disk, "disk", "virDomainBlockStatsFlags");
        if (nparams < 0) {
            throw VirException.invalidArgument("virDomainBlockStatsFlags", "*nparams",
                    "*nparams in virDomainBlockStatsFlags must be zero or greater");
        }
        return connect.driver().domainBlockStatsFlags(ref, disk, nparams, flags);
    }

    /** {@code virDomainGetBlockInfo}: the sizes of {@code disk} (a target name such as "vda" or a source path). */
    public DomainBlockInfo getBlockInfo(String disk, int flags) {
        connect.requireNonNullArg(disk, "disk", "virDomainGetBlockInfo");
        return connect.driver().domainGetBlockInfo(ref, disk, flags);
    }

    /**
     * {@code virDomainGetDiskErrors}: disks with an I/O error; with {@code maxErrors} 0 only how many there are
     * ({@code maxErrors} is unsigned in libvirt).
     */
    public DomainDiskErrors getDiskErrors(int maxErrors, int flags) {
        return connect.driver().domainGetDiskErrors(ref, maxErrors, flags);
    }

    /** {@code virDomainGetTime}: the guest's clock (asks the guest, so refused on read-only connections). */
    public DomainTime getTime(int flags) {
        connect.checkWritable("virDomainGetTime");
        return connect.driver().domainGetTime(ref, flags);
    }

    /** {@code virDomainSetTime}: sets the guest's clock, or with {@link DomainTime#SYNC} resyncs it from its RTC. */
    public void setTime(long seconds, int nseconds, int flags) {
        connect.checkWritable("virDomainSetTime");
        connect.driver().domainSetTime(ref, seconds, nseconds, flags);
    }

    /**
     * {@code virDomainInterfaceAddresses}: the guest's interfaces and their IP addresses, from DHCP leases, the
     * guest agent (refused on read-only connections) or the ARP table ({@code DomainInterface.SOURCE_*}).
     */
    public List<DomainInterface> interfaceAddresses(int source, int flags) {
        if (source == DomainInterface.SOURCE_AGENT) {
            connect.checkWritable("virDomainInterfaceAddresses");
        }
        return connect.driver().domainInterfaceAddresses(ref, source, flags);
    }

    /** {@code virDomainInjectNMI}: a non-maskable interrupt to the guest. */
    public void injectNmi(int flags) {
        connect.checkWritable("virDomainInjectNMI");
        connect.driver().domainInjectNmi(ref, flags);
    }

    /**
     * {@code virDomainPMSuspendForDuration}: the guest suspends itself ({@code target} 0 to RAM, 1 to disk, 2 both)
     * through its agent, for {@code duration} seconds or (0) until woken.
     */
    public void pmSuspendForDuration(int target, long duration, int flags) {
        connect.checkWritable("virDomainPMSuspendForDuration");
        connect.driver().domainPmSuspendForDuration(ref, target, duration, flags);
    }

    /** {@code virDomainPMWakeup}: wakes a guest suspended by power management. */
    public void pmWakeup(int flags) {
        connect.checkWritable("virDomainPMWakeup");
        connect.driver().domainPmWakeup(ref, flags);
    }

    /** {@code virDomainGetHostname}: the guest's host name (from DHCP leases or the guest agent; refused read-only). */
    public String getHostname(int flags) {
        connect.checkWritable("virDomainGetHostname");
        return connect.driver().domainGetHostname(ref, flags);
    }

    /** {@code virDomainGetControlInfo}: the state of the hypervisor's control channel to the domain. */
    public DomainControlInfo getControlInfo(int flags) {
        return connect.driver().domainGetControlInfo(ref, flags);
    }

    /** {@code virDomainInterfaceStats} for {@code device} (host-side name such as "vnet0", or the MAC). */
    public DomainInterfaceStats interfaceStats(String device) {
        connect.requireNonNullArg(device, "device", "virDomainInterfaceStats");
        return connect.driver().domainInterfaceStats(ref, device);
    }

    /**
     * {@code virDomainGetVcpus}: up to {@code maxInfo} vCPUs and, when {@code mapLen} > 0, {@code mapLen}
     * bytes of host-CPU affinity for each of the {@code maxInfo} slots.
     */
    public DomainVcpus getVcpus(int maxInfo, int mapLen) {
        if (maxInfo <= 0) {
            throw VirException.invalidArgument("virDomainGetVcpus", "maxinfo",
                    "maxinfo in virDomainGetVcpus must be greater than zero");
        }
        if (mapLen < 0) {
            throw VirException.invalidArgument("virDomainGetVcpus", "maplen",
                    "maplen in virDomainGetVcpus must be greater than zero");
        }
        if ((long) maxInfo * mapLen > Integer.MAX_VALUE) {
            throw VirException.format(VirErrorDomain.DOMAIN, VirErrorCode.OVERFLOW, "input too large: %d * %d",
                    maxInfo, mapLen);
        }
        return connect.driver().domainGetVcpus(ref, maxInfo, mapLen);
    }

    /**
     * {@code virDomainGetVcpuPinInfo}: the affinity of up to {@code ncpumaps} vCPUs, {@code mapLen} bytes each, from
     * the live or the persistent definition (AFFECT_LIVE, AFFECT_CONFIG or AFFECT_CURRENT).
     */
    public VcpuPinInfo getVcpuPinInfo(int ncpumaps, int mapLen, int flags) {
        if (ncpumaps <= 0) {
            throw VirException.invalidArgument("virDomainGetVcpuPinInfo", "ncpumaps",
                    "ncpumaps in virDomainGetVcpuPinInfo must be greater than zero");
        }
        if (mapLen <= 0) {
            throw VirException.invalidArgument("virDomainGetVcpuPinInfo", "maplen",
                    "maplen in virDomainGetVcpuPinInfo must be greater than zero");
        }
        if ((long) ncpumaps * mapLen > Integer.MAX_VALUE) {
            throw VirException.format(VirErrorDomain.DOMAIN, VirErrorCode.OVERFLOW, "input too large: %d * %d",
                    ncpumaps, mapLen);
        }
        Flags.requireExclusive(flags, Flags.AFFECT_LIVE, "VIR_DOMAIN_AFFECT_LIVE", Flags.AFFECT_CONFIG,
                "VIR_DOMAIN_AFFECT_CONFIG", "virDomainGetVcpuPinInfo");
        return connect.driver().domainGetVcpuPinInfo(ref, ncpumaps, mapLen, flags);
    }

    /** {@code virDomainSetMemoryStatsPeriod}: how often (seconds; 0 = never) the balloon refreshes its statistics. */
    public void setMemoryStatsPeriod(int period, int flags) {
        connect.checkWritable("virDomainSetMemoryStatsPeriod");
        if (period < 0) {
            throw VirException.invalidArgument("virDomainSetMemoryStatsPeriod", "period",
                    "period in virDomainSetMemoryStatsPeriod must be non-negative");
        }
        connect.driver().domainSetMemoryStatsPeriod(ref, period, flags);
    }

    /**
     * {@code virDomainGetJobStats}: the domain's background job (or with {@link DomainJobStats#STATS_COMPLETED} the
     * last completed one) with every statistic the driver has.
     */
    public DomainJobStats getJobStats(int flags) {
        if ((flags & DomainJobStats.STATS_KEEP_COMPLETED) != 0 && (flags & DomainJobStats.STATS_COMPLETED) == 0) {
            throw VirException.invalidArgument("virDomainGetJobStats", "ctl",
                    "Flag 'VIR_DOMAIN_JOB_STATS_COMPLETED' is required by flag 'VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED'");
        }
        return connect.driver().domainGetJobStats(ref, flags);
    }

    /** {@code virDomainGetJobInfo}: the progress of the domain's background job. */
    public DomainJobInfo getJobInfo() {
        return connect.driver().domainGetJobInfo(ref);
    }

    /** {@code virDomainAbortJob}: cancels the domain's background job. */
    public void abortJob() {
        connect.checkWritable("virDomainAbortJob");
        connect.driver().domainAbortJob(ref);
    }

    public void setMemory(long memoryKiB) {
        connect.checkWritable("virDomainSetMemory");
        requireNonZero(memoryKiB, "memory", "virDomainSetMemory");
        connect.driver().domainSetMemory(ref, memoryKiB);
    }

    public void setMaxMemory(long memoryKiB) {
        connect.checkWritable("virDomainSetMaxMemory");
        requireNonZero(memoryKiB, "memory", "virDomainSetMaxMemory");
        connect.driver().domainSetMaxMemory(ref, memoryKiB);
    }

    public void setMemoryFlags(long memoryKiB, int flags) {
        connect.checkWritable("virDomainSetMemoryFlags");
        connect.driver().domainSetMemoryFlags(ref, memoryKiB, flags);
    }

    public void setVcpus(int nvcpus) {
        connect.checkWritable("virDomainSetVcpus");
        requireNonZero(nvcpus, "nvcpus", "virDomainSetVcpus");
        connect.driver().domainSetVcpus(ref, nvcpus);
    }

    public void setVcpusFlags(int nvcpus, int flags) {
        connect.checkWritable("virDomainSetVcpusFlags");
        if ((flags & Flags.VCPU_MAXIMUM) != 0 && (flags & Flags.AFFECT_CONFIG) == 0) {
            throw VirException.invalidArgument("virDomainSetVcpusFlags", "ctl",
                    "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
        }
        Flags.requireExclusive(flags, Flags.VCPU_GUEST, "VIR_DOMAIN_VCPU_GUEST", Flags.AFFECT_CONFIG,
                "VIR_DOMAIN_AFFECT_CONFIG", "virDomainSetVcpusFlags");
        requireNonZero(nvcpus, "nvcpus", "virDomainSetVcpusFlags");
        connect.driver().domainSetVcpusFlags(ref, nvcpus, flags);
    }

    public int getVcpusFlags(int flags) {
        if ((flags & Flags.VCPU_GUEST) != 0) {
            connect.checkWritable("virDomainGetVcpusFlags");
        }
        return connect.driver().domainGetVcpusFlags(ref, flags);
    }

    private static void requireNonZero(long value, String name, String function) {
        if (value == 0) {
            throw VirException.invalidArgument(function, name, name + " in " + function + " must not be zero");
        }
    }

    @Override
    public String toString() {
        return "Domain[" + ref.name() + ", " + ref.uuid() + ", id " + ref.id() + "]";
    }

    // ---- QEMU-specific (libvirt-qemu) ------------------------------------------------------------------------

    /** {@code VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP}: the command is human monitor text, not QMP JSON. */
    public static final int QEMU_MONITOR_COMMAND_HMP = 1;

    /** {@code VIR_DRV_FEATURE_FD_PASSING}. */
    private static final int FEATURE_FD_PASSING = 8;

    /**
     * {@code virDomainQemuMonitorCommand}: sends {@code cmd} to the domain's QEMU monitor and returns QEMU's
     * reply text. Only the QEMU driver has it; libvirt marks domains touched this way as tainted.
     *
     * @param flags {@link #QEMU_MONITOR_COMMAND_HMP} or 0
     * @throws VirException OPERATION_DENIED on a read-only connection, NO_SUPPORT for other drivers
     */
    public String qemuMonitorCommand(String cmd, int flags) {
        connect.driver();
        if (connect.isReadOnly()) {
            throw VirException.readOnly(VirErrorDomain.NONE, "virDomainQemuMonitorCommand");
        }
        return connect.driver().domainQemuMonitorCommand(ref, cmd, flags);
    }

    /**
     * {@code virDomainQemuMonitorCommandWithFiles}: {@link #qemuMonitorCommand} handing file descriptors of this
     * process ({@code inFds}, may be empty) to QEMU with the command.
     *
     * @throws VirException INVALID_ARG for a null command, ARGUMENT_UNSUPPORTED when descriptors are given and the
     *         connection cannot pass them, then as {@link #qemuMonitorCommand}
     */
    public String qemuMonitorCommandWithFiles(String cmd, int[] inFds, int flags) {
        connect.driver();
        connect.requireNonNullArg(cmd, "cmd", "virDomainQemuMonitorCommandWithFiles");
        if (inFds.length > 0 && !connect.driver().connectSupportsFeature(FEATURE_FD_PASSING)) {
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.ARGUMENT_UNSUPPORTED,
                    "fd passing is not supported by this connection");
        }
        if (connect.isReadOnly()) {
            throw VirException.readOnly(VirErrorDomain.NONE, "virDomainQemuMonitorCommandWithFiles");
        }
        return connect.driver().domainQemuMonitorCommandWithFiles(ref, cmd, inFds.clone(), flags);
    }

    // ---- migration (the client-side entry points; the protocol between hosts is the drivers') -----------

    /** virDrvFeature numbers the migration entry points probe. */
    private static final int FEATURE_MIGRATION_V1 = 1;
    private static final int FEATURE_MIGRATION_V2 = 3;
    private static final int FEATURE_MIGRATION_P2P = 4;
    private static final int FEATURE_MIGRATION_DIRECT = 5;
    private static final int FEATURE_MIGRATION_V3 = 6;
    private static final int FEATURE_MIGRATE_CHANGE_PROTECTION = 7;
    private static final int FEATURE_MIGRATION_OFFLINE = 12;
    private static final int FEATURE_MIGRATION_PARAMS = 13;

    /** The parameters the migration protocols before extensible parameters understood. */
    private static final List<String> COMPAT_PARAMS = List.of(MigrateParams.URI, MigrateParams.DEST_NAME,
            MigrateParams.DEST_XML, MigrateParams.BANDWIDTH);

    /**
     * {@code virDomainMigrate3}: managed migration to the host of {@code dconn}, this client driving both
     * sides. libvirt's client-side checks come first (read-only source or destination, conflicting flags,
     * peer-to-peer and tunnelled asked of the wrong API, offline and change-protection support), then the
     * newest protocol both drivers announce is chosen.
     *
     * @param params {@link MigrateParams} names
     * @return the domain on the destination
     * @throws VirException NO_SUPPORT when neither driver pair has a migration protocol
     */
    public Domain migrate3(Connect dconn, List<TypedParameter> params, int flags) {
        connect.driver();
        connect.checkWritable("virDomainMigrate3");
        dconn.checkWritable("virDomainMigrate3");
        String fn = "virDomainMigrate3";
        exclusiveFlags(flags, MigrateParams.NON_SHARED_DISK, "VIR_MIGRATE_NON_SHARED_DISK",
                MigrateParams.NON_SHARED_INC, "VIR_MIGRATE_NON_SHARED_INC", fn);
        requireSyncWritesBase(flags, fn);
        if ((flags & MigrateParams.PEER2PEER) != 0) {
            throw VirException.invalidArgument(fn, "flags",
                    "use virDomainMigrateToURI3 for peer-to-peer migration");
        }
        if ((flags & MigrateParams.TUNNELLED) != 0) {
            throw VirException.invalidArgument(fn, "flags",
                    "cannot perform tunnelled migration without using peer2peer flag");
        }
        HypervisorDriverView src = new HypervisorDriverView(connect);
        HypervisorDriverView dst = new HypervisorDriverView(dconn);
        if ((flags & MigrateParams.OFFLINE) != 0) {
            if (!src.supports(FEATURE_MIGRATION_OFFLINE)) {
                throw argumentUnsupported("offline migration is not supported by the source host");
            }
            if (!dst.supports(FEATURE_MIGRATION_OFFLINE)) {
                throw argumentUnsupported("offline migration is not supported by the destination host");
            }
        }
        if ((flags & MigrateParams.CHANGE_PROTECTION) != 0 && !src.supports(FEATURE_MIGRATE_CHANGE_PROTECTION)) {
            throw argumentUnsupported("cannot enforce change protection");
        }
        boolean srcParams = src.supports(FEATURE_MIGRATION_PARAMS);
        boolean dstParams = dst.supports(FEATURE_MIGRATION_PARAMS);
        if (srcParams && dstParams) {
            throw migrationProtocolMissing(fn);
        }
        for (TypedParameter p : params) {
            if (!COMPAT_PARAMS.contains(p.field())) {
                throw argumentUnsupported(
                        "Migration APIs with extensible parameters are not supported but extended parameters were passed");
            }
        }
        boolean hasXml = params.stream().anyMatch(p -> p.field().equals(MigrateParams.DEST_XML));
        if (src.supports(FEATURE_MIGRATION_V3) && dst.supports(FEATURE_MIGRATION_V3)) {
            throw migrationProtocolMissing(fn);
        }
        for (int version : new int[] {FEATURE_MIGRATION_V2, FEATURE_MIGRATION_V1}) {
            if (src.supports(version) && dst.supports(version)) {
                if (hasXml) {
                    throw argumentUnsupported("Unable to change target guest XML during migration");
                }
                throw migrationProtocolMissing(fn);
            }
        }
        throw VirException.unsupported(fn);
    }

    /**
     * {@code virDomainMigrateToURI3}: peer-to-peer ({@link MigrateParams#PEER2PEER}, the source host connects to
     * {@code dconnUri}) or direct migration (the hypervisor talks to the destination itself; {@code dconnUri} is
     * then ignored).
     *
     * @throws VirException ARGUMENT_UNSUPPORTED when the source driver lacks the mode asked for, INVALID_ARG for
     *         conflicting flags or a peer-to-peer destination on this host, NO_SUPPORT without the protocol
     */
    public void migrateToUri3(@org.jspecify.annotations.Nullable String dconnUri, List<TypedParameter> params,
            int flags) {
        connect.driver();
        String fn = "virDomainMigrateToURI3";
        connect.checkWritable(fn);
        exclusiveFlags(flags, MigrateParams.TUNNELLED, "VIR_MIGRATE_TUNNELLED", MigrateParams.PARALLEL,
                "VIR_MIGRATE_PARALLEL", fn);
        // libvirt's compatibility checks report under their helper's name.
        String compat = "virDomainMigrateUnmanagedCheckCompat";
        exclusiveFlags(flags, MigrateParams.NON_SHARED_DISK, "VIR_MIGRATE_NON_SHARED_DISK",
                MigrateParams.NON_SHARED_INC, "VIR_MIGRATE_NON_SHARED_INC", compat);
        requireSyncWritesBase(flags, compat);
        HypervisorDriverView src = new HypervisorDriverView(connect);
        if ((flags & MigrateParams.OFFLINE) != 0 && !src.supports(FEATURE_MIGRATION_OFFLINE)) {
            throw argumentUnsupported("offline migration is not supported by the source host");
        }
        boolean p2p = (flags & MigrateParams.PEER2PEER) != 0;
        if (p2p) {
            if (!src.supports(FEATURE_MIGRATION_P2P)) {
                throw argumentUnsupported("p2p migration is not supported by the source host");
            }
        } else if (!src.supports(FEATURE_MIGRATION_DIRECT)) {
            throw argumentUnsupported("direct migration is not supported by the source host");
        }
        if (p2p) {
            connect.requireNonNullArg(dconnUri, "dconnuri", fn);
            checkNotLocal(dconnUri);
            if (src.supports(FEATURE_MIGRATION_PARAMS)) {
                connect.driver().domainMigratePerform3Params(ref, dconnUri, List.copyOf(params), flags);
                return;
            }
        }
        throw migrationProtocolMissing("virDomainMigrateUnmanagedParams");
    }

    /** libvirt refuses a peer-to-peer destination that names this host (no server, or "localhost..."). */
    private static void checkNotLocal(String dconnUri) {
        ConnectUri u = ConnectUri.parse(dconnUri);
        String server = u.host();
        boolean unixSocket = u.params().stream().anyMatch(e -> e.getKey().equals("socket"));
        if ((server != null && server.startsWith("localhost")) || (server == null && !unixSocket)) {
            throw VirException.invalidArgument("virDomainMigrateCheckNotLocal", "dconnuri",
                    "Attempt to migrate guest to the same host");
        }
    }

    private static void exclusiveFlags(int flags, int f1, String n1, int f2, String n2, String fn) {
        if ((flags & f1) != 0 && (flags & f2) != 0) {
            throw VirException.invalidArgument(fn, "ctl",
                    "Flags '" + n1 + "' and '" + n2 + "' are mutually exclusive");
        }
    }

    private static void requireSyncWritesBase(int flags, String fn) {
        if ((flags & MigrateParams.NON_SHARED_SYNCHRONOUS_WRITES) != 0
                && (flags & (MigrateParams.NON_SHARED_DISK | MigrateParams.NON_SHARED_INC)) == 0) {
            throw VirException.invalidArgument(fn, "ctl", "Flag 'VIR_MIGRATE_NON_SHARED_DISK"
                    + " | VIR_MIGRATE_NON_SHARED_INC' is required by flag 'VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES'");
        }
    }

    private static VirException argumentUnsupported(String message) {
        return VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.ARGUMENT_UNSUPPORTED, message);
    }

    /**
     * Both drivers announce a migration protocol whose host-to-host steps virtd does not implement yet: the
     * caller is told the step is missing, as libvirt does for a driver without it.
     */
    private static VirException migrationProtocolMissing(String fn) {
        return VirException.unsupported(fn);
    }

    /** Feature probes of one connection's driver (libvirt's VIR_DRV_SUPPORTS_FEATURE). */
    private record HypervisorDriverView(Connect c) {
        boolean supports(int feature) {
            return c.driver().connectSupportsFeature(feature);
        }
    }
}
