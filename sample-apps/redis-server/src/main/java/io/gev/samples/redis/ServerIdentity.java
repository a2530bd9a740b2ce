package io.gev.samples.redis;

/**
 * What the server says it is ({@code HELLO}'s {@code server} and {@code version}): the Redis release whose replies it
 * reproduces, so that clients which adapt to the server's version ({@code HELLO}, {@code CLIENT SETINFO}) treat it as
 * that release.
 */
final class ServerIdentity {

    /** The server name clients see. */
    static final String SERVER = "redis";
    /** The Redis version whose behaviour the sample follows. */
    static final String VERSION = "7.0.0";

    private ServerIdentity() {
    }
}
