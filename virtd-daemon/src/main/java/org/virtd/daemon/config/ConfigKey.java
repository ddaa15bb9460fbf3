package org.virtd.daemon.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every key virtd.conf accepts: all keys libvirtd 9.0 reads from libvirtd.conf, with libvirtd's types
 * and defaults, plus virtd's own {@code root_dir}.
 *
 * <p>The constants are in the order libvirtd reads the keys, which is the order in which value
 * errors are looked for, so the same bad file fails on the same key in both daemons.
 *
 * <p>Defaults are those of a libvirt build with SASL and without polkit; virtd has no polkit, so the
 * unix sockets default to {@code auth_unix_* = "none"} and the read-write socket to mode 0700.
 */
public enum ConfigKey {
    LISTEN_TCP("listen_tcp", Type.BOOL, false),
    LISTEN_TLS("listen_tls", Type.BOOL, true),
    TLS_PORT("tls_port", Type.PORT, 16514),
    TCP_PORT("tcp_port", Type.PORT, 16509),
    LISTEN_ADDR("listen_addr", Type.STRING, null),
    AUTH_UNIX_RW("auth_unix_rw", Type.AUTH, AuthMode.NONE),
    AUTH_UNIX_RO("auth_unix_ro", Type.AUTH, AuthMode.NONE),
    AUTH_TCP("auth_tcp", Type.AUTH, AuthMode.SASL),
    AUTH_TLS("auth_tls", Type.AUTH, AuthMode.NONE),
    ACCESS_DRIVERS("access_drivers", Type.STRING_LIST, null),
    UNIX_SOCK_GROUP("unix_sock_group", Type.STRING, null),
    UNIX_SOCK_ADMIN_PERMS("unix_sock_admin_perms", Type.PERMS, 0700),
    UNIX_SOCK_RO_PERMS("unix_sock_ro_perms", Type.PERMS, 0777),
    /** 0700, or 0777 when {@code auth_unix_rw = "polkit"} and this key is not set (as libvirtd). */
    UNIX_SOCK_RW_PERMS("unix_sock_rw_perms", Type.PERMS, 0700),
    UNIX_SOCK_DIR("unix_sock_dir", Type.STRING, null),
    TLS_NO_SANITY_CERTIFICATE("tls_no_sanity_certificate", Type.BOOL, false),
    TLS_NO_VERIFY_CERTIFICATE("tls_no_verify_certificate", Type.BOOL, false),
    KEY_FILE("key_file", Type.STRING, null),
    CERT_FILE("cert_file", Type.STRING, null),
    CA_FILE("ca_file", Type.STRING, null),
    CRL_FILE("crl_file", Type.STRING, null),
    TLS_ALLOWED_DN_LIST("tls_allowed_dn_list", Type.STRING_LIST, null),
    TLS_PRIORITY("tls_priority", Type.STRING, null),
    /** Must be at least 112 when set; the built-in default is 56. */
    TCP_MIN_SSF("tcp_min_ssf", Type.UINT, 56L),
    SASL_ALLOWED_USERNAME_LIST("sasl_allowed_username_list", Type.STRING_LIST, null),
    MIN_WORKERS("min_workers", Type.UINT, 5L),
    /** Must be greater than 0. */
    MAX_WORKERS("max_workers", Type.UINT, 20L),
    MAX_CLIENTS("max_clients", Type.UINT, 5000L),
    MAX_QUEUED_CLIENTS("max_queued_clients", Type.UINT, 1000L),
    MAX_ANONYMOUS_CLIENTS("max_anonymous_clients", Type.UINT, 20L),
    PRIO_WORKERS("prio_workers", Type.UINT, 5L),
    MAX_CLIENT_REQUESTS("max_client_requests", Type.UINT, 5L),
    ADMIN_MIN_WORKERS("admin_min_workers", Type.UINT, 5L),
    ADMIN_MAX_WORKERS("admin_max_workers", Type.UINT, 20L),
    ADMIN_MAX_CLIENTS("admin_max_clients", Type.UINT, 5000L),
    ADMIN_MAX_QUEUED_CLIENTS("admin_max_queued_clients", Type.UINT, 20L),
    ADMIN_MAX_CLIENT_REQUESTS("admin_max_client_requests", Type.UINT, 5L),
    AUDIT_LEVEL("audit_level", Type.UINT, 1L),
    AUDIT_LOGGING("audit_logging", Type.BOOL, false),
    HOST_UUID("host_uuid", Type.STRING, null),
    /** {@code "smbios"} or {@code "machine-id"}; unset means smbios. */
    HOST_UUID_SOURCE("host_uuid_source", Type.STRING, null),
    /** 0 means "not set": the built-in priority (3, warning) applies. Otherwise 1..4. */
    LOG_LEVEL("log_level", Type.UINT, 0L),
    LOG_FILTERS("log_filters", Type.STRING, null),
    LOG_OUTPUTS("log_outputs", Type.STRING, null),
    /** Seconds; -1 disables keepalive, so this one is signed. */
    KEEPALIVE_INTERVAL("keepalive_interval", Type.INT, 5),
    KEEPALIVE_COUNT("keepalive_count", Type.UINT, 5L),
    ADMIN_KEEPALIVE_INTERVAL("admin_keepalive_interval", Type.INT, 5),
    ADMIN_KEEPALIVE_COUNT("admin_keepalive_count", Type.UINT, 5L),
    OVS_TIMEOUT("ovs_timeout", Type.UINT, 5L),
    /** virtd only: an absolute directory under which every default path is placed. */
    ROOT_DIR("root_dir", Type.PATH, null),
    /** virtd only: the Xen driver's hypervisor backend, "sim" or "native"; unset: native where Xen runs, else sim. */
    XEN_HYPERVISOR("xen_hypervisor", Type.STRING, null),
    /** Still shown in libvirtd.conf's comments, but libvirtd 9.0 no longer reads it: accepted, ignored. */
    KEEPALIVE_REQUIRED("keepalive_required", Type.OBSOLETE, null),
    /** As {@link #KEEPALIVE_REQUIRED}. */
    ADMIN_KEEPALIVE_REQUIRED("admin_keepalive_required", Type.OBSOLETE, null);

