package io.gev.samples.redis;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients connected now, by id, across every event loop: what {@code CLIENT LIST} lists. Thread safe.
 */
public final class Clients {

    private final Map<Long, Client> byId = new ConcurrentHashMap<>();

    /** Adds {@code client}, whose connection just opened; any thread. */
    public void add(Client client) {
        byId.put(client.id(), client);
    }

    /** Removes {@code client}, whose connection closed; any thread. */
    public void remove(Client client) {
        byId.remove(client.id());
    }

    /** The connected client of {@code id}, or null; any thread. */
    public Client find(long id) {
        return byId.get(id);
    }

    /** How many clients are connected; any thread. */
    public int count() {
        return byId.size();
    }

    /** Every connected client, oldest first; any thread. */
    public List<Client> all() {
        return byId.values().stream().sorted(Comparator.comparingLong(Client::id)).toList();
    }
}
