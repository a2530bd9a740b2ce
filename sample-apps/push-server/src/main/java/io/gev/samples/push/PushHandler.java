package io.gev.samples.push;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;

/** Subscribes every connection while it is open. Clients only listen: the lines they send are dropped. */
@GevHandler
public class PushHandler implements Handler {

    private final Subscribers subscribers;

    public PushHandler(Subscribers subscribers) {
        this.subscribers = subscribers;
    }

    @Override
    public void onConnect(Connection connection) {
        subscribers.add(connection);
    }

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        return null;
    }

    @Override
    public void onClose(Connection connection) {
        subscribers.remove(connection);
    }
}
