package io.gev.samples.redis;

/**
 * What a conditional {@link Keyspace#set} did. Immutable.
 *
 * @param written  whether it wrote
 * @param previous the value the key had before, null for none
 */
public record SetResult(boolean written, byte[] previous) {
}
