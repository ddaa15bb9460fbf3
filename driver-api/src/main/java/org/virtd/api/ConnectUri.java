package org.virtd.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A libvirt connection URI: {@code driver[+transport]://[user@][host][:port]/[path][?param=value&...][#fragment]}.
 *
 * <p>Parsing keeps parameters in their order (libvirt forwards the unknown ones in order). Immutable.
 */
public record ConnectUri(String scheme, @Nullable String user, @Nullable String host, int port, String path,
                         List<Map.Entry<String, String>> params, @Nullable String fragment) {

    public ConnectUri {
        params = List.copyOf(params);
    }

    /**
     * Parses {@code text}.
     *
     * @throws VirException INVALID_ARG (domain URI) when it is not a URI with a scheme
     */
    public static ConnectUri parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || !validScheme(text.substring(0, colon))) {
            throw VirException.of(VirErrorDomain.URI, VirErrorCode.INTERNAL_ERROR,
                    "Unable to parse URI " + text);
        }
        String scheme = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        String fragment = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = decode(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
        }
        String query = null;
        int qm = rest.indexOf('?');
        if (qm >= 0) {
            query = rest.substring(qm + 1);
            rest = rest.substring(0, qm);
        }
        String user = null;
        String host = null;
        int port = 0;
        String path;
        if (rest.startsWith("//")) {
            String afterSlashes = rest.substring(2);
            int slash = afterSlashes.indexOf('/');
            String authority = slash >= 0 ? afterSlashes.substring(0, slash) : afterSlashes;
            path = slash >= 0 ? afterSlashes.substring(slash) : "";
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                user = decode(authority.substring(0, at));
                authority = authority.substring(at + 1);
            }
            String hostPart = authority;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw VirException.of(VirErrorDomain.URI, VirErrorCode.INTERNAL_ERROR, "Unable to parse URI " + text);
                }
                hostPart = authority.substring(1, close);
                String tail = authority.substring(close + 1);
                if (tail.startsWith(":") && tail.length() > 1) {
                    port = parsePort(tail.substring(1), text);
                }
            } else {
                int pc = authority.lastIndexOf(':');
                if (pc >= 0) {
                    hostPart = authority.substring(0, pc);
                    if (pc + 1 < authority.length()) {
                        port = parsePort(authority.substring(pc + 1), text);
                    }
                }
            }
            host = hostPart.isEmpty() ? null : decode(hostPart);
        } else {
            path = rest;
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("[&;]")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
                String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
                params.add(Map.entry(k, v));
            }
        }
        return new ConnectUri(scheme, user, host, port, decode(path), params, fragment);
    }

    private static boolean validScheme(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static int parsePort(String s, String text) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw VirException.of(VirErrorDomain.URI, VirErrorCode.INTERNAL_ERROR, "Unable to parse URI " + text);
        }
    }

    private static String decode(String s) {
        return s.indexOf('%') < 0 ? s : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The driver part of the scheme: {@code test} of {@code test+tcp}. */
    public String driver() {
        int plus = scheme.indexOf('+');
        return (plus >= 0 ? scheme.substring(0, plus) : scheme).toLowerCase(Locale.ROOT);
    }

    /** The transport part of the scheme ({@code tcp} of {@code test+tcp}), lower case, or {@code null}. */
    public @Nullable String transport() {
        int plus = scheme.indexOf('+');
        return plus >= 0 ? scheme.substring(plus + 1).toLowerCase(Locale.ROOT) : null;
    }

    /** The value of query parameter {@code name} (first occurrence), or {@code null}. */
    public @Nullable String param(String name) {
        for (Map.Entry<String, String> e : params) {
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A URI without transport and without a host: served by a driver in this process. */
    public boolean isLocal() {
        return transport() == null && host == null;
    }

    /** This URI with {@code scheme} replaced and the given parameters, keeping the rest. */
    public ConnectUri withSchemeAndParams(String newScheme, List<Map.Entry<String, String>> newParams) {
        return new ConnectUri(newScheme, null, null, 0, path, newParams, fragment);
    }

    public List<Map.Entry<String, String>> params() {
        return Collections.unmodifiableList(params);
    }

    /** Formats the URI the way libvirt's URI formatter writes it ({@code test:///default} for no host). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme).append(':');
        sb.append("//");
        if (user != null) {
            sb.append(encode(user)).append('@');
        }
        if (host != null) {
            sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        }
        if (port > 0) {
            sb.append(':').append(port);
        }
        sb.append(path);
        if (!params.isEmpty()) {
            sb.append('?');
            for (int i = 0; i < params.size(); i++) {
                if (i > 0) {
                    sb.append('&');
                }
                sb.append(encode(params.get(i).getKey())).append('=').append(encode(params.get(i).getValue()));
            }
        }
        if (fragment != null) {
            sb.append('#').append(encode(fragment));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
