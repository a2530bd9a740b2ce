package io.gev.samples.push;

import io.gev.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The connections that get the pushes. Thread safe: connections on every event loop join and leave while the timer
 * sends from its own loop ({@link Connection#send} is thread safe too).
 */
@Component
public class Subscribers {

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    /** Starts pushing to {@code connection}. */
    public void add(Connection connection) {
        connections.add(connection);
    }

    /** Stops pushing to {@code connection}. */
    public void remove(Connection connection) {
        connections.remove(connection);
    }

    /** How many connections are pushed to now. */
    public int size() {
        return connections.size();
    }

    /**
     * Sends {@code message} to every connection that keeps up: one whose replies back up past the high watermark
     * ({@link Connection#isWritable()} is false) skips ticks until it has read them, rather than piling up output.
     */
    public void sendToAll(Object message) {
        for (Connection connection : connections) {
            if (connection.isWritable()) {
                connection.send(message);
            }
        }
    }
}
