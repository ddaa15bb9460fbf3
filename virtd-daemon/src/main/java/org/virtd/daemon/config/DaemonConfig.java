package org.virtd.daemon.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's settings, read from a file in libvirtd.conf syntax with libvirtd.conf's keys.
 *
 * <p>Immutable: a reload builds a new instance and the daemon swaps it in. Every key of
 * {@link ConfigKey} is type-checked when loaded, whether or not virtd acts on it yet; a value of
 * the wrong type or out of range refuses the whole file ({@link ConfigException} naming file, line
 * and key), as libvirtd refuses to start. Keys virtd does not know are kept out and reported in
 * {@link #warnings()}, as libvirtd ignores them.
 *
 * <p>Accessors of unsigned counts return {@code int}; a configured value above
 * {@link Integer#MAX_VALUE} reads as {@code Integer.MAX_VALUE}, which every limit treats as
 * "unlimited" anyway. {@link #value(ConfigKey)} returns the exact value.
 */
public final class DaemonConfig {

    /** The highest value {@code virConfGetValueUInt} accepts. */
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    /** libvirt refuses a {@code tcp_min_ssf} below this (its {@code SSF_WARNING_LEVEL}). */
    static final long SSF_WARNING_LEVEL = 112;

    private final @Nullable String sourceFile;
    private final Map<ConfigKey, Object> values;
    private final Map<ConfigKey, Integer> lines;
    private final List<ConfigWarning> warnings;

    private DaemonConfig(@Nullable String sourceFile, Map<ConfigKey, Object> values,
            Map<ConfigKey, Integer> lines, List<ConfigWarning> warnings) {
        this.sourceFile = sourceFile;
        this.values = Collections.unmodifiableMap(values);
        this.lines = Collections.unmodifiableMap(lines);
        this.warnings = List.copyOf(warnings);
    }

    /** Built-in settings, as with an absent default configuration file. */
    public static DaemonConfig defaults() {
        return new DaemonConfig(null, defaultValues(), new EnumMap<>(ConfigKey.class), List.of());
    }

    /**
     * Parses configuration text.
     *
     * @param text the file's content
     * @param fileNameForMessages the name used in every message and warning
     * @throws ConfigException on a syntax error or a refused value
     */
    public static DaemonConfig parse(String text, String fileNameForMessages) throws ConfigException {
        return from(ConfFile.parse(text, fileNameForMessages));
    }

    /**
     * Reads a configuration file that must exist.
     *
     * @throws ConfigException if it cannot be read, does not parse or holds a refused value
     */
    public static DaemonConfig load(Path file) throws ConfigException {
        return from(ConfFile.read(file));
    }

    /**
     * Reads the configuration the way libvirtd chooses it: the file named with {@code -f} must
     * exist; without {@code -f}, the default file ({@link DaemonPaths#defaultConfigFile(Path)} under
     * the {@code --root} directory, or under {@code /}) is read if it exists, and built-in
     * defaults apply if it does not.
     *
     * @param explicitFile the {@code -f} argument, or null
     * @param cliRoot the {@code --root} argument, or null
     */
    public static DaemonConfig loadFor(@Nullable Path explicitFile, @Nullable Path cliRoot)
            throws ConfigException {
        if (explicitFile != null) {
            return load(explicitFile);
        }
        Path file = DaemonPaths.defaultConfigFile(cliRoot == null ? Path.of("/") : cliRoot);
        // libvirtd only tolerates "does not exist"; an unreadable default file is still an error.
        if (!Files.exists(file) && !Files.isSymbolicLink(file)) {
            return defaults();
        }
        return load(file);
    }

    /** Type-checks a parsed file against {@link ConfigKey}. */
    public static DaemonConfig from(ConfFile file) throws ConfigException {
        String name = file.fileName();
        List<ConfigWarning> warnings = new ArrayList<>();
        Map<ConfigKey, ConfEntry> chosen = new EnumMap<>(ConfigKey.class);
        Map<String, Integer> firstLineOfUnknown = new HashMap<>();
        for (ConfEntry e : file.entries()) {
            ConfigKey key = ConfigKey.byConfName(e.name()).orElse(null);
            if (key == null) {
                Integer first = firstLineOfUnknown.putIfAbsent(e.name(), e.line());
                if (first == null) {
                    warnings.add(new ConfigWarning(name, e.line(), e.name(),
                            "unknown configuration key '" + e.name() + "' ignored"));
                }
                continue;
            }
            ConfEntry earlier = chosen.putIfAbsent(key, e);
            if (earlier != null) {
                // libvirt looks keys up from the top of the file, so the first assignment wins.
                warnings.add(new ConfigWarning(name, e.line(), e.name(), "key '" + e.name()
                        + "' already set on line " + earlier.line() + "; this assignment is ignored"));
            } else if (key.type() == ConfigKey.Type.OBSOLETE) {
                warnings.add(new ConfigWarning(name, e.line(), e.name(),
                        "obsolete configuration key '" + e.name() + "' ignored"));
            }
        }

        Map<ConfigKey, Object> values = defaultValues();
        Map<ConfigKey, Integer> lines = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            ConfEntry e = chosen.get(key);
            if (e == null || key.type() == ConfigKey.Type.OBSOLETE) {
                continue;
            }
            values.put(key, convert(name, key, e));
            lines.put(key, e.line());
        }
        // As libvirtd built with polkit: a polkit-guarded rw socket is opened to everyone unless
        // the administrator chose a mode.
        if (values.get(ConfigKey.AUTH_UNIX_RW) == AuthMode.POLKIT
                && !lines.containsKey(ConfigKey.UNIX_SOCK_RW_PERMS)) {
            values.put(ConfigKey.UNIX_SOCK_RW_PERMS, 0777);
        }
        return new DaemonConfig(name, values, lines, warnings);
    }

    private static Map<ConfigKey, Object> defaultValues() {
        Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            Object d = key.defaultValue();
            if (d != null) {
                values.put(key, d);
            }
        }
        return values;
    }

    private static Object convert(String file, ConfigKey key, ConfEntry e) throws ConfigException {
        String k = key.confName();
        ConfValue v = e.value();
        return switch (key.type()) {
            case BOOL -> {
                if (!(v instanceof ConfValue.Num n) || n.negative()) {
                    throw typeError(file, e, "expected a bool for '" + k + "' parameter");
                }
                if (n.value() != 0 && n.value() != 1) {
                    throw typeError(file, e, "value for '" + k + "' parameter must be 0 or 1");
                }
                yield n.value() == 1;
            }
            case INT -> {
                if (!(v instanceof ConfValue.Num n)) {
                    throw typeError(file, e, "expected a signed integer for '" + k + "' parameter");
                }
                if (n.value() < Integer.MIN_VALUE || n.value() > Integer.MAX_VALUE) {
                    throw typeError(file, e, "value for '" + k + "' parameter must be in range "
                            + Integer.MIN_VALUE + ":" + Integer.MAX_VALUE);
                }
                yield (int) n.value();
            }
            case UINT -> {
                long u = unsigned(file, e, k);
                checkUnsigned(file, key, e, u);
                yield u;
            }
            case STRING -> string(file, e, k);
            case PATH -> {
                String s = string(file, e, k);
                if (!s.startsWith("/")) {
                    throw unsupported(file, e, k + ": path '" + s + "' is not absolute");
                }
                yield s;
            }
            case AUTH -> {
                String s = string(file, e, k);
                // libvirt's wording names the file without the line; virtd adds the line.
                yield AuthMode.fromConfName(s).orElseThrow(
                        () -> unsupported(file, e, k + ": unsupported auth " + s));
            }
            case PERMS -> {
                String s = string(file, e, k);
                if (!s.matches("[0-7]{1,5}") || Integer.parseInt(s, 8) > 07777) {
                    throw unsupported(file, e, k + ": Failed to parse mode '" + s + "'");
                }
                yield Integer.parseInt(s, 8);
            }
            case PORT -> {
                String s = string(file, e, k);
                if (!s.matches("[0-9]{1,10}")) {
                    throw unsupported(file, e, "value for '" + k
                            + "' parameter must be a port number, not '" + s + "'");
                }
                long port = Long.parseLong(s);
                if (port > 65535) {
                    throw unsupported(file, e, "value for '" + k
                            + "' parameter must be in range 0:65535");
                }
                yield (int) port;
            }
            case STRING_LIST -> {
                if (!(v instanceof ConfValue.ListValue list)) {
                    throw typeError(file, e, "expected a string list for '" + k + "' parameter");
                }
                List<String> out = new ArrayList<>();
                for (ConfValue element : list.elements()) {
                    if (!(element instanceof ConfValue.Str s)) {
                        // libvirt files this one under CONF_SYNTAX rather than INTERNAL_ERROR.
                        throw ConfigException.value(ConfigException.Kind.CONF_SYNTAX, file, e,
                                "expected a string list for '" + k + "' parameter");
                    }
                    out.add(s.value());
                }
                yield List.copyOf(out);
            }
            case OBSOLETE -> throw new IllegalStateException("obsolete keys are not converted: " + k);
        };
    }

    private static long unsigned(String file, ConfEntry e, String k) throws ConfigException {
        if (!(e.value() instanceof ConfValue.Num n) || n.negative()) {
            throw typeError(file, e, "expected an unsigned integer for '" + k + "' parameter");
        }
        if (n.value() > UINT_MAX) {
            throw typeError(file, e, "value for '" + k + "' parameter must be in range 0:" + UINT_MAX);
        }
        return n.value();
    }

    /** The checks libvirtd makes on particular keys after reading them. */
    private static void checkUnsigned(String file, ConfigKey key, ConfEntry e, long u)
            throws ConfigException {
        switch (key) {
            case MAX_WORKERS -> {
                if (u < 1) {
                    throw typeError(file, e, "'max_workers' must be greater than 0");
                }
            }
            case TCP_MIN_SSF -> {
                if (u < SSF_WARNING_LEVEL) {
                    throw unsupported(file, e, "minimum SSF levels lower than " + SSF_WARNING_LEVEL
                            + " are not supported");
                }
            }
            case LOG_LEVEL -> {
                if (u > 4) {
                    throw ConfigException.value(ConfigException.Kind.INVALID_ARG, file, e,
                            "log_level: Failed to set logging priority, argument '" + u
                                    + "' is invalid");
                }
            }
            default -> {
            }
        }
    }

    private static String string(String file, ConfEntry e, String k) throws ConfigException {
        if (!(e.value() instanceof ConfValue.Str s)) {
            throw typeError(file, e, "expected a string for '" + k + "' parameter");
        }
        String value = s.value();
        if (k.equals("host_uuid") && !validHostUuid(value)) {
            throw unsupported(file, e, "host_uuid: invalid host UUID: " + value);
        }
        if (k.equals("host_uuid_source") && !value.equals("smbios") && !value.equals("machine-id")) {
            throw unsupported(file, e, "host_uuid_source: invalid UUID source: " + value);
        }
        if (k.equals("xen_hypervisor") && !value.equals("sim") && !value.equals("native")) {
            throw unsupported(file, e, "xen_hypervisor: unknown Xen hypervisor backend '" + value + "' (sim or native)");
        }
        return value;
    }

    /**
     * libvirt's UUID rules: 32 hex digits, dashes allowed between digit pairs, surrounding blanks
     * allowed, and not every digit the same (such "UUIDs" are placeholders, not identities).
     */
    static boolean validHostUuid(String s) {
        String t = s.strip();
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '-' && hex.length() % 2 == 0) {
                continue;
            }
            if (Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
            hex.append(Character.toLowerCase(c));
        }
        if (hex.length() != 32) {
            return false;
        }
        return !hex.chars().allMatch(c -> c == hex.charAt(0));
    }

    private static ConfigException typeError(String file, ConfEntry e, String what) {
        return ConfigException.value(ConfigException.Kind.INTERNAL_ERROR, file, e, what);
    }

    private static ConfigException unsupported(String file, ConfEntry e, String what) {
        return ConfigException.value(ConfigException.Kind.CONFIG_UNSUPPORTED, file, e, what);
    }

    // ---- generic access ----

    /** The file name the settings came from, or null for {@link #defaults()}. */
    public @Nullable String sourceFile() {
        return sourceFile;
    }

    /** Unknown, duplicate and obsolete keys, in file order. */
    public List<ConfigWarning> warnings() {
        return warnings;
    }

    /** Whether the file assigned {@code key} (as opposed to the built-in default applying). */
    public boolean isSet(ConfigKey key) {
        return lines.containsKey(key);
    }

    /** The line that set {@code key}, or 0 if the default applies. */
    public int line(ConfigKey key) {
        return lines.getOrDefault(key, 0);
    }

    /**
     * The effective value in the Java type {@link ConfigKey.Type} names, or null when the key is
     * neither set nor defaulted (or is obsolete).
     */
    public @Nullable Object value(ConfigKey key) {
        return values.get(key);
    }

    private boolean bool(ConfigKey key) {
        return (Boolean) Objects.requireNonNull(values.get(key));
    }

    private int count(ConfigKey key) {
        long u = (Long) Objects.requireNonNull(values.get(key));
        return (int) Math.min(u, Integer.MAX_VALUE);
    }

    private int integer(ConfigKey key) {
        return (Integer) Objects.requireNonNull(values.get(key));
    }

    private @Nullable String str(ConfigKey key) {
        return (String) values.get(key);
    }

    private AuthMode auth(ConfigKey key) {
        return (AuthMode) Objects.requireNonNull(values.get(key));
    }

    @SuppressWarnings("unchecked")
    private @Nullable List<String> list(ConfigKey key) {
        return (List<String>) values.get(key);
    }

    // ---- listening ----

    public boolean listenTcp() {
        return bool(ConfigKey.LISTEN_TCP);
    }

    /** Default true; like libvirtd, only honoured together with {@code --listen}. */
    public boolean listenTls() {
        return bool(ConfigKey.LISTEN_TLS);
    }

    /** The address to bind TCP and TLS to, or null for all addresses. */
    public @Nullable String listenAddr() {
        return str(ConfigKey.LISTEN_ADDR);
    }

    public int tcpPort() {
        return integer(ConfigKey.TCP_PORT);
    }

    public int tlsPort() {
        return integer(ConfigKey.TLS_PORT);
    }

    // ---- unix sockets ----

    /** The directory of the sockets when set explicitly; null means {@link DaemonPaths#socketDir()}'s default. */
    public @Nullable String unixSockDir() {
        return str(ConfigKey.UNIX_SOCK_DIR);
    }

    /** The group owning the sockets, or null to keep the daemon's group. */
    public @Nullable String unixSockGroup() {
        return str(ConfigKey.UNIX_SOCK_GROUP);
    }

    /** File mode bits of the read-only socket. */
    public int unixSockRoPerms() {
        return integer(ConfigKey.UNIX_SOCK_RO_PERMS);
    }

    /** File mode bits of the read-write socket. */
    public int unixSockRwPerms() {
        return integer(ConfigKey.UNIX_SOCK_RW_PERMS);
    }

    /** File mode bits of the admin socket. */
    public int unixSockAdminPerms() {
        return integer(ConfigKey.UNIX_SOCK_ADMIN_PERMS);
    }

    // ---- authentication ----

    public AuthMode authUnixRw() {
        return auth(ConfigKey.AUTH_UNIX_RW);
    }

    public AuthMode authUnixRo() {
        return auth(ConfigKey.AUTH_UNIX_RO);
    }

    public AuthMode authTcp() {
        return auth(ConfigKey.AUTH_TCP);
    }

    public AuthMode authTls() {
        return auth(ConfigKey.AUTH_TLS);
    }

    public int tcpMinSsf() {
        return count(ConfigKey.TCP_MIN_SSF);
    }

    /** Access-control drivers, or null when not set. */
    public @Nullable List<String> accessDrivers() {
        return list(ConfigKey.ACCESS_DRIVERS);
    }

    /** SASL user-name patterns, or null when not set (an empty list lets nobody in). */
    public @Nullable List<String> saslAllowedUsernameList() {
        return list(ConfigKey.SASL_ALLOWED_USERNAME_LIST);
    }

    // ---- TLS ----

    /** The server key file when set; null means {@link DaemonPaths#keyFile()}'s default. */
    public @Nullable String keyFile() {
        return str(ConfigKey.KEY_FILE);
    }

    public @Nullable String certFile() {
        return str(ConfigKey.CERT_FILE);
    }

    public @Nullable String caFile() {
        return str(ConfigKey.CA_FILE);
    }

    public @Nullable String crlFile() {
        return str(ConfigKey.CRL_FILE);
    }

    public boolean tlsNoSanityCertificate() {
        return bool(ConfigKey.TLS_NO_SANITY_CERTIFICATE);
    }

    public boolean tlsNoVerifyCertificate() {
        return bool(ConfigKey.TLS_NO_VERIFY_CERTIFICATE);
    }

    /** Distinguished-name patterns, or null when not set (an empty list lets nobody in). */
    public @Nullable List<String> tlsAllowedDnList() {
        return list(ConfigKey.TLS_ALLOWED_DN_LIST);
    }

    public @Nullable String tlsPriority() {
        return str(ConfigKey.TLS_PRIORITY);
    }

    // ---- limits and workers ----

    public int maxClients() {
        return count(ConfigKey.MAX_CLIENTS);
    }

    public int maxQueuedClients() {
        return count(ConfigKey.MAX_QUEUED_CLIENTS);
    }

    public int maxAnonymousClients() {
        return count(ConfigKey.MAX_ANONYMOUS_CLIENTS);
    }

    public int minWorkers() {
        return count(ConfigKey.MIN_WORKERS);
    }

    public int maxWorkers() {
        return count(ConfigKey.MAX_WORKERS);
    }

    public int prioWorkers() {
        return count(ConfigKey.PRIO_WORKERS);
    }

    public int maxClientRequests() {
        return count(ConfigKey.MAX_CLIENT_REQUESTS);
    }

    public int adminMinWorkers() {
        return count(ConfigKey.ADMIN_MIN_WORKERS);
    }

    public int adminMaxWorkers() {
        return count(ConfigKey.ADMIN_MAX_WORKERS);
    }

    public int adminMaxClients() {
        return count(ConfigKey.ADMIN_MAX_CLIENTS);
    }

    public int adminMaxQueuedClients() {
        return count(ConfigKey.ADMIN_MAX_QUEUED_CLIENTS);
    }

    public int adminMaxClientRequests() {
        return count(ConfigKey.ADMIN_MAX_CLIENT_REQUESTS);
    }

    // ---- keepalive ----

    /** Seconds between keepalive probes; -1 disables keepalive. */
    public int keepaliveInterval() {
        return integer(ConfigKey.KEEPALIVE_INTERVAL);
    }

    public int keepaliveCount() {
        return count(ConfigKey.KEEPALIVE_COUNT);
    }

    public int adminKeepaliveInterval() {
        return integer(ConfigKey.ADMIN_KEEPALIVE_INTERVAL);
    }

    public int adminKeepaliveCount() {
        return count(ConfigKey.ADMIN_KEEPALIVE_COUNT);
    }

    // ---- logging, audit, host ----

    /** 0 when not set (built-in priority 3), else 1 debug, 2 info, 3 warning, 4 error. */
    public int logLevel() {
        return count(ConfigKey.LOG_LEVEL);
    }

    public @Nullable String logFilters() {
        return str(ConfigKey.LOG_FILTERS);
    }

    public @Nullable String logOutputs() {
        return str(ConfigKey.LOG_OUTPUTS);
    }

    public int auditLevel() {
        return count(ConfigKey.AUDIT_LEVEL);
    }

    public boolean auditLogging() {
        return bool(ConfigKey.AUDIT_LOGGING);
    }

    public @Nullable String hostUuid() {
        return str(ConfigKey.HOST_UUID);
    }

    public @Nullable String hostUuidSource() {
        return str(ConfigKey.HOST_UUID_SOURCE);
    }

    public int ovsTimeout() {
        return count(ConfigKey.OVS_TIMEOUT);
    }

    /** virtd's {@code xen_hypervisor} ("sim" or "native"), or null. */
    public @Nullable String xenHypervisor() {
        return str(ConfigKey.XEN_HYPERVISOR);
    }

    /** virtd's {@code root_dir}, or null; {@code --root} on the command line takes precedence. */
    public @Nullable String rootDir() {
        return str(ConfigKey.ROOT_DIR);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DaemonConfig[");
        sb.append(sourceFile == null ? "defaults" : sourceFile);
        for (Map.Entry<ConfigKey, Integer> e : lines.entrySet()) {
            Object v = values.get(e.getKey());
            sb.append(", ").append(e.getKey().confName()).append('=')
                    .append(e.getKey().type() == ConfigKey.Type.PERMS ? String.format("0%o", v) : v);
        }
        return sb.append(']').toString();
    }
}
