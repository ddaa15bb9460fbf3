package org.virtd.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtd.rpc.proto.remote.ConnectGetHostnameRet;
import org.virtd.rpc.proto.remote.DomainEventCallbackLifecycleMsg;
import org.virtd.rpc.proto.remote.DomainEventLifecycleMsg;
import org.virtd.rpc.proto.remote.DomainLookupByNameArgs;
import org.virtd.rpc.proto.remote.DomainLookupByNameRet;
import org.virtd.rpc.proto.remote.NonnullDomain;
import org.virtd.rpc.proto.remote.RemoteError;
import org.virtd.rpc.proto.remote.RemoteProcedure;
import org.virtd.rpc.wire.KeepaliveHandler;
import org.virtd.rpc.wire.MessageHeader;
import org.virtd.rpc.wire.MessageStatus;
import org.virtd.rpc.wire.MessageType;
import org.virtd.rpc.wire.RpcFrameDecoder;
import org.virtd.rpc.wire.RpcMessage;
import org.virtd.rpc.wire.RpcMessageEncoder;
import org.virtd.rpc.xdr.XdrVoid;

/** The client against a scripted server on 127.0.0.1 and a free port. */
class RpcClientTest {
    private static final NonnullDomain TEST = new NonnullDomain("test",
            UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f"), 1);

    private EventLoopGroup group;
    private Channel server;
    private final BlockingQueue<MessageHeader> received = new LinkedBlockingQueue<>();
    private volatile Channel serverSide;

    @BeforeEach
    void startServer() {
        group = new NioEventLoopGroup(1);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        serverSide = ch;
                        ch.pipeline().addLast(new RpcFrameDecoder("client"), new RpcMessageEncoder(),
                                new SimpleChannelInboundHandler<RpcMessage>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, RpcMessage m) {
                                        received.add(m.header());
                                        answer(ctx, m);
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** LOOKUP_BY_NAME "test" succeeds, any other name fails like libvirt's test driver; GET_HOSTNAME answers late. */
    private static void answer(ChannelHandlerContext ctx, RpcMessage m) {
        MessageHeader h = m.header();
        if (h.type() != MessageType.CALL.wireValue()) {
            return;
        }
        if (h.procedure() == RemoteProcedure.DOMAIN_LOOKUP_BY_NAME.number()) {
            String name = m.decodeBody(DomainLookupByNameArgs.CODEC).name();
            if (name.equals("test")) {
                ctx.writeAndFlush(RpcMessage.of(ctx.alloc(), h.with(MessageType.REPLY, MessageStatus.OK),
                        DomainLookupByNameRet.CODEC, new DomainLookupByNameRet(TEST)));
            } else {
                ctx.writeAndFlush(RpcMessage.of(ctx.alloc(), h.with(MessageType.REPLY, MessageStatus.ERROR),
                        RemoteError.CODEC, new RemoteError(42, 12, "Domain not found", 2, null, "Domain not found",
                                null, null, -1, -1, null)));
            }
        } else if (h.procedure() == RemoteProcedure.CONNECT_GET_HOSTNAME.number()) {
            ctx.executor().schedule(() -> ctx.writeAndFlush(RpcMessage.of(ctx.alloc(),
                    h.with(MessageType.REPLY, MessageStatus.OK), ConnectGetHostnameRet.CODEC,
                    new ConnectGetHostnameRet("host-" + h.serial()))), 200, TimeUnit.MILLISECONDS);
        } else if (h.procedure() == RemoteProcedure.CONNECT_CLOSE.number()) {
            ctx.writeAndFlush(RpcMessage.of(ctx.alloc(), h.with(MessageType.REPLY, MessageStatus.OK), XdrVoid.CODEC,
                    XdrVoid.INSTANCE));
        }
    }

    @AfterEach
    void stopServer() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private RpcClient connect() throws Exception {
        return RpcClient.connectTcp("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort(), 5, 5);
    }

    @Test
    void callsGetRepliesAndSerialsCountFromZero() throws Exception {
        try (RpcClient c = connect()) {
            assertEquals(TEST, c.call(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME, new DomainLookupByNameArgs("test")).dom());
            assertEquals(XdrVoid.INSTANCE, c.call(RemoteProcedure.CONNECT_CLOSE, XdrVoid.INSTANCE));
            assertEquals(0, received.take().serial());
            assertEquals(1, received.take().serial());
        }
    }

    @Test
    void errorReplyBecomesRemoteErrorException() throws Exception {
        try (RpcClient c = connect()) {
            RemoteErrorException e = assertThrows(RemoteErrorException.class,
                    () -> c.call(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME, new DomainLookupByNameArgs("nosuchdomain")));
            assertEquals(42, e.error().code());
            assertEquals(12, e.error().domain());
            assertEquals("Domain not found", e.getMessage());
        }
    }

    @Test
    void outstandingCallsAreMatchedBySerial() throws Exception {
        try (RpcClient c = connect()) {
            CompletableFuture<ConnectGetHostnameRet> slow = c.callAsync(RemoteProcedure.CONNECT_GET_HOSTNAME,
                    XdrVoid.INSTANCE);
            CompletableFuture<DomainLookupByNameRet> fast = c.callAsync(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME,
                    new DomainLookupByNameArgs("test"));
            assertEquals(TEST, fast.get(5, TimeUnit.SECONDS).dom());
            assertTrue(!slow.isDone(), "the slow reply comes after the fast one");
            assertEquals("host-0", slow.get(5, TimeUnit.SECONDS).hostname());
        }
    }

    @Test
    void eventsReachListeners() throws Exception {
        try (RpcClient c = connect()) {
            BlockingQueue<DomainEventCallbackLifecycleMsg> events = new LinkedBlockingQueue<>();
            c.onEvent(RemoteProcedure.DOMAIN_EVENT_CALLBACK_LIFECYCLE, events::add);
            c.call(RemoteProcedure.CONNECT_CLOSE, XdrVoid.INSTANCE);
            DomainEventCallbackLifecycleMsg msg = new DomainEventCallbackLifecycleMsg(27,
                    new DomainEventLifecycleMsg(TEST, 3, 0));
            serverSide.writeAndFlush(RpcMessage.of(serverSide.alloc(), new MessageHeader(RemoteProcedure.PROGRAM,
                    RemoteProcedure.VERSION, 318, MessageType.MESSAGE.wireValue(), 1, 0),
                    DomainEventCallbackLifecycleMsg.CODEC, msg));
            assertEquals(msg, events.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void serverPingIsAnsweredWithPong() throws Exception {
        try (RpcClient c = connect()) {
            c.call(RemoteProcedure.CONNECT_CLOSE, XdrVoid.INSTANCE);
            received.take();
            serverSide.writeAndFlush(KeepaliveHandler.message(KeepaliveHandler.PROC_PING));
            MessageHeader pong = received.poll(5, TimeUnit.SECONDS);
            assertEquals(List.of(KeepaliveHandler.PROGRAM, KeepaliveHandler.PROC_PONG, MessageType.MESSAGE.wireValue(), 0),
                    List.of(pong.program(), pong.procedure(), pong.type(), pong.serial()));
        }
    }

    @Test
    void closedConnectionFailsPendingCalls() throws Exception {
        try (RpcClient c = connect()) {
            CompletableFuture<ConnectGetHostnameRet> f = c.callAsync(RemoteProcedure.CONNECT_GET_HOSTNAME,
                    XdrVoid.INSTANCE);
            received.take();
            serverSide.close().syncUninterruptibly();
            Exception e = assertThrows(Exception.class, () -> f.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof RpcClientException, String.valueOf(e.getCause()));
        }
    }
}
