package io.gev.websocket;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate as a client does it, with the JDK, for building the compressed payloads a test sends and reading
 * the ones the server sends back: a sync flush with its {@code 00 00 ff ff} removed, and that tail put back before
 * inflating. Context is kept from message to message, as by default.
 */
final class ClientDeflate {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    /** The compressed payload of a message carrying {@code data}. */
    byte[] compress(byte[] data) {
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] compressed = out.toByteArray();
        return Arrays.copyOf(compressed, compressed.length - TAIL.length);
    }

    /** The message carried by a compressed payload the server sent. */
    byte[] inflate(byte[] payload) throws DataFormatException {
        inflater.setInput(RawClient.concat(payload, TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }
}
