/** Byte buffers of the engine: {@link io.gev.buffer.RingBuffer}, the growable circular buffer protocols read from. */
package io.gev.buffer;
