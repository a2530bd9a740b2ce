package io.gev;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/** Small socket helpers that never block and never resolve a name. Thread safe. */
final class Sockets {

    private Sockets() {
    }

    /** Closes {@code channel} (if any), ignoring failure: nothing was ever sent on it, or it is done. */
    static void closeQuietly(Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }

    /**
     * {@code address} for logs and messages: {@code host:port} with the host as given or as a literal (never looked
     * up), {@code unix:path} for a Unix domain socket.
     */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return address instanceof UnixDomainSocketAddress unix ? "unix:" + unix.getPath() : String.valueOf(address);
    }

    /** The remote address of a connected socket, or null when it has none (it closed). */
    static SocketAddress remoteAddress(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The local address of a socket, or null when it has none (it closed). */
    static SocketAddress localAddress(NetworkChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
