package org.virtd.rpc.xdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class XdrInputTest {
    private static <T> T read(String hex, java.util.function.Function<XdrInput, T> f) {
        ByteBuf b = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
        try {
            XdrInput in = new XdrInput(b);
            T v = f.apply(in);
            in.requireFullyConsumed();
            return v;
        } finally {
            b.release();
        }
    }

    private static String write(java.util.function.Consumer<XdrOutput> f) {
        ByteBuf b = Unpooled.buffer();
        try {
            f.accept(new XdrOutput(b));
            return HexFormat.of().formatHex(ByteBufUtil.getBytes(b));
        } finally {
            b.release();
        }
    }

    @Test
    void stringsArePaddedToFourBytes() {
        assertEquals("0000000f746573743a2f2f2f64656661756c7400", write(o -> o.writeString("test:///default", 100)));
        assertEquals("test:///default", read("0000000f 746573743a2f2f2f64656661756c74 00", i -> i.readString(100)));
        assertEquals("", read("00000000", i -> i.readString(0)));
    }

    @Test
    void boundsAreCheckedBeforeAllocation() {
        XdrException e = assertThrows(XdrException.class, () -> read("00000005 6162636465 000000", i -> i.readString(4)));
        assertEquals("string length 5 exceeds maximum 4", e.getMessage());
        e = assertThrows(XdrException.class, () -> read("7fffffff 00000000", i -> i.readOpaque(Integer.MAX_VALUE)));
        assertEquals("opaque of length 2147483647 needs 2147483647 bytes but only 4 remain", e.getMessage());
        e = assertThrows(XdrException.class, () -> read("00001000 00000000", i -> i.readList(1 << 20, 8, XdrInput::readHyper)));
        assertEquals("array of length 4096 needs 32768 bytes but only 4 remain", e.getMessage());
        assertThrows(XdrException.class, () -> read("000000", XdrInput::readInt));
    }

    @Test
    void charArraysUseOneWordPerCharAndKeepCSignedness() {
        assertArrayEquals(new byte[] {'a', (byte) 0xc3, 0}, read("00000003 00000061 ffffffc3 00000000", i -> i.readChars(10)));
        assertEquals("0000000300000061ffffffc300000000", write(o -> o.writeChars(new byte[] {'a', (byte) 0xc3, 0}, 10, true)));
        assertEquals("00000061000000c3", write(o -> o.writeFixedChars(new byte[] {'a', (byte) 0xc3}, 2, false)));
    }

    @Test
    void trailingBytesAreReported() {
        XdrException e = assertThrows(XdrException.class, () -> read("00000001 00000002", XdrInput::readInt));
        assertEquals("trailing 4 bytes after the message body", e.getMessage());
    }

    @Test
    void encoderRefusesOverBoundValues() {
        assertThrows(XdrException.class, () -> write(o -> o.writeString("abcde", 4)));
        assertThrows(XdrException.class, () -> write(o -> o.writeList(List.of(1, 2, 3), 2, XdrOutput::writeInt)));
        assertThrows(XdrException.class, () -> write(o -> o.writeFixedOpaque(new byte[15], 16)));
    }

    @Test
    void unsignedHelpers() {
        assertEquals(4294967295L, Unsigned.toLong(-1));
        assertEquals("18446744073709551615", Unsigned.toString(-1L));
        assertEquals(-1, Unsigned.fromLong(4294967295L));
        assertThrows(IllegalArgumentException.class, () -> Unsigned.fromLong(-1));
    }
}
