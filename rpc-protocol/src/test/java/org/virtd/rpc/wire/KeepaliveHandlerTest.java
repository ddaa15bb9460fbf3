package org.virtd.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.virtd.rpc.proto.keepalive.KeepaliveProcedure;
import org.virtd.rpc.proto.keepalive.KeepaliveProgram;

/** The timing rules of RPC.md section 6, on a frozen clock moved by hand. */
class KeepaliveHandlerTest {
    private static EmbeddedChannel channel(int interval, int count) {
        EmbeddedChannel ch = new EmbeddedChannel(new KeepaliveHandler(interval, count));
        ch.freezeTime();
        return ch;
    }

    private static void advance(EmbeddedChannel ch, int seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    private static int outboundProc(EmbeddedChannel ch) {
        RpcMessage m = ch.readOutbound();
        if (m == null) {
            return 0;
        }
        try {
            assertTrue(KeepaliveHandler.isKeepalive(m.header()));
            assertEquals(0, m.header().serial());
            assertEquals(0, m.body().readableBytes());
            return m.header().procedure();
        } finally {
            m.release();
        }
    }

    private static RpcMessage call() {
        return new RpcMessage(new MessageHeader(0x20008086, 1, 66, 0, 0, 0), Unpooled.buffer(0));
    }

    @Test
    void generatedKeepaliveProgramMatchesTheHandler() {
        assertEquals(KeepaliveHandler.PROGRAM, KeepaliveProgram.INSTANCE.number());
        assertEquals(KeepaliveHandler.PROC_PING, KeepaliveProcedure.PING.number());
        assertEquals(KeepaliveHandler.PROC_PONG, KeepaliveProcedure.PONG.number());
        assertSame(KeepaliveProcedure.PONG, KeepaliveProgram.INSTANCE.procedure(2));
    }

    @Test
    void pingIsAnsweredAtOnceAndNeverForwarded() {
        EmbeddedChannel ch = channel(5, 5);
        assertFalse(ch.writeInbound(KeepaliveHandler.message(KeepaliveHandler.PROC_PING)));
        assertEquals(KeepaliveHandler.PROC_PONG, outboundProc(ch));
        assertFalse(ch.writeInbound(KeepaliveHandler.message(KeepaliveHandler.PROC_PONG)));
        assertEquals(0, outboundProc(ch), "PONG is swallowed, not answered");
        assertTrue(ch.writeInbound(call()));
        RpcMessage forwarded = ch.readInbound();
        forwarded.release();
        assertFalse(ch.finish());
    }

    @Test
    void noPingBeforeStart() {
        EmbeddedChannel ch = channel(5, 5);
        advance(ch, 60);
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void pingsAfterSilenceThenClosesAfterCountMissedAnswers() {
        EmbeddedChannel ch = channel(5, 2);
        ch.pipeline().fireUserEventTriggered(KeepaliveHandler.START);
        advance(ch, 4);
        assertEquals(0, outboundProc(ch), "no ping before interval seconds of silence");
        advance(ch, 1);
        assertEquals(KeepaliveHandler.PROC_PING, outboundProc(ch));
        advance(ch, 5);
        assertEquals(KeepaliveHandler.PROC_PING, outboundProc(ch));
        assertTrue(ch.isActive());
        advance(ch, 5);
        assertEquals(0, outboundProc(ch));
        assertFalse(ch.isActive(), "closed at interval x (count + 1)");
        ch.finishAndReleaseAll();
    }

    @Test
    void anyReceivedMessageResetsTimerAndCountdown() {
        EmbeddedChannel ch = channel(5, 1);
        KeepaliveHandler h = ch.pipeline().get(KeepaliveHandler.class);
        h.start(ch);
        advance(ch, 5);
        assertEquals(KeepaliveHandler.PROC_PING, outboundProc(ch));
        advance(ch, 3);
        ch.writeInbound(KeepaliveHandler.message(KeepaliveHandler.PROC_PONG));
        advance(ch, 4);
        assertEquals(0, outboundProc(ch), "timer restarted by the PONG");
        assertTrue(ch.isActive());
        advance(ch, 1);
        assertEquals(KeepaliveHandler.PROC_PING, outboundProc(ch), "countdown restored: one more ping allowed");
        assertTrue(ch.writeInbound(call()));
        ((RpcMessage) ch.readInbound()).release();
        advance(ch, 5);
        assertEquals(KeepaliveHandler.PROC_PING, outboundProc(ch));
        advance(ch, 5);
        assertFalse(ch.isActive());
        ch.finishAndReleaseAll();
    }

    @Test
    void sendingDoesNotCountAsActivity() {
        EmbeddedChannel ch = channel(5, 5);
        ch.pipeline().fireUserEventTriggered(KeepaliveHandler.START);
        advance(ch, 3);
        ch.writeOutbound(call());
        ((RpcMessage) ch.readOutbound()).release();
        advance(ch, 2);
        assertEquals(KeepaliveHandler.PROC_PING, outboundProc(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void zeroIntervalDisables() {
        EmbeddedChannel ch = channel(0, 5);
        ch.pipeline().fireUserEventTriggered(KeepaliveHandler.START);
        advance(ch, 100);
        assertNull(ch.readOutbound());
        assertTrue(ch.isActive());
        ch.writeInbound(KeepaliveHandler.message(KeepaliveHandler.PROC_PING));
        assertEquals(KeepaliveHandler.PROC_PONG, outboundProc(ch), "PINGs are still answered");
        assertFalse(ch.finish());
    }
}
