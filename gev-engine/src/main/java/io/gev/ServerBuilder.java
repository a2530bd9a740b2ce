package io.gev;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * The settings every gev server has, TCP or UDP: where it listens, its event loops and their timers, its framing, its
 * socket buffers and how long it drains when it stops. {@link GevServer.Builder} and {@link GevServer.UdpBuilder}
 * add their own. Each setter checks its value; every setting has a default. Not thread safe.
 *
 * @param <B> the concrete builder, which every setter returns
 */
abstract class ServerBuilder<B extends ServerBuilder<B>> {

    final Handler handler;
    /** The settings of what the server serves: a TCP server's connections, a UDP server's protocol and buffers. */
    final ConnectionConfig.Builder connection = new ConnectionConfig.Builder();
    SocketAddress address = new InetSocketAddress("0.0.0.0", 1833);
    boolean reusePort;
    private int loops;
    private Duration timerTick = GevServer.DEFAULT_TIMER_TICK;
    private int timerWheelSize = GevServer.DEFAULT_TIMER_WHEEL_SIZE;
    private Duration stallThreshold = Duration.ofSeconds(2);
    private String name;

    ServerBuilder(Handler handler) {
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
    }

    @SuppressWarnings("unchecked")
    B self() {
        return (B) this;
    }

    /**
     * Where to listen: {@code host} as given (an address literal, or a name resolved now, on this thread) and
     * {@code port}, 0 picking a free one (see {@link GevServer#port()}). Default {@code 0.0.0.0:1833}.
     */
    public B address(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        this.address = new InetSocketAddress(host == null || host.isBlank() ? "0.0.0.0" : host, port);
        return self();
    }

    /**
     * The server's name, for people: in its thread names ({@code gev-admin-loop-0}, {@code gev-admin-acceptor}) and its
     * log lines ({@code gev server 'admin' (line framing) listening on ...}). Default none ({@code gev-loop-0}).
     */
    public B name(String name) {
        if (name != null && (name.isBlank() || !name.strip().equals(name))) {
            throw new IllegalArgumentException("name must not be blank or start or end with a space: '" + name + "'");
        }
        this.name = name;
        return self();
    }

    /** Number of event loops; 0 or less means one per available processor (the default). */
    public B loops(int loops) {
        this.loops = loops;
        return self();
    }

    /** Framing of messages; default {@link Protocol#raw()}. */
    public B protocol(Protocol protocol) {
        connection.protocol(protocol);
        return self();
    }

    /** Sets SO_REUSEPORT, so that several servers (or processes) can bind the one port. Default false. */
    public B reusePort(boolean reusePort) {
        this.reusePort = reusePort;
        return self();
    }

    /** SO_RCVBUF in bytes of the server's sockets; 0 (the default) keeps the operating system's. */
    public B receiveBufferSize(int bytes) {
        connection.receiveBufferSize(bytes);
        return self();
    }

    /** SO_SNDBUF in bytes of the server's sockets; 0 (the default) keeps the operating system's. */
    public B sendBufferSize(int bytes) {
        connection.sendBufferSize(bytes);
        return self();
    }

    /** Resolution of the loops' timers (idle timeouts, {@code runAfter}...); default 1 ms. */
    public B timerTick(Duration timerTick) {
        this.timerTick = Check.positive(timerTick, "timerTick");
        return self();
    }

    /** Slots of each loop's timing wheel (one turn = tick × size); default 1024. */
    public B timerWheelSize(int timerWheelSize) {
        this.timerWheelSize = Check.positive(timerWheelSize, "timerWheelSize");
        return self();
    }

    /**
     * How long one pass of an event loop (a handler callback, a timer, a decode) may run before it is reported as a
     * stall: a warning with the loop thread's stack and {@link ServerStats#loopStalls()}. Default 2 s; zero disables
     * the check.
     */
    public B stallThreshold(Duration stallThreshold) {
        this.stallThreshold = Check.notNegative(stallThreshold, "stallThreshold");
        return self();
    }

    /**
     * Longest wait for queued output to be written when a connection closes or the server stops (then the rest is
     * cut); default 10 s.
     */
    public B shutdownTimeout(Duration shutdownTimeout) {
        connection.closeTimeout(shutdownTimeout);
        return self();
    }

    /** The loops, with one per processor for "0 or less". */
    LoopConfig loopConfig() {
        return new LoopConfig(loops > 0 ? loops : Runtime.getRuntime().availableProcessors(), timerTick,
                timerWheelSize);
    }

    /** How the server names itself, with the framing set now. */
    ServerLabel label() {
        return new ServerLabel(name, connection.protocol(), handler);
    }

    Duration stallThreshold() {
        return stallThreshold;
    }
}
