package io.gev;

import java.time.Duration;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's clocks and timers: when it opened, the idle check that closes it once it has neither read nor
 * written for the idle timeout (the way in and the way out keep when they last did), and the timers of its handler
 * ({@link Connection#runAfter}, {@link Connection#runEvery}), which run through the handler's invoker (on the handler
 * executor, if any) and are cancelled, all of them, when the connection closes. As the {@link TimerOwner} of those
 * timers it is all the loop knows of the connection.
 *
 * <p>Not thread safe, but in loop.
 */
final class ConnectionTimers implements TimerOwner {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTimers.class);

    private final TcpConnection connection;
    private final long openedNanos;
    private WheelTimer idleTimer;
    /** The handler's timers that may fire again, made on the first. */
    private ArrayList<WheelTimer> handlerTimers;

    ConnectionTimers(TcpConnection connection) {
        this.connection = connection;
        this.openedNanos = connection.loop().nanoTime();
    }

    /** The connection opened: the idle check starts, if there is an idle timeout. In loop. */
    void start() {
        Duration idle = connection.config().idleTimeout();
        if (!idle.isZero()) {
            idleTimer = connection.loop().timers().scheduleInLoop(idle.toNanos(), this::checkIdle);
        }
    }

    /** How long the connection has been open. Thread safe. */
    Duration age() {
        return Duration.ofNanos(connection.loop().nanoTime() - openedNanos);
    }

    private void checkIdle() {
        idleTimer = null;
        Duration idle = connection.config().idleTimeout();
        long lastActivity = Math.max(connection.inbound().lastReadNanos(), connection.outbound().lastWriteNanos());
        long quiet = connection.loop().now() - lastActivity;
        if (quiet >= idle.toNanos()) {
            log.debug("{}: idle for {}, closing", connection, idle);
            connection.closing().closeGracefully();
        } else {
            idleTimer = connection.loop().timers().scheduleInLoop(idle.toNanos() - quiet, this::checkIdle);
        }
    }

    /** Cancels the idle check and every timer of the handler: the connection closed. In loop. */
    void cancelAll() {
        connection.loop().timers().cancelInLoop(idleTimer);
        idleTimer = null;
        if (handlerTimers != null) {
            ArrayList<WheelTimer> all = handlerTimers;
            handlerTimers = null;
            for (WheelTimer t : all) {
                connection.loop().timers().cancelInLoop(t);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ TimerOwner

    @Override
    public boolean acceptsTimers() {
        return connection.isConnected();
    }

    @Override
    public void track(WheelTimer timer) {
        if (handlerTimers == null) {
            handlerTimers = new ArrayList<>(2);
        }
        handlerTimers.add(timer);
    }

    @Override
    public void untrack(WheelTimer timer) {
        if (handlerTimers != null) {
            handlerTimers.remove(timer);
        }
    }

    @Override
    public void fire(Runnable task) {
        connection.invoker().run(connection, task, "timer");
    }
}
