package io.gev;

/**
 * What gev does with a connection whose queued output passes {@link GevServer.Builder#maxOutboundBytes}: a peer that
 * stops reading while the server keeps producing (a push, a broadcast, a pipelining client that never reads replies).
 */
public enum OverflowPolicy {

    /**
     * Close the connection at once, dropping its queued output, with the reason logged and counted in
     * {@link ServerStats#outboundOverflows()} (like Redis's client-output-buffer-limit). The default.
     */
    CLOSE,

    /**
     * Keep the connection and its output; reading stays paused (as above the high watermark) until the output drains.
     * Producers that write on their own should watch {@link Connection#isWritable()}.
     */
    PAUSE_READ
}
