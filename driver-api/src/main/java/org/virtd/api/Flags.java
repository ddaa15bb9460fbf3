package org.virtd.api;

/**
 * libvirt's flag bits, as plain {@code int}s so any combination a peer sends can be represented and checked.
 * Drivers reject bits they do not know with {@code FlagCheck} (driver SPI support).
 */
public final class Flags {
    private Flags() {
    }

    /** {@code virConnectFlags}. */
    public static final int CONNECT_RO = 1;
    public static final int CONNECT_NO_ALIASES = 2;

    /** {@code virConnectListAllDomainsFlags}. */
    public static final int LIST_DOMAINS_ACTIVE = 1;
    public static final int LIST_DOMAINS_INACTIVE = 1 << 1;
    public static final int LIST_DOMAINS_PERSISTENT = 1 << 2;
    public static final int LIST_DOMAINS_TRANSIENT = 1 << 3;
    public static final int LIST_DOMAINS_RUNNING = 1 << 4;
    public static final int LIST_DOMAINS_PAUSED = 1 << 5;
    public static final int LIST_DOMAINS_SHUTOFF = 1 << 6;
    public static final int LIST_DOMAINS_OTHER = 1 << 7;
    public static final int LIST_DOMAINS_MANAGEDSAVE = 1 << 8;
    public static final int LIST_DOMAINS_NO_MANAGEDSAVE = 1 << 9;
    public static final int LIST_DOMAINS_AUTOSTART = 1 << 10;
    public static final int LIST_DOMAINS_NO_AUTOSTART = 1 << 11;
    public static final int LIST_DOMAINS_HAS_SNAPSHOT = 1 << 12;
    public static final int LIST_DOMAINS_NO_SNAPSHOT = 1 << 13;
    public static final int LIST_DOMAINS_HAS_CHECKPOINT = 1 << 14;
    public static final int LIST_DOMAINS_NO_CHECKPOINT = 1 << 15;

    /** {@code virDomainXMLFlags}. */
    public static final int XML_SECURE = 1;
    public static final int XML_INACTIVE = 2;
    public static final int XML_UPDATE_CPU = 4;
    public static final int XML_MIGRATABLE = 8;

    /** {@code virDomainModificationImpact}, shared by the memory and vcpu flag families. */
    public static final int AFFECT_CURRENT = 0;
    public static final int AFFECT_LIVE = 1;
    public static final int AFFECT_CONFIG = 2;

    /** {@code virDomainMemoryModFlags}. */
    public static final int MEM_MAXIMUM = 4;

    /** {@code virDomainVcpuFlags}. */
    public static final int VCPU_MAXIMUM = 4;
    public static final int VCPU_GUEST = 8;
    public static final int VCPU_HOTPLUGGABLE = 16;

    /** {@code virDomainDefineFlags}. */
    public static final int DEFINE_VALIDATE = 1;

    /** {@code virDomainCreateFlags}. */
    public static final int START_PAUSED = 1;
    public static final int START_AUTODESTROY = 2;
    public static final int START_BYPASS_CACHE = 4;
    public static final int START_FORCE_BOOT = 8;
    public static final int START_VALIDATE = 16;
    public static final int START_RESET_NVRAM = 32;

    /** {@code virDomainUndefineFlagsValues}. */
    public static final int UNDEFINE_MANAGED_SAVE = 1;
    public static final int UNDEFINE_SNAPSHOTS_METADATA = 2;
    public static final int UNDEFINE_NVRAM = 4;
    public static final int UNDEFINE_KEEP_NVRAM = 8;
    public static final int UNDEFINE_CHECKPOINTS_METADATA = 16;
    public static final int UNDEFINE_TPM = 32;
    public static final int UNDEFINE_KEEP_TPM = 64;

    /** {@code virDomainSaveRestoreFlags}. */
    public static final int SAVE_BYPASS_CACHE = 1;
    public static final int SAVE_RUNNING = 2;
    public static final int SAVE_PAUSED = 4;
    public static final int SAVE_RESET_NVRAM = 8;

    /** {@code virDomainStatsTypes}: the groups {@code virConnectGetAllDomainStats} may report. */
    public static final int DOMAIN_STATS_STATE = 1;
    public static final int DOMAIN_STATS_CPU_TOTAL = 1 << 1;
    public static final int DOMAIN_STATS_BALLOON = 1 << 2;
    public static final int DOMAIN_STATS_VCPU = 1 << 3;
    public static final int DOMAIN_STATS_INTERFACE = 1 << 4;
    public static final int DOMAIN_STATS_BLOCK = 1 << 5;
    public static final int DOMAIN_STATS_PERF = 1 << 6;
    public static final int DOMAIN_STATS_IOTHREAD = 1 << 7;
    public static final int DOMAIN_STATS_MEMORY = 1 << 8;
    public static final int DOMAIN_STATS_DIRTYRATE = 1 << 9;
    public static final int DOMAIN_STATS_VM = 1 << 10;

    /**
     * {@code virConnectGetAllDomainStatsFlags}: the list filters share {@code LIST_DOMAINS_ACTIVE} ..
     * {@code LIST_DOMAINS_OTHER}'s bits; these are the rest.
     */
    public static final int GET_ALL_DOMAINS_STATS_NOWAIT = 1 << 29;
    public static final int GET_ALL_DOMAINS_STATS_BACKING = 1 << 30;
    public static final int GET_ALL_DOMAINS_STATS_ENFORCE_STATS = 1 << 31;

    /** {@code virStreamFlags}. */
    public static final int STREAM_NONBLOCK = 1;

    /** {@code virDomainConsoleFlags}. */
    public static final int CONSOLE_FORCE = 1;
    public static final int CONSOLE_SAFE = 2;

    /** {@code virDomainGetHostnameFlags} and friends are added with their APIs. */

    /** libvirt's VIR_EXCLUSIVE_FLAGS check at an API's entry: both flags at once is an invalid argument. */
    static void requireExclusive(int flags, int flag1, String name1, int flag2, String name2, String function) {
        if ((flags & flag1) != 0 && (flags & flag2) != 0) {
            throw VirException.invalidArgument(function, "ctl",
                    "Flags '" + name1 + "' and '" + name2 + "' are mutually exclusive");
        }
    }
}
