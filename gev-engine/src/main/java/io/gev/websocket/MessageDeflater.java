package io.gev.websocket;

import java.util.zip.Deflater;

/**
 * The sending side of permessage-deflate on one WebSocket (RFC 7692, section 7.2.1): a payload of at least the
 * minimum size is deflated with a sync flush, its trailing {@code 00 00 ff ff} removed, and sent in one frame with
 * RSV1; a shorter one goes out uncompressed. With context takeover the connection keeps its own {@link Deflater}
 * (created at its first compressed message); without, it borrows its loop's and resets it after each message. When
 * the client asked for a window smaller than the JDK's, the message is compressed in parts of half that window, each
 * after a reset with the part before as its dictionary, so no back-reference reaches further than the window. A
 * {@link SharedFrame} is compressed once for all its recipients, see {@link #shared}. Loop thread only, except
 * {@link #release}.
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
    /** The longest message a frame compressed on its own may carry here. */
    private final int maxAlone;
    private Deflater own;
    /** A shared frame went out since the own compressor's last message: it must start afresh. */
    private boolean contextLost;

    MessageDeflater(DeflateAgreement agreement, int level, int minSize) {
        this.level = level;
        this.minSize = minSize;
        this.contextTakeover = agreement.serverContextTakeover();
        this.resetInterval = agreement.resetInterval();
        this.maxAlone = agreement.maxAloneLength();
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

    /**
     * The frame for {@code shared} on this WebSocket: its form compressed on its own (once, for every recipient) where
     * the agreement allows it, else its plain form. A message compressed with no context before it suits every
     * agreement (RFC 7692, section 7.2.1: context takeover is the server's option, never its duty), and every window
     * the client may have asked for, when the message is no longer than that window: no back-reference can then reach
     * further. Below the minimum size, or longer than the window, it goes plain. With context takeover, the
     * connection's own compressor then starts afresh at its next message (a reset clears zlib's 64 KiB hash table:
     * done once, not per shared frame): the client's window now holds the shared message, which the compressor's
     * does not, so a back-reference from the next message would point at the wrong bytes.
     */
    byte[] shared(SharedFrame shared) {
        int length = shared.payloadLength();
        if (length < minSize || length > maxAlone) {
            return shared.bytes();
        }
        contextLost = own != null; // reset at the next message compressed with it, once however many come first
        return shared.compressed(level);
    }

    /**
     * The frame of {@code opcode} carrying {@code length} bytes of {@code data} from {@code offset}, compressed at
     * {@code level} with no context before it, through the calling thread's {@link LoopCompression}.
     */
    static byte[] compressAlone(int opcode, byte[] data, int offset, int length, int level) {
        LoopCompression loop = LoopCompression.current();
        return deflate(loop, loop.sharedDeflater(level), false, Integer.MAX_VALUE, opcode, data, offset, length);
    }

    private byte[] compress(LoopCompression loop, int opcode, byte[] data, int length) {
        Deflater deflater = contextTakeover ? own() : loop.sharedDeflater(level);
        return deflate(loop, deflater, contextTakeover, resetInterval, opcode, data, 0, length);
    }

    /**
     * Deflates {@code length} bytes of {@code data} from {@code offset} into a frame of {@code opcode} with RSV1, in
     * parts of at most {@code part} bytes, each after a reset with the part before as its dictionary; the deflater
     * keeps its context afterwards when {@code keep} (then in one part), else it is reset.
     */
    private static byte[] deflate(LoopCompression loop, Deflater deflater, boolean keep, int part, int opcode,
            byte[] data, int offset, int length) {
        if (length == 0) {
            return FrameEncoder.compressed(opcode, EMPTY_BLOCK, EMPTY_BLOCK.length);
        }
        int end = offset + length;
        int at = 0;
        int from = offset;
        do {
            int n = Math.min(part, end - from);
            if (from > offset) { // reset after the part before: which is all it may refer back to
                deflater.setDictionary(data, from - part, part);
            }
            deflater.setInput(data, from, n);
            at = flush(deflater, loop, at);
            from += n;
            if (!keep) {
                deflater.reset();
            }
        } while (from < end);
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
        } else if (contextLost) {
            own.reset();
            contextLost = false;
        }
        return own;
    }
}
