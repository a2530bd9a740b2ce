/**
 * gev: fast custom-protocol TCP (and UDP) servers in reactor mode.
 *
 * <h2>The API</h2>
 * Write a {@link io.gev.Handler} (or a zero-copy {@link io.gev.StreamHandler}), perhaps a {@link io.gev.Protocol}
 * (framing: {@code unpack} cuts {@link io.gev.Frame}s from a {@link io.gev.buffer.RingBuffer}, {@code pack} encodes
 * replies), and build a {@link io.gev.GevServer} ({@link io.gev.GevServer#builder} for TCP or a Unix domain socket,
 * {@link io.gev.GevServer#udpBuilder} for UDP). Each {@link io.gev.Connection} lives on one event loop, which a
 * {@link io.gev.LoadBalancer} picks; {@link io.gev.Timer}s ride the loops' timing wheels. {@link io.gev.GevClient}
 * dials connections onto the same loops. {@link io.gev.TlsOptions}, {@link io.gev.ClientAuth},
 * {@link io.gev.ProxyProtocol} and {@link io.gev.OverflowPolicy} are settings; {@link io.gev.ServerStats},
 * {@link io.gev.LoopInfo} and {@link io.gev.ConnectionInfo} are what monitoring reads.
 *
 * <h2>The engine (package-private, one concept per class)</h2>
 * <table>
 * <caption>The classes of the engine and the concept each is</caption>
 * <tr><th>class</th><th>concept</th></tr>
 * <tr><td>{@code EventLoop}</td><td>one reactor thread: selector, task queue ({@code runInLoop} is the one way onto a
 * loop), shutdown; it knows channels only as {@code Selectable}s</td></tr>
 * <tr><td>{@code TimerQueue}, {@code TimingWheel}, {@code WheelTimer}, {@code TimerOwner}</td><td>a loop's timers:
 * the hashed wheel, its nodes, and what a timer belongs to (a connection's {@code ConnectionTimers})</td></tr>
 * <tr><td>{@code LoopBuffers}, {@code WriteBatch}</td><td>the memory a loop's connections share: read buffer,
 * write batch, discard and TLS buffers</td></tr>
 * <tr><td>{@code EventLoopGroup}</td><td>the loops of a server or client: start, stop, next in turn</td></tr>
 * <tr><td>{@code Listener}: {@code AcceptedConnections} + {@code Acceptor}, or {@code DatagramListener}</td><td>how a
 * server takes traffic in: the listening socket and its thread, then admission (the balancer, refusals), the counts
 * per loop and the server's side of each connection; or datagram sockets on the loops</td></tr>
 * <tr><td>{@code Admission}: {@code AccessList}, {@code ConnectionRate}, {@code ConnectionLimits};
 * {@code AddressBlocks}, {@code IpLiterals}</td><td>whom a server admits: its access list, its rate per address,
 * its connection limits (which count every refusal); CIDR blocks and address literals, parsed without a
 * resolver</td></tr>
 * <tr><td>{@code MemoryBudget}</td><td>the bytes a server's connections buffer, and what happens past its budget</td>
 * </tr>
 * <tr><td>{@code ConnectionOwner}</td><td>what a connection belongs to ({@code AcceptedConnections}, or a client's
 * {@code Connector}): its settings, handler, counters, and who hears of its close</td></tr>
 * <tr><td>{@code TcpConnection}</td><td>a connection's identity and addresses, the public {@code Connection} methods
 * and the dispatch of its socket's readiness, in its {@code Phase}</td></tr>
 * <tr><td>{@code Preamble}</td><td>what comes before the protocol: the PROXY header ({@code ProxyHeaderDecoder}),
 * then the TLS handshake</td></tr>
 * <tr><td>{@code InboundPath}, {@code Unpacker}</td><td>the way in: reading, the unpack loop and its rules,
 * resuming after back-pressure, the partial-frame timer</td></tr>
 * <tr><td>{@code OutboundBuffer}</td><td>the way out: pack, batch, write, queue, watermarks, outbound limit, flush
 * callbacks</td></tr>
 * <tr><td>{@code ReadGate}</td><td>every reason a connection is not read, and its selector interest</td></tr>
 * <tr><td>{@code CloseSequence}</td><td>graceful close, half-close, linger, server-stop drain, failures</td></tr>
 * <tr><td>{@code ConnectionTimers}</td><td>a connection's clocks, idle check and handler timers</td></tr>
 * <tr><td>{@code Transport}: {@code SocketTransport}, {@code TlsTransport} (+ {@code TlsRecordOutput},
 * {@code TlsEngineFactory})</td><td>the socket end of the byte path: the socket itself, or TLS over it</td></tr>
 * <tr><td>{@code HandlerInvoker}, {@code HandlerQueue}</td><td>where user code is called and its faults contained;
 * one connection's calls on a handler executor, in order, with the pending limit</td></tr>
 * <tr><td>{@code DatagramEndpoint}, {@code DatagramPeer}</td><td>a UDP socket on a loop, and a datagram's sender as
 * a {@code Connection}</td></tr>
 * <tr><td>{@code ConnectionConfig}, {@code SocketOptions}, {@code OutboundLimits}, {@code ListenOptions},
 * {@code DatagramOptions}, {@code LoopConfig}, {@code Check}</td><td>settings, grouped, fixed when a server or client
 * is built; {@code ServerBuilder}, {@code TcpServerBuilder} and {@code ConnectionConfig.Builder} fill them, each
 * setter checking its value by a rule of {@code Check}</td></tr>
 * <tr><td>{@code LoopCounters}, {@code ServerCounters}, {@code ConnectionLimits}, {@code StallDetector}</td>
 * <td>counts per loop, their sums, the connection limits, and the watch for a loop that stalls</td></tr>
 * <tr><td>{@code Sockets}</td><td>socket helpers that never block and never resolve a name</td></tr>
 * </table>
 *
 * <h2>Threads</h2>
 * A connection's I/O, framing and protocol hooks run on its loop. Its handler's callbacks (messages, connect, close,
 * writability, end of input), its timers' tasks and its flush callbacks run on the loop too, or, with a handler
 * executor ({@link io.gev.GevServer.Builder#handlerExecutor}), on that executor: one at a time per connection, in
 * order. Every method of the engine says whether it is thread safe or runs in loop.
 *
 * <p>The plugins live in {@code io.gev.codec} (framings), {@code io.gev.websocket} and {@code io.gev.protobuf}; the
 * buffer in {@code io.gev.buffer}. This package depends on {@code io.gev.buffer} only.
 */
package io.gev;
