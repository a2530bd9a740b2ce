package io.gev.bench.server;

import io.gev.bench.Arguments;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * The proxy benchmark's Netty peer: a TCP relay written the way Netty's proxy example (HexDumpProxy) is, without its
 * logging handler. Each accepted channel, read only on demand ({@code AUTO_READ} off), connects its backend on its own
 * event loop with a channel of the same transport; once connected the frontend reads, and every buffer read on one
 * side is written to the other with {@code writeAndFlush}, whose listener asks for the next read when the write is
 * done: one read in flight per direction, the example's back-pressure. A side that closes closes the other once its
 * writes are flushed. NIO or native epoll, one accepting thread and {@code --loops} event loops, pooled direct
 * buffers (Netty's defaults).
 *
 * <p>Options: {@code --port 19001 --upstream 127.0.0.1:1833 --loops 1 --transport nio|epoll}.
 */
public final class NettyRelayServer {

    private NettyRelayServer() {
    }

    public static void main(String[] args) throws Exception {
        Arguments options = new Arguments(args);
        boolean epoll = switch (options.get("transport", "nio")) {
            case "nio" -> false;
            case "epoll" -> true;
            default -> throw new IllegalArgumentException("--transport is nio or epoll");
        };
        InetSocketAddress upstream = address(options.get("upstream", "127.0.0.1:1833"));
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(options.getInt("loops", 1), io);
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(channel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Frontend(upstream));
                    }
                });
        var bound = bootstrap.bind("127.0.0.1", options.getInt("port", 19001)).sync().channel();
        System.out.println("netty relay (" + (epoll ? "epoll" : "nio") + ") on " + bound.localAddress() + " to "
                + upstream);
        bound.closeFuture().sync();
    }

    /** {@code host:port}. */
    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--upstream is host:port, not '" + hostPort + "'");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Writes what remains and closes, or closes at once when nothing can be written any more. */
    static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The client's side: connects the backend, then relays to it. One per accepted channel. */
    static final class Frontend extends ChannelInboundHandlerAdapter {

        private final InetSocketAddress upstream;
        private Channel backend;

        Frontend(InetSocketAddress upstream) {
            this.upstream = upstream;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            ChannelFuture connected = new Bootstrap().group(client.eventLoop()).channel(client.getClass())
                    .handler(new Backend(client))
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .connect(upstream);
            backend = connected.channel();
            connected.addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    client.read(); // the connection is there: start reading the client
                } else {
                    client.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            relay(ctx, backend, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (backend != null) {
                closeOnFlush(backend);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFlush(ctx.channel());
        }
    }

    /** The upstream's side: relays to the client. */
    static final class Backend extends ChannelInboundHandlerAdapter {

        private final Channel client;

        Backend(Channel client) {
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            relay(ctx, client, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeOnFlush(client);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFlush(ctx.channel());
        }
    }

    /** Writes {@code msg}, read from {@code ctx}'s channel, to {@code other}; reads on once it is written. */
    static void relay(ChannelHandlerContext ctx, Channel other, Object msg) {
        other.writeAndFlush(msg).addListener((ChannelFutureListener) future -> {
            if (future.isSuccess()) {
                ctx.channel().read();
            } else {
                future.channel().close();
            }
        });
    }
}
