package io.gev.bench.server;

import io.gev.bench.Arguments;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** The transport a Netty peer runs on, {@code --transport nio|epoll}: Java NIO or Netty's native epoll. */
enum NettyTransport {
    NIO, EPOLL;

    /** The transport the options ask for ({@code nio} unless told). */
    static NettyTransport fromOptions(Arguments options) {
        return switch (options.get("transport", "nio")) {
            case "nio" -> NIO;
            case "epoll" -> EPOLL;
            default -> throw new IllegalArgumentException("--transport is nio or epoll");
        };
    }

    /**
     * A server bootstrap on this transport with one accepting thread and {@code loops} event loops, as gev has; a
     * channel of an accepted connection has this transport's class, which a client bootstrap can reuse.
     */
    ServerBootstrap serverBootstrap(int loops) {
        IoHandlerFactory io = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new ServerBootstrap()
                .group(new MultiThreadIoEventLoopGroup(1, io), new MultiThreadIoEventLoopGroup(loops, io))
                .channel(this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
    }

    /** {@code nio} or {@code epoll}. */
    String label() {
        return this == EPOLL ? "epoll" : "nio";
    }
}
