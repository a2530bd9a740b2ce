package io.gev.bench.load;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/** A connection of a load tool, attached to its selection key: it reads when readable, writes when writable. */
interface Selected {

    /** Its socket has input (or its end). Called on the tool's selector thread. */
    void readable() throws IOException;

    /** Its socket takes output. Called on the tool's selector thread. */
    void writable() throws IOException;

    /** Serves every selected key of {@code selector} (each attachment a {@link Selected}) and clears the set. */
    static void serve(Selector selector) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            Selected connection = (Selected) key.attachment();
            if (key.isReadable()) {
                connection.readable();
            }
            if (key.isValid() && key.isWritable()) {
                connection.writable();
            }
        }
        selector.selectedKeys().clear();
    }
}
