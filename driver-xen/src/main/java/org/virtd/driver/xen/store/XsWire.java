package org.virtd.driver.xen.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The frame codec: a 16-byte header of four uint32 in the host's byte order (type, req_id, tx_id, len)
 * followed by len payload bytes, at most {@link #PAYLOAD_MAX}.
 */
public final class XsWire {
    public static final int HEADER_SIZE = 16;
    public static final int PAYLOAD_MAX = 4096;
    public static final int ABS_PATH_MAX = 3072;
    public static final int REL_PATH_MAX = 2048;
    /** The wire is host-endian because both ends are on the same machine (or share a ring in memory). */
    public static final ByteOrder HOST_ORDER = ByteOrder.nativeOrder();

    private XsWire() {}

    /** A header announced a payload larger than the protocol allows; the daemon drops such a client. */
    public static final class OversizedException extends IOException {
        public OversizedException(long len) { super("payload of " + len + " bytes exceeds " + PAYLOAD_MAX); }
    }

    /** Reads one message, or returns null at a clean end of stream before a header. */
    public static XsMessage read(InputStream in) throws IOException {
        byte[] hdr = new byte[HEADER_SIZE];
        int got = in.readNBytes(hdr, 0, HEADER_SIZE);
        if (got == 0) return null;
        if (got < HEADER_SIZE) throw new EOFException("truncated header");
        ByteBuffer b = ByteBuffer.wrap(hdr).order(HOST_ORDER);
        int type = b.getInt(), reqId = b.getInt(), txId = b.getInt();
        long len = Integer.toUnsignedLong(b.getInt());
        if (len > PAYLOAD_MAX) throw new OversizedException(len);
        byte[] payload = in.readNBytes((int) len);
        if (payload.length < len) throw new EOFException("truncated payload");
        return new XsMessage(type, reqId, txId, payload);
    }

    public static byte[] encode(XsMessage m) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + m.payload().length).order(HOST_ORDER);
        b.putInt(m.type()).putInt(m.reqId()).putInt(m.txId()).putInt(m.payload().length).put(m.payload());
        return b.array();
    }

    public static void write(OutputStream out, XsMessage m) throws IOException {
        out.write(encode(m));
    }
}
