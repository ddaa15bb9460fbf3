package org.virtd.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtd.rpc.proto.remote.ConnectOpenArgs;
import org.virtd.rpc.proto.remote.DomainLookupByNameArgs;
import org.virtd.rpc.proto.remote.RemoteProcedure;
import org.virtd.rpc.xdr.XdrException;

/** Every case runs three ways: whole buffer, one byte at a time, and split in two writes. */
class RpcFrameDecoderTest {
    enum Feed {
        WHOLE, ONE_BYTE_AT_A_TIME, SPLIT;

        /** Writes the bytes and returns the exception the pipeline raised, if any. */
        Throwable write(EmbeddedChannel ch, byte[] bytes) {
            try {
                switch (this) {
                    case WHOLE -> ch.writeInbound(Unpooled.wrappedBuffer(bytes));
                    case ONE_BYTE_AT_A_TIME -> {
                        for (byte b : bytes) {
                            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
                        }
                    }
                    case SPLIT -> {
                        int half = bytes.length / 2 + 1;
                        ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, Math.min(half, bytes.length)));
                        if (half < bytes.length) {
                            ch.writeInbound(Unpooled.wrappedBuffer(bytes, half, bytes.length - half));
                        }
                    }
                }
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RpcFrameDecoder("client"));
    }

    private static List<RpcMessage> drain(EmbeddedChannel ch) {
        List<RpcMessage> out = new ArrayList<>();
        RpcMessage m;
        while ((m = ch.readInbound()) != null) {
            out.add(m);
        }
        return out;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void goodFramesFromACapture(Feed feed) {
        List<Vectors.Row> rows = Vectors.rows("list").stream().filter(r -> r.direction().equals("C->S")).toList();
        ByteBuf all = Unpooled.buffer();
        rows.forEach(r -> all.writeBytes(r.bytes()));
        EmbeddedChannel ch = channel();
        assertNull(feed.write(ch, ByteBufUtil.getBytes(all)));
        all.release();
        List<RpcMessage> got = drain(ch);
        assertEquals(rows.size(), got.size());
        for (int i = 0; i < rows.size(); i++) {
            RpcMessage m = got.get(i);
            byte[] want = rows.get(i).bytes();
            assertEquals(want.length - 28, m.body().readableBytes());
            assertArrayEquals(java.util.Arrays.copyOfRange(want, 28, want.length), ByteBufUtil.getBytes(m.body()));
            assertEquals(i, m.header().serial(), "virsh numbers serials from 0");
            m.release();
        }
        assertFalse(ch.finish());
    }

    /**
     * A CALL_WITH_FDS announcing 2 descriptors, then the one data byte the sender writes with each descriptor,
     * then an ordinary CALL: the two bytes are dropped and both frames come out.
     */
    @ParameterizedTest
    @EnumSource(Feed.class)
    void dataBytesSentWithDescriptorsAreSkipped(Feed feed) {
        EmbeddedChannel ch = channel();
        assertNull(feed.write(ch, hex("00000020 20008087 00000001 00000007 00000004 00000005 00000000 00000002"
                + "0000 0000001c 20008086 00000001 00000001 00000000 00000006 00000000")));
        List<RpcMessage> got = drain(ch);
        assertEquals(2, got.size());
        assertEquals(MessageType.CALL_WITH_FDS.wireValue(), got.get(0).header().type());
        assertEquals(2, got.get(0).body().getInt(0));
        assertEquals(6, got.get(1).header().serial());
        got.forEach(RpcMessage::release);
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void truncatedHeaderEmitsNothing(Feed feed) {
        EmbeddedChannel ch = channel();
        assertNull(feed.write(ch, hex("0000001c 20008086 00000001 00000042 0000")));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void lengthBelowHeaderIsCorrupt(Feed feed) {
        EmbeddedChannel ch = channel();
        Throwable t = feed.write(ch, hex("00000014 20008086 00000001 00000042 00000000"));
        assertTrue(t instanceof CorruptedFrameException, String.valueOf(t));
        assertEquals("packet 20 bytes received from client too small, want 28", t.getMessage());
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void lengthThreeIsCorrupt(Feed feed) {
        EmbeddedChannel ch = channel();
        Throwable t = feed.write(ch, hex("00000003 00000000"));
        assertTrue(t instanceof CorruptedFrameException, String.valueOf(t));
        assertEquals("packet 3 bytes received from client too small, want 4", t.getMessage());
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void overLongFrameIsRejectedBeforeTheBodyArrives(Feed feed) {
        EmbeddedChannel ch = channel();
        // 32 MiB + 5: one byte over; only the header is sent, so nothing could have been buffered.
        Throwable t = feed.write(ch, hex("02000005 20008086 00000001 00000042 00000000 00000000 00000000"));
        assertTrue(t instanceof TooLongFrameException, String.valueOf(t));
        assertEquals("packet 33554433 bytes received from client too large, want 33554432", t.getMessage());
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void exactMaximumIsWaitedFor(Feed feed) {
        EmbeddedChannel ch = channel();
        assertNull(feed.write(ch, hex("02000004 20008086 00000001 00000042 00000000 00000000 00000000")));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void textInsteadOfFramesIsNamed(Feed feed) {
        EmbeddedChannel ch = channel();
        Throwable t = feed.write(ch, "Tuesday: welcome to host\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(t instanceof TooLongFrameException, String.valueOf(t));
        assertTrue(t.getMessage().startsWith("packet 1416979823 bytes received from client too large, want 33554432"),
                t.getMessage());
        assertTrue(t.getMessage().contains("non-protocol data"), t.getMessage());
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void garbageAfterTheBodyInsideTheFrameIsReported(Feed feed) {
        // DOMAIN_LOOKUP_BY_NAME call "test" (8 bytes body) plus 4 garbage bytes, all inside the frame.
        EmbeddedChannel ch = channel();
        assertNull(feed.write(ch, hex("00000028 20008086 00000001 00000017 00000000 00000006 00000000"
                + " 00000004 74657374 deadbeef")));
        RpcMessage m = ch.readInbound();
        XdrException e = assertThrows(XdrException.class,
                () -> m.decodeBody(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME.args()));
        assertEquals("trailing 4 bytes after the message body", e.getMessage());
        m.release();
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void hugeStringLengthsFailWithoutAllocating(Feed feed) {
        for (String len : List.of("7fffffff", "ffffffff", "00400001")) {
            EmbeddedChannel ch = channel();
            assertNull(feed.write(ch, hex("00000028 20008086 00000001 00000017 00000000 00000006 00000000 " + len
                    + " 74657374 00000000")));
            RpcMessage m = ch.readInbound();
            XdrException e = assertThrows(XdrException.class,
                    () -> m.decodeBody(DomainLookupByNameArgs.CODEC));
            assertTrue(e.getMessage().startsWith("string length"), e.getMessage());
            m.release();
            assertFalse(ch.finish());
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void negativeAndOverBoundArrayCountsFail(Feed feed) {
        // CONNECT_LIST_ALL_DOMAINS reply: count then domains; bound 16384.
        for (String count : List.of("ffffffff", "80000000", "00004001", "00000100")) {
            EmbeddedChannel ch = channel();
            assertNull(feed.write(ch, hex("00000028 20008086 00000001 00000111 00000001 00000006 00000000 " + count
                    + " 00000000 00000000")));
            RpcMessage m = ch.readInbound();
            XdrException e = assertThrows(XdrException.class,
                    () -> m.decodeBody(RemoteProcedure.CONNECT_LIST_ALL_DOMAINS.ret()));
            assertTrue(e.getMessage().startsWith("array"), e.getMessage());
            m.release();
            assertFalse(ch.finish());
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void badOptionalFlagFails(Feed feed) {
        EmbeddedChannel ch = channel();
        assertNull(feed.write(ch, hex("00000024 20008086 00000001 00000001 00000000 00000002 00000000 00000002 00000000")));
        RpcMessage m = ch.readInbound();
        XdrException e = assertThrows(XdrException.class, () -> m.decodeBody(ConnectOpenArgs.CODEC));
        assertEquals("bool must be 0 or 1, got 2", e.getMessage());
        m.release();
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void encoderWritesTheLengthWord(Feed feed) {
        EmbeddedChannel enc = new EmbeddedChannel(new RpcMessageEncoder());
        RpcMessage msg = RpcMessage.of(enc.alloc(), MessageHeader.call(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME, 6),
                DomainLookupByNameArgs.CODEC, new DomainLookupByNameArgs("test"));
        assertTrue(enc.writeOutbound(msg));
        ByteBuf out = enc.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        assertArrayEquals(hex("00000024 20008086 00000001 00000017 00000000 00000006 00000000 00000004 74657374"), bytes);
        EmbeddedChannel dec = channel();
        assertNull(feed.write(dec, bytes));
        RpcMessage back = dec.readInbound();
        assertEquals("test", back.decodeBody(DomainLookupByNameArgs.CODEC).name());
        back.release();
        assertFalse(enc.finish());
        assertFalse(dec.finish());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void bytesAfterAFailureAreDiscarded(Feed feed) {
        EmbeddedChannel ch = channel();
        Throwable t = feed.write(ch, hex("00000003"));
        assertTrue(t instanceof DecoderException || t instanceof CorruptedFrameException);
        assertNull(feed.write(ch, hex("0000001c 6b656570 00000001 00000001 00000002 00000000 00000000")));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }
}
