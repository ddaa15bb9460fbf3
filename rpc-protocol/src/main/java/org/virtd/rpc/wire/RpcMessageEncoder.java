package org.virtd.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.TooLongFrameException;

/** Writes an {@link RpcMessage} as length word, header and body. Stateless, so one instance may be shared. */
@Sharable
public final class RpcMessageEncoder extends MessageToByteEncoder<RpcMessage> {
    public RpcMessageEncoder() {
        super(RpcMessage.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RpcMessage msg, boolean preferDirect) {
        int size = Limits.FRAME_START + msg.content().readableBytes();
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RpcMessage msg, ByteBuf out) throws TooLongFrameException {
        int body = msg.content().readableBytes();
        if (body > Limits.PAYLOAD_MAX) {
            throw new TooLongFrameException("message body of " + body + " bytes exceeds maximum "
                    + Limits.PAYLOAD_MAX);
        }
        out.writeInt(Limits.FRAME_START + body);
        msg.header().encode(out);
        out.writeBytes(msg.content(), msg.content().readerIndex(), body);
    }
}