    /** How a key's value is typed and checked. */
    public enum Type {
        /** An unsigned integer 0 or 1; held as {@link Boolean}. */
        BOOL,
        /** A 32-bit signed integer; held as {@link Integer}. */
        INT,
        /** A 32-bit unsigned integer, no leading minus; held as {@link Long}. */
        UINT,
        /** A string; held as {@link String}. */
        STRING,
        /** A list of strings; held as an immutable {@link List} of {@link String}. */
        STRING_LIST,
        /** A string naming an {@link AuthMode}; held as {@link AuthMode}. */
        AUTH,
        /** A string holding an octal file mode up to 07777; held as {@link Integer}. */
        PERMS,
        /** A string holding a decimal TCP port 0..65535 (0: any free port); held as {@link Integer}. */
        PORT,
        /** A string holding an absolute path; held as {@link String}. */
        PATH,
        /** Any value; ignored with a warning. */
        OBSOLETE
    }

    private static final Map<String, ConfigKey> BY_NAME = new HashMap<>();

    static {
        for (ConfigKey k : values()) {
            BY_NAME.put(k.confName, k);
        }
    }

    private final String confName;
    private final Type type;
    private final @Nullable Object defaultValue;

    ConfigKey(String confName, Type type, @Nullable Object defaultValue) {
        this.confName = confName;
        this.type = type;
        this.defaultValue = defaultValue;
    }

    /** The key as written in the file. */
    public String confName() {
        return confName;
    }

    public Type type() {
        return type;
    }

    /** The built-in value, in the Java type {@link #type()} names, or null for "not set". */
    public @Nullable Object defaultValue() {
        return defaultValue;
    }

    /** The key spelled {@code name} exactly, if virtd knows it. */
    public static Optional<ConfigKey> byConfName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
