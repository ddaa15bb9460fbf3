package org.virtd.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.virtd.rpc.wire.Limits;
import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.xdr.XdrCodec;
import org.virtd.rpc.xdr.XdrException;
import org.virtd.rpc.xdr.XdrOutput;

/** Builds whole outgoing frames (length word, header, body) in one buffer, so a reply is one write. */
final class Frames {
    private Frames() {
    }

    /**
     * Encodes a frame; throws {@link XdrException} (buffer released) if the body cannot be encoded or the frame
     * would exceed libvirt's 32 MiB message limit.
     */
    static <T> ByteBuf encode(ByteBufAllocator alloc, MessageHeader header, XdrCodec<T> codec, T body) {
        ByteBuf buf = alloc.ioBuffer(256);
        try {
            buf.writeInt(0);
            header.encode(buf);
            codec.encode(new XdrOutput(buf), body);
            int length = buf.readableBytes();
            if (length - 4 > Limits.MESSAGE_MAX) {
                throw new XdrException("message of " + length + " bytes exceeds the limit of "
                        + (Limits.MESSAGE_MAX + 4) + " bytes");
            }
            buf.setInt(0, length);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
