package io.gev.bench.server;

import io.gev.bench.Arguments;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The WebSocket peer: Netty 4.2 on its NIO transport, as Netty's own WebSocket examples build it
 * ({@code HttpServerCodec}, {@code HttpObjectAggregator}, {@code WebSocketServerProtocolHandler} on {@code /}), with
 * {@code --deflate true} also its {@code WebSocketServerCompressionHandler} (permessage-deflate, level 6, for a client
 * that offers it). {@code --mode echo} writes each data frame back (flushed when the read completes);
 * {@code --mode broadcast} is the chat pattern: every text frame goes to every open WebSocket with
 * {@link ChannelGroup#writeAndFlush}, the payload shared and each channel's frame header encoded by it.
 *
 * <p>Options: {@code --port 19001 --loops 1 --mode echo|broadcast --deflate false --probe-port 0}.
 */
public final class NettyWebSocketServer {

    private static final int MAX_MESSAGE = 1 << 20;

    private NettyWebSocketServer() {
    }

    public static void main(String[] args) throws Exception {
        Arguments options = new Arguments(args);
        boolean deflate = Boolean.parseBoolean(options.get("deflate", "false"));
        boolean broadcast = switch (options.get("mode", "echo")) {
            case "echo" -> false;
            case "broadcast" -> true;
            default -> throw new IllegalArgumentException("--mode is echo or broadcast");
        };
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(options.getInt("loops", 1), NioIoHandler.newFactory());
        ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder().websocketPath("/")
                .checkStartsWith(true).allowExtensions(deflate).maxFramePayloadLength(MAX_MESSAGE).build();
        SimpleChannelInboundHandler<WebSocketFrame> frames = broadcast ? new Broadcast() : new Echo();
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        open.add(ch); // a closed channel leaves the group by itself
                        ChannelPipeline pipeline = ch.pipeline();
                        pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(8192));
                        if (deflate) {
                            pipeline.addLast(new WebSocketServerCompressionHandler());
                        }
                        pipeline.addLast(new WebSocketServerProtocolHandler(config), frames);
                    }
                });
        var bound = bootstrap.bind("127.0.0.1", options.getInt("port", 19001)).sync().channel();
        int probe = options.getInt("probe-port", 0);
        if (probe > 0) {
            Probe.start(probe, open::size);
        }
        System.out.println("netty websocket server (" + (broadcast ? "broadcast" : "echo")
                + (deflate ? ", permessage-deflate" : "") + ") on " + bound.localAddress());
        bound.closeFuture().sync();
    }

    /** Writes each data frame back; one instance serves every channel. */
    @Sharable
    static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {

        Echo() {
            super(false); // the frame is written back, not released
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            ctx.write(frame);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Sends each text frame to every WebSocket, those whose handshake completed; one instance serves all. */
    @Sharable
    static final class Broadcast extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final ChannelGroup sockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                sockets.add(ctx.channel());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                sockets.writeAndFlush(new TextWebSocketFrame(text.content().retain()));
            }
        }
    }
}
