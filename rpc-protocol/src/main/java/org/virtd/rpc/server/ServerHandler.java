package org.virtd.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.rpc.proto.remote.RemoteError;
import org.virtd.rpc.wire.Limits;
import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.MessageStatus;
import org.virtd.rpc.wire.MessageType;
import org.virtd.rpc.wire.Procedure;
import org.virtd.rpc.wire.RpcMessage;
import org.virtd.rpc.xdr.XdrCodec;
import org.virtd.rpc.xdr.XdrException;
import org.virtd.rpc.xdr.XdrInput;

/**
 * The per-client end of the pipeline: checks each message cheaply on the event loop and hands calls to workers.
 *
 * <p>Order per message (libvirt's virNetServerProgramDispatch): type, program and version, status, procedure,
 * authentication; only then are the arguments decoded, on the worker. Offending CALLs get an error REPLY and the
 * connection stays up; other offending messages (stray replies, events, stream data) are dropped, as libvirtd
 * drops them.
 *
 * <p>At most {@code maxClientRequests} calls of one client run at once; further calls wait in a per-client
 * queue (reading goes on, so keepalives are still answered — USERS.md #4). Only when that queue is very long
 * does the server stop reading from the client.
 */
final class ServerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);
    private static final int QUEUE_HIGH_WATER = 4096;
    private static final int QUEUE_LOW_WATER = 1024;
    /** Queued calls hold their frames; past this many bytes the client is not read until calls drain. */
    private static final long QUEUE_HIGH_BYTES = 64L << 20;

    private final RpcServer server;
    private final ServerConnection connection;
    // Touched only on the channel's event loop.
    private final ArrayDeque<PendingCall> queued = new ArrayDeque<>();
    private long queuedBytes;
    private int running;

    private record PendingCall(RpcMessage message, ProgramDispatcher dispatcher, Procedure<?, ?> procedure,
                               CallHandler<?, ?> handler) {
    }

    ServerHandler(RpcServer server, ServerConnection connection) {
        this.server = server;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection.setResumeReads(() -> resumeReadingIfDrained(ctx));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RpcMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean handedOver = false;
        try {
            handedOver = accept(ctx, message);
        } finally {
            if (!handedOver) {
                message.release();
            }
        }
    }

    /** Returns true when {@code message} now belongs to a worker or the queue. */
    private boolean accept(ChannelHandlerContext ctx, RpcMessage message) {
        MessageHeader h = message.header();
        // A call with descriptors is a call whose body starts with their count. The descriptors themselves
        // (SCM_RIGHTS) are not taken from the socket, so the kernel closes them and handlers see none.
        boolean isCall = h.type() == MessageType.CALL.wireValue() || h.type() == MessageType.CALL_WITH_FDS.wireValue();
        ProgramDispatcher dispatcher = server.dispatcher(h.program(), h.version());
        if (dispatcher == null) {
            if (isCall) {
                replyError(ctx, h, RpcErrors.rpc("Cannot find program " + h.program() + " version " + h.version()));
            } else {
                LOG.debug("{}: dropped message for unknown program: {}", connection, h);
            }
            return false;
        }
        if (h.type() == MessageType.STREAM.wireValue() || h.type() == MessageType.STREAM_HOLE.wireValue()) {
            ServerStream stream = connection.stream(h.serial());
            if (stream != null && stream.procedure() == h.procedure()) {
                stream.offer(message);
                return true;
            }
        }
        if (!isCall) {
            // Stray STREAM data for a stream already gone, replies, events, holes: libvirtd logs and drops them.
            LOG.debug("{}: dropped unexpected message {}", connection, h);
            return false;
        }
        if (h.status() != MessageStatus.OK.wireValue()) {
            replyError(ctx, h, RpcErrors.rpc("Unexpected message status " + Integer.toUnsignedString(h.status())));
            return false;
        }
        CallHandler<?, ?> handler = dispatcher.handler(h.procedure());
        Procedure<?, ?> procedure = dispatcher.program().procedure(h.procedure());
        if (handler == null || procedure == null) {
            replyError(ctx, h, RpcErrors.rpc("unknown procedure: " + h.procedure()));
            return false;
        }
        if (procedure.needsAuth() && !connection.isAuthenticated()) {
            replyError(ctx, h, RpcErrors.rpc("authentication required"));
            return false;
        }
        PendingCall call = new PendingCall(message, dispatcher, procedure, handler);
        if (running < server.maxClientRequests() && queued.isEmpty() && ctx.channel().isWritable()) {
            start(ctx, call);
        } else {
            queued.add(call);
            queuedBytes += message.body().readableBytes();
            if ((queued.size() >= QUEUE_HIGH_WATER || queuedBytes >= QUEUE_HIGH_BYTES)
                    && ctx.channel().config().isAutoRead()) {
                LOG.warn("{}: {} calls ({} bytes) queued; pausing reads", connection, queued.size(), queuedBytes);
                ctx.channel().config().setAutoRead(false);
            }
        }
        return true;
    }

    private void start(ChannelHandlerContext ctx, PendingCall call) {
        running++;
        server.scheduler().submit(call.procedure().priority(), () -> {
            Outcome outcome;
            try {
                outcome = execute(ctx, call);
            } finally {
                call.message().release();
            }
            // Encoding and writing happen on the event loop: one hop back per call, and Netty's per-thread
            // buffer caches live on the few event-loop threads instead of being rebuilt on every worker.
            ctx.executor().execute(() -> {
                if (outcome != null) {
                    writeReply(ctx, call, outcome);
                }
                finished(ctx);
            });
        });
    }

    /** A handler's result, or the error to send instead. */
    private record Outcome(@Nullable Object result, @Nullable RemoteError error) {
    }

    private void finished(ChannelHandlerContext ctx) {
        running--;
        if (!ctx.channel().isActive()) {
            releaseQueued();
            return;
        }
        startQueued(ctx);
        resumeReadingIfDrained(ctx);
    }

    /** Starts queued calls while the client has room for replies and is under its request limit. */
    private void startQueued(ChannelHandlerContext ctx) {
        while (running < server.maxClientRequests() && ctx.channel().isWritable()) {
            PendingCall next = queued.poll();
            if (next == null) {
                return;
            }
            queuedBytes -= next.message().body().readableBytes();
            start(ctx, next);
        }
    }

    /** Runs on a worker: decodes the arguments and calls the handler. Null when nobody is left to answer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private @Nullable Outcome execute(ChannelHandlerContext ctx, PendingCall call) {
        MessageHeader h = call.message().header();
        if (!ctx.channel().isActive()) {
            return null; // the client vanished while the call waited
        }
        Object args;
        try {
            // libvirtd decodes only what the procedure needs and ignores bytes after it; so do we.
            XdrInput in = new XdrInput(call.message().body().duplicate());
            if (h.type() == MessageType.CALL_WITH_FDS.wireValue()) {
                int nfds = in.readInt();
                if (Integer.compareUnsigned(nfds, Limits.NUM_FDS_MAX) > 0) {
                    return new Outcome(null, RpcErrors.rpc("Received too many FDs " + nfds + ", expected "
                            + Limits.NUM_FDS_MAX + " maximum"));
                }
            }
            args = ((XdrCodec) call.procedure().args()).decode(in);
        } catch (XdrException | IndexOutOfBoundsException e) {
            LOG.debug("{}: undecodable arguments for {}: {}", connection, call.procedure(), e.getMessage());
            return new Outcome(null, RpcErrors.rpc("Unable to decode message payload"));
        }
        try {
            return new Outcome(((CallHandler) call.handler()).handle(new CallContext(connection, h, call.procedure(),
                    server.errorMapper(), server.maxClientRequests()),
                    args), null);
        } catch (Throwable t) {
            if (t instanceof Error err && !(t instanceof StackOverflowError) && !(t instanceof OutOfMemoryError)) {
                LOG.error("{}: {} failed", connection, call.procedure(), err);
            }
            return new Outcome(null, server.errorMapper().toRemoteError(t));
        }
    }

    /** Runs on the event loop. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void writeReply(ChannelHandlerContext ctx, PendingCall call, Outcome outcome) {
        MessageHeader h = call.message().header();
        ServerStream stream = call.procedure().stream() == Procedure.StreamDirection.NONE ? null
                : connection.stream(h.serial());
        if (outcome.error() != null) {
            if (stream != null) {
                stream.discard();
            }
            replyError(ctx, h, outcome.error());
            return;
        }
        ByteBuf frame;
        try {
            frame = Frames.encode(ctx.alloc(), h.with(MessageType.REPLY, MessageStatus.OK),
                    (XdrCodec) call.procedure().ret(), outcome.result());
        } catch (XdrException | IllegalArgumentException | NullPointerException e) {
            LOG.warn("{}: cannot encode the reply of {}: {}", connection, call.procedure(), e.getMessage());
            if (stream != null) {
                stream.discard();
            }
            replyError(ctx, h, RpcErrors.rpc("Unable to encode message payload"));
            return;
        }
        ctx.writeAndFlush(frame, ctx.voidPromise());
        if (stream != null) {
            stream.start(); // after the reply in the channel's order, so no data overtakes it
        }
    }

    private void resumeReadingIfDrained(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && queued.size() <= QUEUE_LOW_WATER && queuedBytes < QUEUE_HIGH_BYTES / 2
                && ctx.channel().isWritable() && !connection.streamsBackedUp()
                && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * A client that does not read its replies must not make the daemon buffer without bound: while its outbound
     * buffer is over the high-water mark, no more of its calls start and none are read.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        } else {
            startQueued(ctx);
            resumeReadingIfDrained(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void replyError(ChannelHandlerContext ctx, MessageHeader request, RemoteError error) {
        ByteBuf frame = Frames.encode(ctx.alloc(), request.with(MessageType.REPLY, MessageStatus.ERROR),
                RemoteError.CODEC, error);
        ctx.writeAndFlush(frame, ctx.voidPromise());
    }

    private void releaseQueued() {
        PendingCall p;
        while ((p = queued.poll()) != null) {
            p.message().release();
        }
        queuedBytes = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseQueued();
        connection.discardStreams();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            // A corrupt length word or header: libvirtd closes the connection; the error names the problem.
            LOG.warn("{}: {}; closing the connection", connection, cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("{}: {}", connection, cause.getMessage());
        } else {
            LOG.warn("{}: unexpected failure; closing the connection", connection, cause);
        }
        ctx.close();
    }
}
