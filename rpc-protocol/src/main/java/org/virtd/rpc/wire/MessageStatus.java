package org.virtd.rpc.wire;

import org.jspecify.annotations.Nullable;

/** The header's status word. */
public enum MessageStatus {
    /** Calls, successful replies, events, keepalive, end of stream. */
    OK(0),
    /** A failed reply (body: remote_error) or a failed stream. */
    ERROR(1),
    /** Stream data that more will follow. */
    CONTINUE(2);

    private static final MessageStatus[] BY_WIRE = values();

    private final int wireValue;

    MessageStatus(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    /** The status with this wire value, or null for an unknown one. */
    public static @Nullable MessageStatus fromWire(int wireValue) {
        return wireValue >= 0 && wireValue < BY_WIRE.length ? BY_WIRE[wireValue] : null;
    }
}
