package io.gev;

/**
 * A snapshot of one event loop, for monitoring (see {@link GevServer#loopInfo()}).
 *
 * @param index        the loop's index
 * @param threadName   its thread's name
 * @param alive        whether its thread is alive (false after a stop, or if it died)
 * @param connections  connections it owns
 * @param pendingTasks tasks queued for it and not yet run
 */
public record LoopInfo(int index, String threadName, boolean alive, int connections, long pendingTasks) {
}
