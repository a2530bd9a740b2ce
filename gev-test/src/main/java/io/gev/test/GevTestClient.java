package io.gev.test;

import io.gev.Frame;
import io.gev.Protocol;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A small blocking client for integration tests that speaks a server's framing: it packs what it sends and cuts what
 * it receives with the server's own {@link Protocol} (raw, lines, delimiters, length fields, the protobuf framings:
 * through the engine's own code), or as a WebSocket client (the upgrade, masked frames, pings answered). Every receive
 * waits at most its timeout and then fails:
 *
 * <pre>{@code
 * try (GevTestClient client = GevTestClient.connect(server.port(), DelimiterProtocol.lines(1024, false))) {
 *     client.send("hello");
 *     assertThat(client.receiveString()).isEqualTo("hello");
 * }
 * }</pre>
 *
 * <p>Failures are unchecked: an {@link UncheckedIOException} whose cause is a {@link SocketTimeoutException} when
 * nothing came in time, an {@link EOFException} when the server closed first; an {@link IllegalStateException} when
 * what came is not of the framing. Sends block while the server's socket takes nothing. A client made by
 * {@link Builder#build()} connects when it is first used; a closed client connects again when it is used again.
 *
 * <p>Not thread safe: one thread uses a client at a time (every method).
 */
public final class GevTestClient implements AutoCloseable {

    /** How long a receive waits by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Builder> settings;
    private final ArrayDeque<Frame> received = new ArrayDeque<>();
    private ClientSocket socket;
    private Duration timeout = DEFAULT_TIMEOUT;

    private GevTestClient(Supplier<Builder> settings) {
        this.settings = settings;
    }

    /** A client of {@code 127.0.0.1:port} framed by {@code protocol}, connected. Not thread safe. */
    public static GevTestClient connect(int port, Protocol protocol) {
        return builder(port).protocol(protocol).connect();
    }

    /** A WebSocket client of {@code ws://127.0.0.1:port} + {@code path}, upgraded. Not thread safe. */
    public static GevTestClient connectWebSocket(int port, String path) {
        return builder(port).webSocket(path).connect();
    }

    /** Settings of a client of {@code port}: its host, framing and timeout. Thread safe. */
    public static Builder builder(int port) {
        return new Builder(port);
    }

    /**
     * A client that connects when first used, with the settings {@code settings} gives then: for a server whose port
     * or framing is known only once it started (the Spring Boot test support). Thread safe.
     */
    public static GevTestClient connectingLazily(Supplier<Builder> settings) {
        return new GevTestClient(Objects.requireNonNull(settings, "settings"));
    }

    private ClientSocket socket() {
        if (socket == null) {
            Builder b = settings.get();
            timeout = b.timeout;
            ClientFraming framing = b.webSocketPath == null ? new PeerCodec(b.protocol)
                    : new WebSocketClientFraming(b.maxMessageSize);
            socket = ClientSocket.open(new InetSocketAddress(b.host, b.port), framing, b.webSocketPath, b.timeout,
                    received);
        }
        return socket;
    }

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Sends {@code message} framed: what the protocol's {@code pack} takes ({@code byte[]}, text, a protobuf message
     * ...), text or {@code byte[]} for a WebSocket. Returns this. Not thread safe.
     */
    public GevTestClient send(Object message) {
        socket().sendFramed(message);
        return this;
    }

    /** Sends {@code bytes} as they are, without framing (half a frame, or garbage). Returns this. Not thread safe. */
    public GevTestClient sendRaw(byte[] bytes) {
        socket().send(bytes);
        return this;
    }

    /** Half-closes: the server reads the end of stream after what was sent. Returns this. Not thread safe. */
    public GevTestClient shutdownOutput() {
        socket().shutdownOutput();
        return this;
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /** The next frame (its payload, and its context: a protobuf message, a WebSocket message type). Not thread safe. */
    public Frame receiveFrame() {
        ClientSocket s = socket();
        return receiveFrame(s, timeout);
    }

    /** The next frame, waiting at most {@code within}. Not thread safe. */
    public Frame receiveFrame(Duration within) {
        return receiveFrame(socket(), within);
    }

    private Frame receiveFrame(ClientSocket s, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (received.isEmpty()) {
            if (!s.readSome(deadline, received)) {
                throw new UncheckedIOException(new EOFException("the server closed the connection"));
            }
        }
        return received.poll();
    }

    /** The next frame's payload, within the client's timeout. Not thread safe. */
    public byte[] receive() {
        return receiveFrame().data();
    }

    /** The next frame's payload, waiting at most {@code within}. Not thread safe. */
    public byte[] receive(Duration within) {
        return receiveFrame(within).data();
    }

    /** The next frame's payload as UTF-8 text, within the client's timeout. Not thread safe. */
    public String receiveString() {
        return new String(receive(), StandardCharsets.UTF_8);
    }

    /** The next frame's payload as UTF-8 text, waiting at most {@code within}. Not thread safe. */
    public String receiveString(Duration within) {
        return new String(receive(within), StandardCharsets.UTF_8);
    }

    /**
     * The next {@code length} bytes of payload, across frames: for the raw framing, whose frames are whatever one read
     * brought. What is left of the last frame is the next frame. Within the client's timeout. Not thread safe.
     */
    public byte[] receiveBytes(int length) {
        ClientSocket s = socket();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] out = new byte[length];
        int filled = 0;
        while (filled < length) {
            Frame next = receiveFrame(s, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            int n = Math.min(next.data().length, length - filled);
            System.arraycopy(next.data(), 0, out, filled, n);
            filled += n;
            if (n < next.data().length) {
                received.addFirst(new Frame(next.context(), Arrays.copyOfRange(next.data(), n, next.data().length)));
            }
        }
        return out;
    }

    /**
     * Waits at most {@code within} for the server to close the connection, and returns the frames that came before
     * (also those received already and not taken). Not thread safe.
     */
    public List<Frame> receiveUntilClosed(Duration within) {
        ClientSocket s = socket();
        long deadline = System.nanoTime() + within.toNanos();
        while (s.readSome(deadline, received)) {
            // frames gather in the queue
        }
        List<Frame> frames = new ArrayList<>(received);
        received.clear();
        return frames;
    }

    /** The local port of the client's socket: what the server sees as the peer's port. Not thread safe. */
    public int localPort() {
        return socket().localPort();
    }

    /**
     * Closes the socket (a WebSocket client sends its close frame first) and drops what was received and not taken;
     * used again, the client connects again. Not thread safe.
     */
    @Override
    public void close() {
        received.clear();
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /**
     * Settings of a {@link GevTestClient}: host {@code 127.0.0.1}, raw framing and {@link #DEFAULT_TIMEOUT} unless set.
     * Not thread safe.
     */
    public static final class Builder {

        private final int port;
        private String host = "127.0.0.1";
        private Protocol protocol = Protocol.raw();
        private String webSocketPath;
        private int maxMessageSize = 16 * 1024 * 1024;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
            }
            this.port = port;
        }

        /** The server's host; default {@code 127.0.0.1}. Not thread safe. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The server's framing, used from the client's side; default raw. Not thread safe. */
        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            this.webSocketPath = null;
            return this;
        }

        /** Speak WebSocket: upgrade on {@code path} when connecting. Not thread safe. */
        public Builder webSocket(String path) {
            this.webSocketPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The largest WebSocket message the client takes; default 16 MiB. Not thread safe. */
        public Builder maxMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxMessageSize must be positive: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** How long connecting, the upgrade and each receive wait at most; default 5 s. Not thread safe. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** A client with these settings that connects (and upgrades) when first used. Not thread safe. */
        public GevTestClient build() {
            return connectingLazily(() -> this);
        }

        /**
         * Connects (and upgrades, for a WebSocket), within the timeout. Not thread safe.
         *
         * @throws UncheckedIOException when the server cannot be reached or does not answer in time
         * @throws IllegalStateException when the server refuses the WebSocket upgrade
         */
        public GevTestClient connect() {
            GevTestClient client = build();
            client.socket();
            return client;
        }
    }
}
