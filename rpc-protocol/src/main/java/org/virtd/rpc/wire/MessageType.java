package org.virtd.rpc.wire;

import org.jspecify.annotations.Nullable;

/** The header's type word. */
public enum MessageType {
    /** Client to server: a procedure's arguments. */
    CALL(0),
    /** Server to client: the return value, or a remote_error when the status is ERROR. */
    REPLY(1),
    /** Either way, asynchronous: events and keepalive. */
    MESSAGE(2),
    /** Either way: stream data for the stream opened by the call with the same serial. */
    STREAM(3),
    CALL_WITH_FDS(4),
    REPLY_WITH_FDS(5),
    /** Either way: a hole in a sparse stream. */
    STREAM_HOLE(6);

    private static final MessageType[] BY_WIRE = values();

    private final int wireValue;

    MessageType(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    /** The type with this wire value, or null for a value libvirt 9.0 does not define. */
    public static @Nullable MessageType fromWire(int wireValue) {
        return wireValue >= 0 && wireValue < BY_WIRE.length ? BY_WIRE[wireValue] : null;
    }
}
