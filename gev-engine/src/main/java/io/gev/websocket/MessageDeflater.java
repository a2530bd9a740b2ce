package io.gev.websocket;

import java.util.zip.Deflater;

/**
 * The sending side of permessage-deflate on one WebSocket (RFC 7692, section 7.2.1): a payload of at least the
 * minimum size is deflated with a sync flush, its trailing {@code 00 00 ff ff} removed, and sent in one frame with
 * RSV1; a shorter one goes out uncompressed. With context takeover the connection keeps its own {@link Deflater}
 * (created at its first compressed message); without, it borrows its loop's and resets it after each message. When
 * the client asked for a window smaller than the JDK's, the message is compressed in parts of half that window, each
 * after a reset with the part before as its dictionary, so no back-reference reaches further than the window. Loop
 * thread only, except {@link #release}.
 */
final class MessageDeflater {

    private static final int TAIL = 4;
    private static final byte[] NOTHING = new byte[0];
    /** An empty message compressed (RFC 7692, section 7.2.3.6): zlib emits nothing for a repeated empty flush. */
    private static final byte[] EMPTY_BLOCK = {0x00};

    private final int level;
    private final int minSize;
    private final boolean contextTakeover;
    private final int resetInterval;
    private Deflater own;

    MessageDeflater(DeflateAgreement agreement, int level, int minSize) {
        this.level = level;
        this.minSize = minSize;
        this.contextTakeover = agreement.serverContextTakeover();
        this.resetInterval = agreement.resetInterval();
    }

    /** The frame for {@code text}: compressed unless its UTF-8 is shorter than the minimum. */
    byte[] text(CharSequence text) {
        int length = FrameEncoder.utf8Length(text);
        if (length < minSize) {
            return FrameEncoder.text(text, length);
        }
        LoopCompression loop = LoopCompression.current();
        byte[] utf8 = loop.input(length);
        FrameEncoder.encodeUtf8(text, utf8, 0);
        return compress(loop, Opcode.TEXT, utf8, length);
    }

    /** The frame of {@code opcode} for {@code data}: compressed unless it is shorter than the minimum. */
    byte[] bytes(int opcode, byte[] data) {
        if (data.length < minSize) {
            return FrameEncoder.frame(opcode, data);
        }
        return compress(LoopCompression.current(), opcode, data, data.length);
    }

    /** Frees the connection's own compressor. Thread safe. */
    void release() {
        Deflater deflater = own;
        if (deflater != null) {
            deflater.end();
        }
    }

    private byte[] compress(LoopCompression loop, int opcode, byte[] data, int length) {
        if (length == 0) {
            return FrameEncoder.compressed(opcode, EMPTY_BLOCK, EMPTY_BLOCK.length);
        }
        Deflater deflater = contextTakeover ? own() : loop.sharedDeflater(level);
        int at = 0;
        int from = 0;
        do {
            int n = Math.min(resetInterval, length - from);
            if (from > 0 && !contextTakeover) { // reset after the part before: which is all it may refer back to
                deflater.setDictionary(data, from - resetInterval, resetInterval);
            }
            deflater.setInput(data, from, n);
            at = flush(deflater, loop, at);
            from += n;
            if (!contextTakeover) {
                deflater.reset();
            }
        } while (from < length);
        deflater.setInput(NOTHING); // holds on to no payload until the next message
        byte[] frame = FrameEncoder.compressed(opcode, loop.output(), at - TAIL);
        loop.trim();
        return frame;
    }

    /** Deflates the input set, with a sync flush, into the loop's output from {@code at}; returns the new end. */
    private static int flush(Deflater deflater, LoopCompression loop, int at) {
        byte[] out = loop.output();
        while (true) {
            at += deflater.deflate(out, at, out.length - at, Deflater.SYNC_FLUSH);
            if (at < out.length) {
                return at; // output space left over: everything is flushed
            }
            out = loop.growOutput();
        }
    }

    private Deflater own() {
        if (own == null) {
            own = new Deflater(level, true);
        }
        return own;
    }
}
