package org.virtd.api;

/** libvirt's {@code virDomainState}; {@link #wireValue()} is the number on the wire. */
public enum DomainState {
    NOSTATE(0), RUNNING(1), BLOCKED(2), PAUSED(3), SHUTDOWN(4), SHUTOFF(5), CRASHED(6), PMSUSPENDED(7);

    private final int wireValue;

    DomainState(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    public static DomainState fromWire(int v) {
        for (DomainState s : values()) {
            if (s.wireValue == v) {
                return s;
            }
        }
        return NOSTATE;
    }
}
