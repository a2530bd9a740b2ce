package io.gev;

/**
 * Why a server refused a connection, before its handler or protocol saw it (see {@link ServerStats#connectionsRefused}
 * and the meter {@code gev.connections.refused{reason}}).
 */
public enum RefusalReason {

    /** The server had its maximum of connections open. */
    MAX_CONNECTIONS("max-connections"),

    /** The client's address had its maximum of connections open. */
    MAX_CONNECTIONS_PER_IP("max-connections-per-ip"),

    /** The client's address is denied, or not allowed, by the server's access list. */
    ACCESS("access"),

    /** The client's address opened connections faster than the server's rate per address allows. */
    RATE("rate");

    private final String tag;

    RefusalReason(String tag) {
        this.tag = tag;
    }

    /** The reason as a meter tag value ({@code max-connections}, {@code access}...). Thread safe. */
    public String tag() {
        return tag;
    }
}
