package org.virtd.rpc.xdr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Reads XDR from a {@link ByteBuf}, starting at its reader index and advancing it. Does not take ownership:
 * the caller releases the buffer.
 *
 * <p>Every read first checks the bytes left; every length or count is checked against the declared maximum
 * and the bytes left before a single byte is allocated. Padding bytes are skipped without checking them,
 * as rpcgen's decoder does.
 */
public final class XdrInput {
    private final ByteBuf buf;

    public XdrInput(ByteBuf buf) {
        this.buf = buf;
    }

    /** Bytes not yet read. */
    public int remaining() {
        return buf.readableBytes();
    }

    /**
     * Fails if bytes are left: a body must be consumed exactly, otherwise the peer and we disagree about
     * the layout (or the frame carries garbage after the body).
     */
    public void requireFullyConsumed() {
        int left = buf.readableBytes();
        if (left != 0) {
            throw new XdrException("trailing " + left + " bytes after the message body");
        }
    }

    private void need(long n, String what) {
        if (n > buf.readableBytes()) {
            throw new XdrException(what + " needs " + n + " bytes but only " + buf.readableBytes() + " remain");
        }
    }

    public int readInt() {
        need(4, "int");
        return buf.readInt();
    }

    public long readHyper() {
        need(8, "hyper");
        return buf.readLong();
    }

    public double readDouble() {
        need(8, "double");
        return Double.longBitsToDouble(buf.readLong());
    }

    public float readFloat() {
        need(4, "float");
        return Float.intBitsToFloat(buf.readInt());
    }

    /** XDR bool: exactly 0 or 1. */
    public boolean readBool() {
        int v = readInt();
        if (v != 0 && v != 1) {
            throw new XdrException("bool must be 0 or 1, got " + Integer.toUnsignedString(v));
        }
        return v == 1;
    }

    /** Reads a u32 length and checks it against {@code max} and the bytes left ({@code unit} bytes each). */
    private int readLength(long max, long unit, String what) {
        long n = Integer.toUnsignedLong(readInt());
        if (n > max) {
            throw new XdrException(what + " length " + n + " exceeds maximum " + max);
        }
        need(n * unit, what + " of length " + n);
        return (int) n;
    }

    private void skipPadding(long n) {
        int pad = (int) ((4 - (n & 3)) & 3);
        need(pad, "padding");
        buf.skipBytes(pad);
    }

    /** {@code string<max>}: length, UTF-8 bytes, padding. */
    public String readString(long max) {
        int n = readLength(max, 1, "string");
        need(n + ((4 - (n & 3)) & 3), "string");
        // Plain byte[] → String: ByteBuf.toString would set up Netty's thread-locals on every worker thread.
        byte[] bytes = new byte[n];
        buf.readBytes(bytes);
        skipPadding(n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@code opaque<max>}. */
    public byte[] readOpaque(long max) {
        int n = readLength(max, 1, "opaque");
        return readBytes(n);
    }

    /** {@code opaque[n]}: exactly n bytes plus padding, no length word. */
    public byte[] readFixedOpaque(long n) {
        need(n, "opaque[" + n + "]");
        return readBytes((int) n);
    }

    private byte[] readBytes(int n) {
        need(n + ((4 - (n & 3)) & 3), "opaque");
        byte[] b = new byte[n];
        buf.readBytes(b);
        skipPadding(n);
        return b;
    }

    /** {@code char<max>} / {@code unsigned char<max>}: a count, then one 4-byte word per char (low 8 bits kept). */
    public byte[] readChars(long max) {
        int n = readLength(max, 4, "char array");
        return readCharWords(n);
    }

    /** {@code char[n]}: exactly n 4-byte words, no count. */
    public byte[] readFixedChars(long n) {
        need(n * 4, "char[" + n + "]");
        return readCharWords((int) n);
    }

    private byte[] readCharWords(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) buf.readInt();
        }
        return b;
    }

    /** 16 raw bytes, most significant first. */
    public UUID readUuid() {
        need(16, "uuid");
        return new UUID(buf.readLong(), buf.readLong());
    }

    /** Optional data ({@code T *}): a bool, then the value when it is 1. */
    public <T> @Nullable T readOptional(Function<XdrInput, T> reader) {
        return readBool() ? reader.apply(this) : null;
    }

    /**
     * {@code T<max>}: a count checked against {@code max} and against the bytes left, assuming each element
     * takes at least {@code minElementSize} bytes, then the elements.
     */
    public <T> List<T> readList(long max, long minElementSize, Function<XdrInput, T> reader) {
        int n = readLength(max, Math.max(1, minElementSize), "array");
        return readElements(n, reader);
    }

    /** {@code T[n]}: exactly n elements, no count. */
    public <T> List<T> readFixedList(long n, Function<XdrInput, T> reader) {
        need(n, "array[" + n + "]");
        return readElements((int) n, reader);
    }

    private <T> List<T> readElements(int n, Function<XdrInput, T> reader) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(reader.apply(this));
        }
        return out.contains(null) ? Collections.unmodifiableList(out) : List.copyOf(out);
    }
}
