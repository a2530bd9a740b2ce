package io.gev.samples.echo;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends every message back as it came. The one bean the application writes. */
@GevHandler
public class EchoHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger(EchoHandler.class);

    @Override
    public void onConnect(Connection connection) {
        log.debug("connected: {}", connection.peerAddress());
    }

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        return data;
    }

    @Override
    public void onClose(Connection connection) {
        log.debug("closed: {}", connection.peerAddress());
    }
}
