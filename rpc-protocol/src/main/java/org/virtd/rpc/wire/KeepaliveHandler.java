package org.virtd.rpc.wire;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keepalive program, answered inside the pipeline so that a PING never waits behind busy workers.
 *
 * <ul>
 *   <li>Every keepalive PING received is answered with a PONG at once; PINGs and PONGs are never passed on.</li>
 *   <li>Once started ({@link #start(Channel)} or the {@link #START} user event), the handler sends a PING
 *       whenever {@code interval} seconds pass without <em>receiving</em> anything; sending does not count.
 *       Each PING uses one of {@code count} chances; any received message restores them and restarts the
 *       timer. When the timer fires with no chance left the channel is closed, roughly
 *       interval x (count + 1) seconds after the peer went silent (libvirt's virkeepalive.c).</li>
 *   <li>An interval of 0 or less disables the timer; PINGs are still answered.</li>
 * </ul>
 *
 * Sits after {@link RpcFrameDecoder}; all state is touched only on the channel's event loop.
 */
public final class KeepaliveHandler extends ChannelDuplexHandler {
    /** Fire this user event (or call {@link #start}) to begin pinging. */
    public static final Object START = new Object() {
        @Override
        public String toString() {
            return "KeepaliveHandler.START";
        }
    };

    /** Set on a channel this handler closed because the peer stopped answering (libvirt's KEEPALIVE reason). */
    public static final io.netty.util.AttributeKey<Boolean> TIMED_OUT =
            io.netty.util.AttributeKey.valueOf(KeepaliveHandler.class, "timedOut");

    public static final int PROGRAM = 0x6b656570;
    public static final int VERSION = 1;
    public static final int PROC_PING = 1;
    public static final int PROC_PONG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(KeepaliveHandler.class);

    private int interval;
    private int count;
    private int countToDeath;
    private boolean started;
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable ScheduledFuture<?> timer;

    /**
     * @param intervalSeconds seconds of silence before a PING; 0 or less disables pinging
     * @param count           PINGs without an answer before the connection is closed
     */
    public KeepaliveHandler(int intervalSeconds, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        this.interval = intervalSeconds;
        this.count = count;
        this.countToDeath = count;
    }

    /** A keepalive message with an empty body. */
    public static RpcMessage message(int procedure) {
        return RpcMessage.empty(new MessageHeader(PROGRAM, VERSION, procedure, MessageType.MESSAGE.wireValue(), 0,
                MessageStatus.OK.wireValue()));
    }

    /** True for a message of the keepalive program (any procedure) of type MESSAGE. */
    public static boolean isKeepalive(MessageHeader h) {
        return h.program() == PROGRAM && h.version() == VERSION && h.type() == MessageType.MESSAGE.wireValue();
    }

    public boolean isStarted() {
        return started;
    }

    /** Starts pinging; safe from any thread, idempotent. */
    public void start(Channel channel) {
        channel.pipeline().fireUserEventTriggered(START);
    }

    /**
     * Pinging with new settings ({@code virConnectSetKeepAlive}): every {@code intervalSeconds} of silence, closing
     * after {@code count} unanswered PINGs; an interval of 0 or less stops pinging. Safe from any thread.
     */
    public void restart(Channel channel, int intervalSeconds, int newCount) {
        if (newCount < 0) {
            throw new IllegalArgumentException("count: " + newCount + " (expected: >= 0)");
        }
        channel.eventLoop().execute(() -> {
            stopTimer();
            interval = intervalSeconds;
            count = newCount;
            ChannelHandlerContext c = ctx;
            if (c != null) {
                doStart(c);
            }
        });
    }

    /** Starts pinging from inside the pipeline. */
    public void start(ChannelHandlerContext context) {
        if (context.executor().inEventLoop()) {
            doStart(context);
        } else {
            context.executor().execute(() -> doStart(context));
        }
    }

    private void doStart(ChannelHandlerContext context) {
        if (started || interval <= 0) {
            return;
        }
        started = true;
        this.ctx = context;
        countToDeath = count;
        schedule();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) throws Exception {
        if (evt == START) {
            doStart(context);
            return;
        }
        super.userEventTriggered(context, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        if (msg instanceof RpcMessage m) {
            received();
            if (isKeepalive(m.header())) {
                int proc = m.header().procedure();
                ReferenceCountUtil.release(m);
                if (proc == PROC_PING) {
                    context.writeAndFlush(message(PROC_PONG));
                }
                return;
            }
        }
        context.fireChannelRead(msg);
    }

    private void received() {
        countToDeath = count;
        if (started) {
            schedule();
        }
    }

    private void schedule() {
        if (timer != null) {
            timer.cancel(false);
        }
        ChannelHandlerContext c = ctx;
        if (c != null) {
            timer = c.executor().schedule(this::fire, interval, TimeUnit.SECONDS);
        }
    }

    private void fire() {
        ChannelHandlerContext c = ctx;
        timer = null;
        if (c == null || !c.channel().isActive()) {
            return;
        }
        if (countToDeath == 0) {
            LOG.warn("connection closed due to keepalive timeout: {}", c.channel().remoteAddress());
            c.channel().attr(TIMED_OUT).set(Boolean.TRUE);
            c.close();
            return;
        }
        countToDeath--;
        c.writeAndFlush(message(PROC_PING));
        schedule();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        stopTimer();
        super.channelInactive(context);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        stopTimer();
    }

    private void stopTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        started = false;
    }
}
