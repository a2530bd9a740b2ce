package io.gev.bench.server;

import io.gev.bench.Arguments;
import io.gev.bench.TlsKeys;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer: a Netty 4.2 echo server written the way Netty's own example is (write each read buffer back, flush when
 * the read completes, pooled direct buffers), on the NIO or the native epoll transport. Like gev it has one accepting
 * thread and {@code --loops} event loops. {@code --tls FILE --tls-password PW} puts an {@code SslHandler} in front of
 * the echo, the way Netty's secure examples do, with the JDK's SSLEngine ({@link SslProvider#JDK}: the engine gev
 * uses, not OpenSSL) and Netty's defaults for protocols and cipher suites, over the PKCS#12 key store's key
 * ({@link TlsKeys}).
 *
 * <p>Options: {@code --port 19001 --loops 1 --transport nio|epoll --probe-port 0} (0: no probe) {@code --tls ""}
 * (plain TCP) {@code --tls-password ""}.
 */
public final class NettyEchoServer {

    private NettyEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        Arguments options = new Arguments(args);
        NettyTransport transport = NettyTransport.fromOptions(options);
        EchoHandler echo = new EchoHandler();
        TlsKeys keys = TlsKeys.fromOptions(options);
        ChannelHandler child = echo;
        if (keys != null) {
            SslContext tls = SslContextBuilder.forServer(keys.keyManagerFactory()).sslProvider(SslProvider.JDK).build();
            child = new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc()), echo);
                }
            };
        }
        ServerBootstrap bootstrap = transport.serverBootstrap(options.getInt("loops", 1))
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(child);
        var bound = bootstrap.bind("127.0.0.1", options.getInt("port", 19001)).sync().channel();
        int probe = options.getInt("probe-port", 0);
        if (probe > 0) {
            Probe.start(probe, echo.connections::get);
        }
        System.out.println("netty echo server (" + transport.label() + (keys == null ? "" : ", TLS") + ") on "
                + bound.localAddress());
        bound.closeFuture().sync();
    }

    /** Echoes and counts connections; one instance serves every channel. */
    @Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {

        final AtomicLong connections = new AtomicLong();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connections.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connections.decrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
