package io.gev;

import java.io.IOException;

/**
 * A {@link GevClient} connect that failed on this side, before the remote was asked: no socket could be opened (the
 * process is out of file descriptors, the system out of memory) or no local port could be bound. The remote is not
 * to blame, which matters to whoever keeps its health (a load balancer should not take a healthy upstream out for
 * it); {@link #getCause()} is the JDK's exception. Deliberately not a {@link java.net.ConnectException}, which means
 * the remote refused.
 */
public class LocalConnectException extends IOException {

    private static final long serialVersionUID = 1L;

    /** A local failure to connect to {@code remote}, caused by {@code cause}. */
    public LocalConnectException(String remote, IOException cause) {
        super("no socket could be had here to connect to " + remote + " (" + cause.getMessage() + ")", cause);
    }
}
