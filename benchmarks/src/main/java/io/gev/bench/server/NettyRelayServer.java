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
        NettyTransport transport = NettyTransport.fromOptions(options);
        InetSocketAddress upstream = address(options.get("upstream", "127.0.0.1:1833"));
        ServerBootstrap bootstrap = transport.serverBootstrap(options.getInt("loops", 1))
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
        System.out.println("netty relay (" + transport.label() + ") on " + bound.localAddress() + " to "
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

    /**
     * One side of a relayed pair: what it reads goes to the other side, its end closes the other once flushed. Both
     * sides of a pair run on one event loop.
     */
    abstract static class Side extends ChannelInboundHandlerAdapter {

        /** The other side's channel; null until the frontend has started connecting its backend. */
        Channel other;

        /** Writes what was read to the other side; reads on once it is written (the example's back-pressure). */
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            other.writeAndFlush(msg).addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    ctx.channel().read();
                } else {
                    future.channel().close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (other != null) {
                closeOnFlush(other);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFlush(ctx.channel());
        }
    }

    /** The client's side: connects the backend, then reads. One per accepted channel. */
    static final class Frontend extends Side {

        private final InetSocketAddress upstream;

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
            other = connected.channel();
            connected.addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    client.read(); // the connection is there: start reading the client
                } else {
                    client.close();
                }
            });
        }
    }

    /** The upstream's side: reads once connected. */
    static final class Backend extends Side {

        Backend(Channel client) {
            this.other = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }
    }
}
