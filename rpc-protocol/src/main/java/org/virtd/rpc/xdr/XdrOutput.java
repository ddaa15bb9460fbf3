package org.virtd.rpc.xdr;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.jspecify.annotations.Nullable;

/**
 * Writes XDR to a {@link ByteBuf} at its writer index. Bounds are checked on the way out too, so that we
 * never send what a libvirt peer would reject.
 */
public final class XdrOutput {
    private final ByteBuf buf;

    public XdrOutput(ByteBuf buf) {
        this.buf = buf;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public void writeInt(int v) {
        buf.writeInt(v);
    }

    public void writeHyper(long v) {
        buf.writeLong(v);
    }

    public void writeDouble(double v) {
        buf.writeLong(Double.doubleToRawLongBits(v));
    }

    public void writeFloat(float v) {
        buf.writeInt(Float.floatToRawIntBits(v));
    }

    public void writeBool(boolean v) {
        buf.writeInt(v ? 1 : 0);
    }

    private static void check(long n, long max, String what) {
        if (n > max) {
            throw new XdrException(what + " length " + n + " exceeds maximum " + max);
        }
    }

    private void pad(long n) {
        buf.writeZero((int) ((4 - (n & 3)) & 3));
    }

    public void writeString(String s, long max) {
        int n = ByteBufUtil.utf8Bytes(s);
        check(n, max, "string");
        buf.writeInt(n);
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        pad(n);
    }

    public void writeOpaque(byte[] b, long max) {
        check(b.length, max, "opaque");
        buf.writeInt(b.length);
        buf.writeBytes(b);
        pad(b.length);
    }

    public void writeFixedOpaque(byte[] b, long n) {
        if (b.length != n) {
            throw new XdrException("opaque[" + n + "] given " + b.length + " bytes");
        }
        buf.writeBytes(b);
        pad(n);
    }

    /** One word per char: sign-extended for {@code char} (as C's signed char), zero-extended for unsigned. */
    public void writeChars(byte[] b, long max, boolean signed) {
        check(b.length, max, "char array");
        buf.writeInt(b.length);
        writeCharWords(b, signed);
    }

    public void writeFixedChars(byte[] b, long n, boolean signed) {
        if (b.length != n) {
            throw new XdrException("char[" + n + "] given " + b.length + " chars");
        }
        writeCharWords(b, signed);
    }

    private void writeCharWords(byte[] b, boolean signed) {
        for (byte c : b) {
            buf.writeInt(signed ? c : c & 0xff);
        }
    }

    public void writeUuid(UUID u) {
        buf.writeLong(u.getMostSignificantBits());
        buf.writeLong(u.getLeastSignificantBits());
    }

    public <T> void writeOptional(@Nullable T value, BiConsumer<XdrOutput, T> writer) {
        if (value == null) {
            buf.writeInt(0);
        } else {
            buf.writeInt(1);
            writer.accept(this, value);
        }
    }

    public <T> void writeList(List<T> list, long max, BiConsumer<XdrOutput, T> writer) {
        check(list.size(), max, "array");
        buf.writeInt(list.size());
        for (T t : list) {
            writer.accept(this, t);
        }
    }

    public <T> void writeFixedList(List<T> list, long n, BiConsumer<XdrOutput, T> writer) {
        if (list.size() != n) {
            throw new XdrException("array[" + n + "] given " + list.size() + " elements");
        }
        for (T t : list) {
            writer.accept(this, t);
        }
    }
}
