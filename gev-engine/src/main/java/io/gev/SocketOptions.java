package io.gev;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;

/**
 * The socket options of a server's or a client's sockets.
 *
 * @param tcpNoDelay        TCP_NODELAY on TCP sockets
 * @param keepAlive         SO_KEEPALIVE on TCP sockets
 * @param receiveBufferSize SO_RCVBUF in bytes, 0 for the operating system's
 * @param sendBufferSize    SO_SNDBUF in bytes, 0 for the operating system's
 */
record SocketOptions(boolean tcpNoDelay, boolean keepAlive, int receiveBufferSize, int sendBufferSize) {

    /**
     * Makes {@code channel} non-blocking and gives it the options: TCP_NODELAY and SO_KEEPALIVE when it is a TCP
     * socket ({@code tcp}), SO_SNDBUF, and SO_RCVBUF when {@code receiveBuffer} (an accepted socket inherits the
     * listener's instead, set before its handshake so that the window scales). Thread safe.
     */
    void configure(SocketChannel channel, boolean tcp, boolean receiveBuffer) throws IOException {
        channel.configureBlocking(false);
        if (tcp) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
        }
        if (sendBufferSize > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
        }
        if (receiveBuffer && receiveBufferSize > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
        }
    }

    /** Makes {@code channel} non-blocking and gives it the buffer sizes. Thread safe. */
    void configure(DatagramChannel channel) throws IOException {
        channel.configureBlocking(false);
        if (receiveBufferSize > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
        }
        if (sendBufferSize > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
        }
    }
}
