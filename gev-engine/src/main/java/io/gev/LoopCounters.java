package io.gev;

/**
 * Counters of one event loop. Written by the loop thread only (a volatile add by a single writer loses nothing), read
 * by anyone; no lock and no contended cache line on the hot path.
 */
final class LoopCounters {

    volatile long bytesRead;
    volatile long bytesWritten;
    volatile long messagesReceived;
    volatile long connectionsClosed;
    volatile long handlerErrors;
    volatile long protocolErrors;
    volatile long ioErrors;
}
