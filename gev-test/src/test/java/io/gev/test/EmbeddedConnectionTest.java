package io.gev.test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gev.Connection;
import io.gev.Frame;
import io.gev.GevServer;
import io.gev.Handler;
import io.gev.StreamHandler;
import io.gev.buffer.RingBuffer;
import io.gev.codec.DelimiterProtocol;
import io.gev.codec.FrameException;
import io.gev.codec.LengthFieldProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EmbeddedConnection} against real framings, timers on its manual clock, back-pressure and closes. */
class EmbeddedConnectionTest {

    /** Echoes each message upper-cased. */
    static final Handler UPPER = (connection, context, data) -> new String(data, UTF_8).toUpperCase();

    @Test
    void linesSplitAnywhereComeBackWhole() {
        byte[] stream = "one\r\ntwo\nthree\n".getBytes(UTF_8);
        for (int split = 0; split <= stream.length; split++) {
            EmbeddedConnection c = EmbeddedConnection.of(DelimiterProtocol.lines(64, false), UPPER);
            c.writeInbound(java.util.Arrays.copyOf(stream, split),
                    java.util.Arrays.copyOfRange(stream, split, stream.length));
            assertThat(c.readOutboundString()).as("split at %d", split).isEqualTo("ONE\nTWO\nTHREE\n");
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void lengthFieldFramesAreDecodedAndRepliesFramedAsThePeerReadsThem() {
        LengthFieldProtocol protocol = LengthFieldProtocol.builder().width(2).maxFrameLength(100).build();
        EmbeddedConnection c = EmbeddedConnection.of(protocol, UPPER);
        c.writeInbound(new byte[] {0, 3, 'a'}, new byte[] {'b', 'c', 0}, new byte[] {2, 'x', 'y'});
        assertThat(c.readOutboundStrings(protocol)).containsExactly("ABC", "XY");
        assertThat(c.readOutbound()).isEmpty();
    }

    @Test
    void aMalformedFrameClosesTheConnectionWithTheProtocolsReason() {
        LengthFieldProtocol protocol = LengthFieldProtocol.builder().width(2).maxFrameLength(10).build();
        EmbeddedConnection c = EmbeddedConnection.of(protocol, UPPER);
        c.writeInbound(new byte[] {0, 2, 'o', 'k', 0, 99});
        assertThat(c.readOutboundStrings(protocol)).containsExactly("OK");
        assertThat(c.isOpen()).isFalse();
        assertThat(c.failure()).isInstanceOf(FrameException.class).hasMessageContaining("exceeds the maximum of 10");
        assertThat(c.isOutputShutdown()).isTrue(); // written out, half-closed, waiting for the peer
        assertThat(c.isClosed()).isFalse();
        c.shutdownInput();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void aStreamHandlerWorksOnTheBytesInPlace() {
        StreamHandler reverse = new StreamHandler() {
            @Override
            public void onData(Connection connection, RingBuffer in, RingBuffer out) {
                byte[] bytes = in.readBytes(in.length());
                for (int i = bytes.length - 1; i >= 0; i--) {
                    out.writeByte(bytes[i]);
                }
            }
        };
        EmbeddedConnection c = EmbeddedConnection.of(io.gev.Protocol.raw(), reverse);
        c.writeInbound("abc", "de");
        assertThat(c.readOutboundString()).isEqualTo("cbaed");
    }

    @Test
    void aPartialFrameTimesOutOnTheManualClockOnly() {
        EmbeddedConnection c = EmbeddedConnection.of(GevServer.builder(UPPER).protocol(DelimiterProtocol.lines(64,
                false)).partialFrameTimeout(Duration.ofSeconds(5)));
        c.writeInbound("half a li");
        c.advance(Duration.ofSeconds(4));
        assertThat(c.isOpen()).isTrue();
        c.writeInbound("ne"); // news from the peer: the timeout counts from here
        c.advance(Duration.ofSeconds(4));
        assertThat(c.isOpen()).isTrue();
        c.advance(Duration.ofSeconds(2));
        assertThat(c.isOpen()).isFalse();
        assertThat(c.isOutputShutdown()).isTrue();
        c.advance(Duration.ofSeconds(2)); // the peer never closes: the linger ends
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void anIdleConnectionClosesAndTheHandlersTimersRunOnTheManualClock() {
        List<String> events = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void onConnect(Connection connection) {
                connection.runEvery(Duration.ofSeconds(3), () -> connection.send("tick"));
            }

            @Override
            public Object onMessage(Connection connection, Object context, byte[] data) {
                return null;
            }

            @Override
            public void onClose(Connection connection) {
                events.add("closed");
            }
        };
        EmbeddedConnection c = EmbeddedConnection.of(GevServer.builder(handler)
                .protocol(DelimiterProtocol.lines(64, false)).idleTimeout(Duration.ofSeconds(10)));
        c.advance(Duration.ofSeconds(7));
        assertThat(c.readOutboundString()).isEqualTo("tick\ntick\n");
        assertThat(events).isEmpty();
        // the ticks are output: the connection is not idle while it writes
        c.advance(Duration.ofSeconds(30));
        assertThat(c.isOpen()).isTrue();
        c.connection().close();
        c.shutdownInput();
        assertThat(c.isClosed()).isTrue();
        assertThat(events).containsExactly("closed");
        c.advance(Duration.ofSeconds(30));
        assertThat(c.readOutboundString()).isEqualTo("tick\n".repeat(10)); // none after the close
    }

    @Test
    void aQuietConnectionHitsTheIdleTimeout() {
        EmbeddedConnection c = EmbeddedConnection.of(GevServer.builder(UPPER)
                .protocol(DelimiterProtocol.lines(64, false)).idleTimeout(Duration.ofSeconds(10)));
        c.advance(Duration.ofSeconds(6)).writeInbound("hi\n");
        assertThat(c.readOutboundString()).isEqualTo("HI\n");
        c.advance(Duration.ofSeconds(9));
        assertThat(c.isOpen()).isTrue();
        c.advance(Duration.ofSeconds(2));
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void aSlowPeerStopsReadingAboveTheHighWatermarkAndReadingResumesWhenItCatchesUp() {
        List<Boolean> writability = new ArrayList<>();
        Handler big = new Handler() {
            @Override
            public Object onMessage(Connection connection, Object context, byte[] data) {
                return "x".repeat(1000) + new String(data, UTF_8);
            }

            @Override
            public void onWritabilityChanged(Connection connection, boolean writable) {
                writability.add(writable);
            }
        };
        EmbeddedConnection c = EmbeddedConnection.of(GevServer.builder(big).protocol(DelimiterProtocol.lines(64,
                false)).writeBufferWatermark(1000, 2000)).sendBufferSize(1500);
        for (int i = 0; i < 6; i++) {
            c.writeInbound(i + "\n");
        }
        // 1,500 bytes went to the socket, more than 2,000 wait: the connection is not writable and stops reading
        assertThat(c.isWritable()).isFalse();
        assertThat(writability).containsExactly(false);
        assertThat(c.unreadInbound()).isPositive();
        assertThat(c.connection().writeBufferLength()).isGreaterThan(2000);
        StringBuilder received = new StringBuilder();
        for (int reads = 0; reads < 20 && !received.toString().endsWith("5\n"); reads++) {
            received.append(c.readOutboundString()); // the peer reads: room in the socket, the queue drains
        }
        assertThat(received.toString().split("\n")).extracting(l -> l.substring(1000))
                .containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(c.isWritable()).isTrue();
        assertThat(writability).containsExactly(false, true);
        assertThat(c.unreadInbound()).isZero();
    }

    @Test
    void aSuspendedConnectionLeavesInputInTheSocketUntilResumed() {
        EmbeddedConnection c = EmbeddedConnection.of(DelimiterProtocol.lines(64, false), UPPER);
        c.connection().suspendReading();
        c.writeInbound("a\n", "b\n");
        assertThat(c.readOutbound()).isEmpty();
        assertThat(c.unreadInbound()).isEqualTo(4);
        c.connection().resumeReading();
        c.runPendingTasks();
        assertThat(c.readOutboundString()).isEqualTo("A\nB\n");
    }

    @Test
    void aHandlerThatHalfClosesKeepsReading() {
        Handler lastWord = new Handler() {
            @Override
            public Object onMessage(Connection connection, Object context, byte[] data) {
                connection.send("bye");
                connection.shutdownWrite();
                return null;
            }
        };
        EmbeddedConnection c = EmbeddedConnection.of(DelimiterProtocol.lines(64, false), lastWord);
        c.writeInbound("hi\n");
        assertThat(c.readOutboundString()).isEqualTo("bye\n");
        assertThat(c.isOutputShutdown()).isTrue();
        assertThat(c.isOpen()).isTrue();
        c.shutdownInput();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void framesOfTheOutputMayBeCutAcrossReads() {
        Handler halves = (connection, context, data) -> {
            connection.send(new byte[] {0, 4, 'a', 'b'});
            return null;
        };
        LengthFieldProtocol lengths = LengthFieldProtocol.builder().width(2).build();
        EmbeddedConnection c = EmbeddedConnection.of(io.gev.Protocol.raw(), halves);
        c.writeInbound("go");
        List<Frame> none = c.readOutboundFrames(lengths);
        assertThat(none).isEmpty();
        c.connection().send(new byte[] {'c', 'd'});
        assertThat(c.readOutboundStrings(lengths)).containsExactly("abcd");
    }

    @Test
    void anotherThreadCannotDriveIt() throws Exception {
        EmbeddedConnection c = EmbeddedConnection.of(DelimiterProtocol.lines(64, false), UPPER);
        java.util.concurrent.CompletableFuture<Throwable> other = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        c.writeInbound("x\n");
                        return null;
                    } catch (IllegalStateException e) {
                        return e;
                    }
                });
        assertThat(other.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("driven there only");
        assertThat(c.writeInbound("y\n").readOutboundString()).isEqualTo("Y\n");
    }
}
