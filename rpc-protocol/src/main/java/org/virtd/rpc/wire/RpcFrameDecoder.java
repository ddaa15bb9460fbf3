package org.virtd.rpc.wire;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the byte stream into {@link RpcMessage}s.
 *
 * <p>The length word is checked as soon as its 4 bytes are in: below 28 is corrupt, above 32 MiB + 4 is too
 * long, and both fail before the body is buffered, so an announced length never makes us allocate. After a
 * bad length the stream cannot be re-synchronised (there is no frame marker), so every later byte is
 * discarded; the next handler is expected to close the channel on the exception.
 *
 * <p>Texts follow libvirt's {@code virNetMessageDecodeLength}, with the peer named by the side that
 * receives ("client" on a server, "server" on a client). A length whose 4 bytes are printable text is
 * almost always a shell banner or other non-protocol output in the transport (for example an ssh login
 * message), so that case says so instead of leaving the user to decode a huge number.
 */
public final class RpcFrameDecoder extends ByteToMessageDecoder {
    private final String peer;
    private boolean failed;
    /**
     * Bytes still to drop after a *_WITH_FDS message: the sender passes each descriptor with one byte of
     * data (gnulib's sendfd), after the message. The descriptors are not taken from the socket.
     */
    private long fdBytes;

    /** @param peer who sends the bytes: "client" for a server's decoder, "server" for a client's */
    public RpcFrameDecoder(String peer) {
        this.peer = peer;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (fdBytes > 0) {
            int n = (int) Math.min(fdBytes, in.readableBytes());
            in.skipBytes(n);
            fdBytes -= n;
            if (fdBytes > 0) {
                return;
            }
        }
        if (in.readableBytes() < Limits.LENGTH_WORD) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length < Limits.LENGTH_WORD) {
            throw fail(in, new CorruptedFrameException("packet " + length + " bytes received from " + peer
                    + " too small, want " + Limits.LENGTH_WORD));
        }
        if (length - Limits.LENGTH_WORD > Limits.MESSAGE_MAX) {
            String text = "packet " + (length - Limits.LENGTH_WORD) + " bytes received from " + peer
                    + " too large, want " + Limits.MESSAGE_MAX;
            String ascii = printable(in);
            if (ascii != null) {
                text += " (the bytes \"" + ascii + "\" look like text: the transport emitted non-protocol data)";
            }
            throw fail(in, new TooLongFrameException(text));
        }
        if (length < Limits.FRAME_START) {
            throw fail(in, new CorruptedFrameException("packet " + length + " bytes received from " + peer
                    + " too small, want " + Limits.FRAME_START));
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(Limits.LENGTH_WORD);
        MessageHeader header = MessageHeader.decode(in);
        ByteBuf body = in.readRetainedSlice((int) length - Limits.FRAME_START);
        if ((header.type() == MessageType.CALL_WITH_FDS.wireValue()
                || header.type() == MessageType.REPLY_WITH_FDS.wireValue()) && body.readableBytes() >= 4) {
            long nfds = body.getUnsignedInt(body.readerIndex());
            fdBytes = nfds <= Limits.NUM_FDS_MAX ? nfds : 0;
        }
        out.add(new RpcMessage(header, body));
    }

    private RuntimeException fail(ByteBuf in, RuntimeException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return e;
    }

    /** The first bytes as text if all of them are printable ASCII or common whitespace, else null. */
    private static String printable(ByteBuf in) {
        int n = Math.min(in.readableBytes(), 16);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = in.getUnsignedByte(in.readerIndex() + i);
            if (c == '\n' || c == '\r' || c == '\t') {
                b.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                return null;
            }
        }
        return b.toString();
    }
}
