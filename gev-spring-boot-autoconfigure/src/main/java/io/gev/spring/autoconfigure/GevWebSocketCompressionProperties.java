package io.gev.spring.autoconfigure;

import org.springframework.util.unit.DataSize;

/** permessage-deflate (RFC 7692) of a WebSocket server ({@code gev.protocol.websocket.compression.*}). */
public class GevWebSocketCompressionProperties {

    /**
     * Whether to agree permessage-deflate with clients that offer it (every browser does); off, messages go
     * uncompressed.
     */
    private boolean enabled = true;

    /**
     * Deflate level of outgoing messages, 0 (stored) to 9 (smallest, slowest).
     */
    private int level = 6;

    /**
     * Outgoing payloads shorter than this are sent uncompressed.
     */
    private DataSize minSize = DataSize.ofBytes(64);

    /**
     * Compress each outgoing message on its own: a worse ratio, but no compressor (about 256 KiB of native memory)
     * kept per connection.
     */
    private boolean serverNoContextTakeover = false;

    /**
     * Ask clients to compress each message on their own.
     */
    private boolean clientNoContextTakeover = false;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getLevel() {
        return level;
    }

    public void setLevel(int level) {
        this.level = level;
    }

    public DataSize getMinSize() {
        return minSize;
    }

    public void setMinSize(DataSize minSize) {
        this.minSize = minSize;
    }

    public boolean isServerNoContextTakeover() {
        return serverNoContextTakeover;
    }

    public void setServerNoContextTakeover(boolean serverNoContextTakeover) {
        this.serverNoContextTakeover = serverNoContextTakeover;
    }

    public boolean isClientNoContextTakeover() {
        return clientNoContextTakeover;
    }

    public void setClientNoContextTakeover(boolean clientNoContextTakeover) {
        this.clientNoContextTakeover = clientNoContextTakeover;
    }
}
