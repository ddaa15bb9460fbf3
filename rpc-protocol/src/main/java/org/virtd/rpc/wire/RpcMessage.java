package org.virtd.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import org.virtd.rpc.xdr.XdrCodec;
import org.virtd.rpc.xdr.XdrInput;
import org.virtd.rpc.xdr.XdrOutput;

/**
 * One framed message: the header and the body (the bytes after the 28-byte frame start). Reference counted
 * through its body: whoever consumes it releases it.
 */
public final class RpcMessage extends DefaultByteBufHolder {
    private final MessageHeader header;

    public RpcMessage(MessageHeader header, ByteBuf body) {
        super(body);
        this.header = header;
    }

    public MessageHeader header() {
        return header;
    }

    /** The body bytes; same as {@link #content()}. */
    public ByteBuf body() {
        return content();
    }

    /** Encodes {@code value} with {@code codec} into a new buffer from {@code alloc}. */
    public static <T> RpcMessage of(ByteBufAllocator alloc, MessageHeader header, XdrCodec<T> codec, T value) {
        ByteBuf body = alloc.buffer();
        try {
            codec.encode(new XdrOutput(body), value);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return new RpcMessage(header, body);
    }

    /** A message with an empty body (keepalive, void replies). */
    public static RpcMessage empty(MessageHeader header) {
        return new RpcMessage(header, io.netty.buffer.Unpooled.EMPTY_BUFFER);
    }

    /**
     * Decodes the whole body with {@code codec} without consuming it; trailing bytes are an error.
     * Does not release the message.
     */
    public <T> T decodeBody(XdrCodec<T> codec) {
        ByteBuf view = content().duplicate();
        XdrInput in = new XdrInput(view);
        T value = codec.decode(in);
        in.requireFullyConsumed();
        return value;
    }

    @Override
    public RpcMessage replace(ByteBuf content) {
        return new RpcMessage(header, content);
    }

    @Override
    public RpcMessage copy() {
        return replace(content().copy());
    }

    @Override
    public RpcMessage duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public RpcMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public RpcMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public RpcMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public RpcMessage touch() {
        super.touch();
        return this;
    }

    @Override
    public RpcMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "RpcMessage(" + header + ", body " + content().readableBytes() + " bytes)";
    }
}
