/**
 * gev: fast custom-protocol TCP servers in reactor mode.
 *
 * <p>The user API is small: write a {@link io.gev.Handler}, perhaps a {@link io.gev.Protocol}, and build a
 * {@link io.gev.GevServer}. Each accepted {@link io.gev.Connection} lives on one event loop, where all of its
 * callbacks run; {@link io.gev.LoadBalancer} decides which, and {@link io.gev.Timer}s ride the loops' timing wheels.
 *
 * <p>The rest of this package is the engine, package-private, one concept per class: {@code Acceptor} (listening
 * socket and its thread), {@code EventLoopGroup} and {@code EventLoop} (selector threads with task queues and timers),
 * {@code TcpConnection} (the byte path from socket through protocol and handler back to the socket),
 * {@code HandlerInvoker} (where user code is called and its faults contained), {@code TimingWheel} and
 * {@code WheelTimer}. A UDP server has no acceptor: each loop (or, without SO_REUSEPORT, the first) owns a
 * {@code DatagramEndpoint}, a bound datagram socket, and every datagram's sender is a {@code DatagramPeer}.
 */
package io.gev;
