package io.gev;

import io.gev.buffer.RingBuffer;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What comes on a connection before its protocol: the PROXY protocol header, when the peer is a trusted proxy, then
 * the TLS handshake, when TLS is on. Each is bounded by its timeout (the PROXY header timeout, then the TLS handshake
 * timeout), whatever the idle timeout; a peer that is not done in time is closed and counted as a handshake timeout.
 * The client a header names must pass the server's admission (its access list and its rate per address). Once both
 * are done it announces the connection to its handler, and then has nothing more to do: like a decoder that does its
 * part and gets out of the way. A connection with neither has no preamble.
 *
 * <p>Not thread safe, but in loop.
 */
final class Preamble {

    private static final Logger log = LoggerFactory.getLogger(Preamble.class);

    private final TcpConnection connection;
    /** Bounds the phase under way. */
    private WheelTimer timer;

    private Preamble(TcpConnection connection) {
        this.connection = connection;
    }

    /**
     * The phase a connection starts in: the PROXY header when one is expected from its peer (a trusted proxy, or
     * anyone when a header is required), else the TLS handshake, else none: {@link Phase#OPEN}. In loop.
     */
    static Phase firstPhase(ConnectionConfig config, SocketAddress socketPeer) {
        ProxyProtocol proxy = config.proxyProtocol();
        if (proxy == ProxyProtocol.REQUIRED || proxy == ProxyProtocol.OPTIONAL && config.trustsProxy(socketPeer)) {
            return Phase.PROXY_HEADER;
        }
        return config.tls() != null ? Phase.TLS_HANDSHAKE : Phase.OPEN;
    }

    /** The preamble of a connection that starts in {@code first}, or null when it has none. In loop. */
    static Preamble of(TcpConnection connection, Phase first) {
        return first == Phase.OPEN ? null : new Preamble(connection);
    }

    /**
     * Starts the preamble: the first phase's timer, and a client's hello; a connection that must send a PROXY header
     * but is not a trusted proxy is closed. In loop.
     */
    void begin() {
        ConnectionConfig config = connection.config();
        if (connection.phase() == Phase.PROXY_HEADER) {
            if (!config.trustsProxy(connection.socketPeer())) {
                connection.counters().increment(LoopCounters.PROTOCOL_ERRORS);
                log.warn("{}: not a trusted proxy, and a PROXY protocol header is required; closing", connection);
                connection.closeNow();
                return;
            }
            startTimer(config.proxyHeaderTimeout());
            return;
        }
        startTimer(config.tls().options().handshakeTimeout());
        if (config.tls().isClient()) {
            startHandshake();
        }
    }

    /** A client speaks first: its hello goes out now, and a write event is asked for if the socket is full. */
    private void startHandshake() {
        try {
            ((TlsTransport) connection.transport()).beginHandshake();
            if (connection.transport().pendingBytes() > 0) {
                connection.outbound().afterWrite();
            }
        } catch (SSLException e) {
            connection.closing().tlsFailure(e);
        } catch (IOException e) {
            connection.closing().ioFailure(e);
        }
    }

    /**
     * Reads the socket into {@code scratch} and the PROXY protocol header from what came so far (kept in
     * {@code inbound}), takes the addresses it carries and admits the client they name, then hands the bytes behind
     * it to TLS or announces the connection. Returns -1 at end of stream, 1 once the header was read and the
     * connection is still live (bytes behind it wait in {@code inbound} or in the TLS transport), else 0. A malformed
     * header closes the connection, and so does a client the server does not admit. In loop.
     */
    int readProxyHeader(RingBuffer scratch, RingBuffer inbound) throws IOException {
        if (scratch.readFrom(connection.transport().socket(), scratch.capacity()) < 0) {
            return -1;
        }
        inbound.write(scratch);
        scratch.clear();
        ProxyHeaderDecoder.Header header;
        try {
            header = ProxyHeaderDecoder.decode(inbound, connection.config().proxyProtocol() == ProxyProtocol.OPTIONAL);
        } catch (MalformedProxyHeaderException e) {
            connection.counters().increment(LoopCounters.PROTOCOL_ERRORS);
            log.warn("{}: bad PROXY protocol header, closing the connection: {}", connection, e.getMessage());
            connection.closeNow();
            return 0;
        }
        if (header == null) {
            return 0;
        }
        if (header.hasAddresses() && !admit(header)) {
            return 0;
        }
        cancel();
        if (connection.transport() instanceof TlsTransport tls) {
            connection.enter(Phase.TLS_HANDSHAKE);
            startTimer(connection.config().tls().options().handshakeTimeout());
            tls.preload(inbound);
        } else {
            connection.announce();
        }
        return connection.phase().isLive() ? 1 : 0;
    }

    /** Takes the addresses of {@code header}, and returns whether its client is admitted (else it is closed). */
    private boolean admit(ProxyHeaderDecoder.Header header) {
        connection.reportAddresses(header.source(), header.destination());
        RefusalReason refusal = connection.owner().admitProxied(header.source());
        if (refusal == null) {
            return true;
        }
        log.debug("{}: refused ({}) once its PROXY header named the client", connection, refusal.tag());
        connection.closeNow();
        return false;
    }

    /** The TLS handshake finished: the handler hears of the connection. In loop. */
    void handshakeDone() {
        cancel();
        connection.counters().increment(LoopCounters.TLS_HANDSHAKES);
        connection.announce();
    }

    private void startTimer(Duration timeout) {
        timer = connection.loop().timers().scheduleInLoop(timeout.toNanos(), () -> timedOut(timeout));
    }

    private void timedOut(Duration timeout) {
        timer = null;
        Phase phase = connection.phase();
        if (phase == Phase.PROXY_HEADER || phase == Phase.TLS_HANDSHAKE) {
            connection.counters().increment(LoopCounters.HANDSHAKE_TIMEOUTS);
            log.info("{}: {} not done within {}; closing the connection", connection,
                    phase == Phase.PROXY_HEADER ? "PROXY protocol header" : "TLS handshake", timeout);
            connection.closeNow();
        }
    }

    /** Cancels the timer of the phase under way: it is done, or the connection closed. In loop. */
    void cancel() {
        connection.loop().timers().cancelInLoop(timer);
        timer = null;
    }
}
