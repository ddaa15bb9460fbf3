package org.virtd.daemon.config;

import java.util.Optional;

/** The values of the {@code auth_*} keys, spelled as in libvirtd.conf. */
public enum AuthMode {
    /** No authentication; a unix socket still reports the peer's credentials. */
    NONE("none"),
    /** SASL negotiation before any other call. */
    SASL("sasl"),
    /**
     * PolicyKit. Accepted in the file because libvirtd accepts it; virtd has no polkit agent, so
     * the listener layer decides what to do with it.
     */
    POLKIT("polkit");

    private final String confName;

    AuthMode(String confName) {
        this.confName = confName;
    }

    /** The spelling in the configuration file. */
    public String confName() {
        return confName;
    }

    /** The mode spelled {@code s} exactly (case matters, as in libvirt), if any. */
    public static Optional<AuthMode> fromConfName(String s) {
        for (AuthMode m : values()) {
            if (m.confName.equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
