package org.virtd.api;

import java.util.List;
import java.util.UUID;

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

    /** {@code virDomainManagedSave} (SAVE_BYPASS_CACHE, SAVE_RUNNING, SAVE_PAUSED). */
    public void managedSave(int flags) {
        connect.checkWritable("virDomainManagedSave");
        if ((flags & Flags.SAVE_RUNNING) != 0 && (flags & Flags.SAVE_PAUSED) != 0) {
            throw VirException.invalidArgument("virDomainManagedSave", "ctl",
                    "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
        }
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
        if ((flags & Flags.VCPU_GUEST) != 0 && (flags & Flags.AFFECT_CONFIG) != 0) {
            throw VirException.invalidArgument("virDomainSetVcpusFlags", "ctl",
                    "Flags 'VIR_DOMAIN_VCPU_GUEST' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
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
}
