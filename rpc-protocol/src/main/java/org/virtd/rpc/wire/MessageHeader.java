package org.virtd.rpc.wire;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.virtd.rpc.xdr.XdrException;

/**
 * The 24-byte header after the length word. Fields stay raw ints so that a header with an unknown type,
 * status or program can still be represented, logged and answered.
 *
 * <pre>
 * prog (u32) | vers (u32) | proc (s32) | type (s32) | serial (u32) | status (s32)
 * </pre>
 */
public record MessageHeader(int program, int version, int procedure, int type, int serial, int status) {
    /** Encoded size. */
    public static final int SIZE = 24;

    public static MessageHeader of(int program, int version, int procedure, MessageType type, int serial,
            MessageStatus status) {
        return new MessageHeader(program, version, procedure, type.wireValue(), serial, status.wireValue());
    }

    /** The header of a call to {@code p}. */
    public static MessageHeader call(Procedure<?, ?> p, int serial) {
        return of(p.program(), p.version(), p.number(), MessageType.CALL, serial, MessageStatus.OK);
    }

    /** Reads 24 bytes; throws {@link XdrException} if fewer remain. */
    public static MessageHeader decode(ByteBuf in) {
        if (in.readableBytes() < SIZE) {
            throw new XdrException("Unable to decode message header");
        }
        return new MessageHeader(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt());
    }

    public void encode(ByteBuf out) {
        out.writeInt(program).writeInt(version).writeInt(procedure).writeInt(type).writeInt(serial)
                .writeInt(status);
    }

    public @Nullable MessageType messageType() {
        return MessageType.fromWire(type);
    }

    public @Nullable MessageStatus messageStatus() {
        return MessageStatus.fromWire(status);
    }

    /** The same program, version, procedure and serial with another type and status (a reply to a call). */
    public MessageHeader with(MessageType newType, MessageStatus newStatus) {
        return new MessageHeader(program, version, procedure, newType.wireValue(), serial, newStatus.wireValue());
    }

    @Override
    public String toString() {
        MessageType t = messageType();
        MessageStatus s = messageStatus();
        return "prog=0x" + Integer.toHexString(program) + " vers=" + version + " proc=" + procedure + " type="
                + (t == null ? Integer.toString(type) : t.name()) + " serial=" + Integer.toUnsignedString(serial)
                + " status=" + (s == null ? Integer.toString(status) : s.name());
    }
}
