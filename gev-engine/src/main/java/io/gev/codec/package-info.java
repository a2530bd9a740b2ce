/**
 * Built-in framings: {@link io.gev.codec.DelimiterProtocol} (lines and delimiters) and
 * {@link io.gev.codec.LengthFieldProtocol}. Each enforces a maximum frame length and rejects malformed input with a
 * {@link io.gev.codec.FrameException}, which closes only the offending connection.
 */
package io.gev.codec;
