package io.gev.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Settings of the WebSocket protocol: limits, timeouts, subprotocols, permessage-deflate compression (RFC 7692) and
 * the hooks of the opening handshake. Every setting has a default ({@link #defaults()}). Immutable; thread safe.
 */
public final class WebSocketOptions {

    private static final WebSocketOptions DEFAULTS = builder().build();

    private final int maxMessageSize;
    private final int maxFrameSize;
    private final int maxHandshakeSize;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final List<String> subprotocols;
    private final Predicate<String> originCheck;
    private final UpgradeFilter upgradeFilter;
    private final PlainHttpHandler plainHttpHandler;
    private final boolean compression;
    private final int compressionLevel;
    private final int compressionMinSize;
    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;

    private WebSocketOptions(Builder b) {
        this.maxMessageSize = b.maxMessageSize;
        this.maxFrameSize = b.maxFrameSize > 0 ? b.maxFrameSize : b.maxMessageSize;
        this.maxHandshakeSize = b.maxHandshakeSize;
        this.handshakeTimeout = b.handshakeTimeout;
        this.closeTimeout = b.closeTimeout;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.originCheck = b.originCheck;
        this.upgradeFilter = b.upgradeFilter;
        this.plainHttpHandler = b.plainHttpHandler;
        this.compression = b.compression;
        this.compressionLevel = b.compressionLevel;
        this.compressionMinSize = b.compressionMinSize;
        this.serverNoContextTakeover = b.serverNoContextTakeover;
        this.clientNoContextTakeover = b.clientNoContextTakeover;
    }

    /** The default settings. Thread safe. */
    public static WebSocketOptions defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. Thread safe. */
    public static Builder builder() {
        return new Builder();
    }

    /** Longest message accepted, after reassembly, in bytes; a longer one closes with 1009. Thread safe. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Longest data frame payload accepted, in bytes; a longer one closes with 1009. Thread safe. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Longest opening handshake request (request line and headers) accepted, in bytes. Thread safe. */
    public int maxHandshakeSize() {
        return maxHandshakeSize;
    }

    /** How long a new connection may take to complete its opening handshake before it is closed. Thread safe. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** How long to wait for the peer's close frame after sending ours before closing TCP. Thread safe. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** The subprotocols this server speaks, unmodifiable; empty when none. Thread safe. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Tests the Origin header of an upgrade (null when absent); false refuses it with 403. Thread safe. */
    public Predicate<String> originCheck() {
        return originCheck;
    }

    /** Accepts or refuses upgrades that passed the origin check. Thread safe. */
    public UpgradeFilter upgradeFilter() {
        return upgradeFilter;
    }

    /** Answers plain HTTP GET requests, or null when there is none (they get 426 Upgrade Required). Thread safe. */
    public PlainHttpHandler plainHttpHandler() {
        return plainHttpHandler;
    }

    /** Whether permessage-deflate is agreed with clients that offer it. Thread safe. */
    public boolean compression() {
        return compression;
    }

    /** The deflate level of outgoing messages, 0 (stored) to 9 (smallest). Thread safe. */
    public int compressionLevel() {
        return compressionLevel;
    }

    /** Outgoing payloads shorter than this many bytes are sent uncompressed. Thread safe. */
    public int compressionMinSize() {
        return compressionMinSize;
    }

    /** Whether the server compresses each message on its own, even where it may keep context. Thread safe. */
    public boolean serverNoContextTakeover() {
        return serverNoContextTakeover;
    }

    /** Whether the server asks clients to compress each message on its own. Thread safe. */
    public boolean clientNoContextTakeover() {
        return clientNoContextTakeover;
    }

    @Override
    public String toString() {
        return "WebSocketOptions[maxMessageSize=" + maxMessageSize + ", maxFrameSize=" + maxFrameSize
                + ", maxHandshakeSize=" + maxHandshakeSize + ", handshakeTimeout=" + handshakeTimeout
                + ", closeTimeout=" + closeTimeout + ", subprotocols=" + subprotocols + ", compression="
                + compression + ", compressionLevel=" + compressionLevel + ", compressionMinSize="
                + compressionMinSize + ", serverNoContextTakeover=" + serverNoContextTakeover
                + ", clientNoContextTakeover=" + clientNoContextTakeover + "]";
    }

    /** Settings of {@link WebSocketOptions}; invalid values throw {@link IllegalArgumentException}. Not thread safe. */
    public static final class Builder {

        private int maxMessageSize = 1 << 20;
        private int maxFrameSize;
        private int maxHandshakeSize = 8 * 1024;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private final List<String> subprotocols = new ArrayList<>();
        private Predicate<String> originCheck = origin -> true;
        private UpgradeFilter upgradeFilter = (path, headers) -> null;
        private PlainHttpHandler plainHttpHandler;
        private boolean compression = true;
        private int compressionLevel = 6;
        private int compressionMinSize = 64;
        private boolean serverNoContextTakeover;
        private boolean clientNoContextTakeover;

        private Builder() {
        }

        /** Longest message after reassembly, in bytes; default 1 MiB. Not thread safe. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = positive(bytes, "maxMessageSize");
            return this;
        }

        /** Longest data frame payload, in bytes; default: the max message size. Not thread safe. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = positive(bytes, "maxFrameSize");
            return this;
        }

        /** Longest opening handshake request; default 8 KiB. A longer one gets 431 and is closed. Not thread safe. */
        public Builder maxHandshakeSize(int bytes) {
            this.maxHandshakeSize = positive(bytes, "maxHandshakeSize");
            return this;
        }

        /** Time a connection has to complete the opening handshake; default 10 s. Not thread safe. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** Wait for the peer's close frame after sending ours; default 5 s. Not thread safe. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        /**
         * The subprotocols this server speaks (replacing earlier ones); the first one the client offers that is
         * among them is agreed. Default none. Not thread safe.
         */
        public Builder subprotocols(List<String> names) {
            for (String name : names) {
                if (!HttpRequestHead.isToken(name)) {
                    throw new IllegalArgumentException("a subprotocol must be an HTTP token: " + name);
                }
            }
            this.subprotocols.clear();
            this.subprotocols.addAll(names);
            return this;
        }

        /** Same as {@link #subprotocols(List)}. Not thread safe. */
        public Builder subprotocols(String... names) {
            return subprotocols(List.of(names));
        }

        /**
         * Tests the Origin header of each upgrade (null when the request has none); false refuses it with 403.
         * Default: every origin is accepted. Not thread safe.
         */
        public Builder originCheck(Predicate<String> check) {
            this.originCheck = Objects.requireNonNull(check, "originCheck");
            return this;
        }

        /** Accepts or refuses upgrades that passed the origin check; default: all are accepted. Not thread safe. */
        public Builder upgradeFilter(UpgradeFilter filter) {
            this.upgradeFilter = Objects.requireNonNull(filter, "upgradeFilter");
            return this;
        }

        /**
         * Answers plain HTTP GET requests; default none (they get 426 Upgrade Required). Null removes it. Not thread
         * safe.
         */
        public Builder plainHttpHandler(PlainHttpHandler handler) {
            this.plainHttpHandler = handler;
            return this;
        }

        /**
         * Whether to agree permessage-deflate (RFC 7692) with clients that offer it; default true. Without it the
         * offer is declined and messages go uncompressed. Not thread safe.
         */
        public Builder compression(boolean enabled) {
            this.compression = enabled;
            return this;
        }

        /** Deflate level of outgoing messages, 0 (stored) to 9 (smallest, slowest); default 6. Not thread safe. */
        public Builder compressionLevel(int level) {
            if (level < 0 || level > 9) {
                throw new IllegalArgumentException("compressionLevel must be between 0 and 9: " + level);
            }
            this.compressionLevel = level;
            return this;
        }

        /**
         * Outgoing payloads (UTF-8 bytes of a text) shorter than this are sent uncompressed; default 64 bytes, 0
         * compresses every message. Not thread safe.
         */
        public Builder compressionMinSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("compressionMinSize must not be negative: " + bytes);
            }
            this.compressionMinSize = bytes;
            return this;
        }

        /**
         * Compress each outgoing message on its own (answered as {@code server_no_context_takeover}); default false.
         * A worse ratio, but no compressor kept per connection: the loop's is shared. Not thread safe.
         */
        public Builder serverNoContextTakeover(boolean noContextTakeover) {
            this.serverNoContextTakeover = noContextTakeover;
            return this;
        }

        /**
         * Ask clients to compress each message on their own ({@code client_no_context_takeover}); default false.
         * Not thread safe.
         */
        public Builder clientNoContextTakeover(boolean noContextTakeover) {
            this.clientNoContextTakeover = noContextTakeover;
            return this;
        }

        /** The options. Not thread safe. */
        public WebSocketOptions build() {
            return new WebSocketOptions(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
