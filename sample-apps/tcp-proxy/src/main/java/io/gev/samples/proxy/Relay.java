package io.gev.samples.proxy;

import io.gev.Connection;
import io.gev.Handler;

/**
 * One side of a relayed pair; the connection's context is the other side. Bytes go across as they come; when one
 * side's output queue fills up (its peer reads slower than the other side writes), the other side stops being read
 * until it drains; an end of stream is passed on as a half-close, and a close closes the other side after its output.
 * Both sides live on the same event loop, so none of this crosses threads.
 */
class Relay implements Handler {

    @Override
    public Object onMessage(Connection connection, Object context, byte[] data) {
        Connection other = (Connection) connection.context();
        if (other != null) {
            other.send(data);
        }
        return null;
    }

    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        Connection other = (Connection) connection.context();
        if (other == null) {
            return;
        }
        if (writable) {
            other.resumeReading();
        } else {
            other.suspendReading();
        }
    }

    /** The peer finished sending: the other side's peer gets end of stream once what was sent is out. */
    @Override
    public void onInputClosed(Connection connection) {
        Connection other = (Connection) connection.context();
        if (other == null || !other.isConnected()) {
            connection.close();
        } else {
            other.shutdownWrite();
        }
    }

    @Override
    public void onClose(Connection connection) {
        Connection other = (Connection) connection.context();
        if (other != null) {
            other.close();
        }
    }
}
