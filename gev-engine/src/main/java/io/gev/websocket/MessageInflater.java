package io.gev.websocket;

import io.gev.buffer.RingBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving side of permessage-deflate on one WebSocket (RFC 7692, section 7.2.2): the compressed payload of a
 * message is unmasked and inflated as it arrives, through the loop's input array, into the {@link MessageBuffer}
 * (which borrows the loop's array for it, so that a message whole in one read is copied once, to its exact size);
 * the {@code 00 00 ff ff} the sender removed is put back at the end of the message. The max message size applies to
 * the inflated bytes, checked while inflating: a message that would inflate beyond it fails with 1009 once the limit
 * is reached, whatever its compressed size, so memory stays bounded. The {@link Inflater} (a window of any size up to
 * 32 KiB suits it) is created at the first compressed message, kept from message to message unless the client
 * compresses without context, and ended by {@link #release}. Loop thread only, except {@link #release}.
 */
final class MessageInflater {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int CHUNK = 16 * 1024;
    /** Where one inflated byte beyond the limit goes to be detected; written by any loop, never read. */
    private static final byte[] PROBE = new byte[1];

    private final boolean noContextTakeover;
    private Inflater inflater;

    MessageInflater(DeflateAgreement agreement) {
        this.noContextTakeover = agreement.clientNoContextTakeover();
    }

    /**
     * Inflates {@code n} compressed payload bytes from {@code in}, masked with {@code maskKey} from payload byte
     * {@code position} on, into {@code message}.
     */
    void inflate(RingBuffer in, int n, int maskKey, int position, MessageBuffer message) {
        LoopCompression loop = LoopCompression.current();
        message.borrow(loop.inflated());
        for (int done = 0; done < n; ) {
            int k = Math.min(CHUNK, n - done);
            byte[] chunk = loop.input(k);
            in.read(chunk, 0, k);
            Masking.unmask(chunk, 0, k, maskKey, position + done);
            drain(chunk, k, message);
            done += k;
        }
    }

    /** Ends the message: inflates the removed tail, then forgets the context if the client keeps none. */
    void finish(MessageBuffer message) {
        drain(TAIL, TAIL.length, message);
        if (noContextTakeover || inflater.finished()) {
            inflater.reset();
        }
    }

    /** Frees the inflater. Thread safe. */
    void release() {
        Inflater current = inflater;
        if (current != null) {
            current.end();
        }
    }

    private void drain(byte[] input, int length, MessageBuffer message) {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        inflater.setInput(input, 0, length);
        try {
            while (true) {
                if (message.free() == 0 && !message.grow()) {
                    if (inflater.inflate(PROBE) > 0) {
                        throw new WebSocketException(CloseCodes.MESSAGE_TOO_BIG,
                                "message inflates beyond the maximum of " + message.maxSize() + " bytes");
                    }
                    return;
                }
                int n = inflater.inflate(message.array(), message.length(), message.free());
                message.advance(n);
                if (n == 0) {
                    return; // the input is used up, or the stream ended with a final block (what follows is ignored)
                }
            }
        } catch (DataFormatException e) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "compressed message is not valid deflate data");
        }
    }
}
