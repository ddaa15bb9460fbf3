package org.virtd.driver.remote;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The transports of libvirt's remote driver, as spelt after the {@code +} of a URI scheme. */
public enum Transport {
    TLS(16514, false),
    UNIX(0, true),
    SSH(22, false),
    EXT(0, false),
    TCP(16509, true),
    LIBSSH2(22, false),
    LIBSSH(22, false);

    private final int defaultPort;
    private final boolean implemented;

    Transport(int defaultPort, boolean implemented) {
        this.defaultPort = defaultPort;
        this.implemented = implemented;
    }

    /** The port used when the URI names none; 0 for transports without a port. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Whether virtd's remote driver can open this transport yet. */
    public boolean implemented() {
        return implemented;
    }

    /** The URI spelling ({@code tcp}, {@code libssh2}). */
    public String uriName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport named {@code s} (case-insensitive, as libvirt lower-cases it), or null. */
    static @Nullable Transport fromUri(String s) {
        for (Transport t : values()) {
            if (t.uriName().equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
