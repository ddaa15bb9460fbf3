package org.virtd.rpc.wire;

/** Size limits of the RPC framing (virnet.x; checked against libvirt 9.0.0, where the maximum is 32 MiB). */
public final class Limits {
    private Limits() {
    }

    /** Size of the length word that starts every frame. */
    public static final int LENGTH_WORD = 4;

    /** Size of the header after the length word. */
    public static final int HEADER_MAX = 24;

    /** Length word plus header: the smallest valid frame, and where the body starts. */
    public static final int FRAME_START = LENGTH_WORD + HEADER_MAX;

    /** Largest header plus body, i.e. the largest value of (length word - 4). */
    public static final int MESSAGE_MAX = 33554432;

    /** Largest body. */
    public static final int PAYLOAD_MAX = MESSAGE_MAX - HEADER_MAX;

    /** Receive buffer a libvirt peer starts with. */
    public static final int MESSAGE_INITIAL = 65536;

    /** Body limit of old peers, still the chunk size of stream data. */
    public static final int LEGACY_PAYLOAD_MAX = 262120;

    /** Longest string anywhere in a message. */
    public static final int STRING_MAX = 4194304;

    /** File descriptors in one *_WITH_FDS message. */
    public static final int NUM_FDS_MAX = 32;
}
