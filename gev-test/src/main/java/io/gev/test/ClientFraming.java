package io.gev.test;

import io.gev.Frame;
import java.util.List;
import java.util.function.Consumer;

/** How a {@link GevTestClient} frames what it sends and cuts what it receives. Not thread safe. */
interface ClientFraming {

    /** The bytes of {@code message} on the wire. */
    byte[] pack(Object message);

    /**
     * The frames that became whole with {@code bytes}; what a frame needs sent back at once (a WebSocket pong, the
     * reply to a close) goes to {@code reply}.
     */
    List<Frame> unpack(byte[] bytes, Consumer<byte[]> reply);
}
