package io.gev.websocket;

/** Close codes of RFC 6455 (section 7.4) and the IANA registry that a server sends or reports. Thread safe. */
public final class CloseCodes {

    /** 1000: the purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: the endpoint is going away (a server shutting down, a page left). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a message of a type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reported (never sent) when a close frame carried no code. */
    public static final int NO_STATUS = 1005;
    /** 1006: reported (never sent) when the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;
    /** 1007: a text message or close reason that is not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: a message that violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message or frame over the size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1011: the server failed to handle a message. */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {
    }

    /**
     * Whether {@code code} may appear in a close frame: 1000-1003, 1007-1014 (1012-1014 were registered with IANA after
     * RFC 6455) and the application range 3000-4999. Thread safe.
     */
    public static boolean isValid(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }
}
