package org.virtd.driver.remote;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.virtd.api.ConnectUri;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * How libvirt's remote driver reads a URI (RPC.md §12): the transport, the parameters it keeps for itself, and
 * the name it sends in CONNECT_OPEN. Pure functions.
 */
public final class RemoteUris {
    /** Parameters the client consumes (compared case-insensitively, as libvirt does) and never forwards. */
    private static final Set<String> CONSUMED = Set.of("name", "command", "socket", "auth", "sshauth", "netcat",
            "keyfile", "pkipath", "known_hosts", "known_hosts_verify", "tls_priority", "mode", "proxy", "no_sanity",
            "no_verify", "no_tty", "authfile");

    /** Consumed parameters whose value must be an integer. */
    private static final Set<String> BOOLEANS = Set.of("no_sanity", "no_verify", "no_tty");

    private static final String HEX = "0123456789ABCDEF";

    private RemoteUris() {
    }

    /**
     * The transport of {@code uri}: the one named after {@code +}, else TLS when a host is given, else UNIX.
     *
     * @throws VirException INVALID_ARG for an unknown transport or for {@code +unix} with a host
     */
    public static Transport transport(ConnectUri uri) {
        String name = uri.transport();
        if (name == null) {
            return uri.host() != null ? Transport.TLS : Transport.UNIX;
        }
        Transport t = Transport.fromUri(name);
        if (t == null) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.INVALID_ARG,
                    "remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)");
        }
        if (t == Transport.UNIX && uri.host() != null) {
            throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.INVALID_ARG,
                    "using unix socket and remote server '" + uri.host() + "' is not supported.");
        }
        return t;
    }

    /** Whether the remote driver keeps parameter {@code name} to itself. */
    public static boolean isConsumed(String name) {
        return CONSUMED.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The value of consumed parameter {@code name} (case-insensitive; the last occurrence wins, as in libvirt).
     */
    public static @Nullable String param(ConnectUri uri, String name) {
        String value = null;
        for (Map.Entry<String, String> e : uri.params()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                value = e.getValue();
            }
        }
        return value;
    }

    /**
     * Checks the consumed boolean parameters, which libvirt parses as integers before anything else happens.
     *
     * @throws VirException INVALID_ARG "Failed to parse value of URI component NAME"
     */
    public static void checkParams(ConnectUri uri) {
        for (Map.Entry<String, String> e : uri.params()) {
            if (BOOLEANS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                try {
                    Integer.parseInt(e.getValue().trim());
                } catch (NumberFormatException ex) {
                    throw VirException.of(VirErrorDomain.REMOTE, VirErrorCode.INVALID_ARG,
                            "Failed to parse value of URI component " + e.getKey());
                }
            }
        }
    }

    /**
     * The name sent in CONNECT_OPEN: the {@code name} parameter as is; "" for the {@code remote} scheme (the
     * daemon picks its default); else the URI rebuilt from the driver part of the scheme, the path, the
     * parameters the client does not consume, and the fragment, without user, host or port.
     */
    public static String openName(ConnectUri uri) {
        String explicit = param(uri, "name");
        if (explicit != null) {
            return explicit;
        }
        String scheme = uri.scheme();
        if (scheme.equals("remote") || scheme.startsWith("remote+")) {
            return "";
        }
        int plus = scheme.indexOf('+');
        StringBuilder sb = new StringBuilder(plus >= 0 ? scheme.substring(0, plus) : scheme).append("://");
        escape(sb, uri.path(), "/;@&=+$,");
        String query = forwardedQuery(uri.params());
        if (!query.isEmpty()) {
            sb.append('?').append(query);
        }
        if (uri.fragment() != null) {
            sb.append('#');
            escape(sb, uri.fragment(), ";/?:@&=+$,[]");
        }
        return sb.toString();
    }

    /**
     * The parameters that are forwarded, in their order, as {@code name=value&...}: names as given, values
     * percent-encoded except for unreserved characters (libvirt's URI-encoding of parameter values).
     */
    static String forwardedQuery(List<Map.Entry<String, String>> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params) {
            if (isConsumed(e.getKey())) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(e.getKey()).append('=');
            escape(sb, e.getValue(), "");
        }
        return sb.toString();
    }

    /** Percent-encodes {@code s} except RFC 3986 unreserved characters and those in {@code keep}. */
    private static void escape(StringBuilder sb, String s, String keep) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || (c < 0x80 && keep.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
    }

    /**
     * Whether a URI selects the per-user daemon: {@code /session} or any {@code test+...} URI, for a non-root
     * client only (libvirt's remoteGetURIDaemonInfo).
     */
    static boolean wantsUserDaemon(ConnectUri uri, boolean root) {
        return !root && (uri.path().equals("/session") || uri.scheme().startsWith("test+"));
    }
}
