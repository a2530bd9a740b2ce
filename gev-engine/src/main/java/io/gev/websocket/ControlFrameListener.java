package io.gev.websocket;

/** Where a {@link FrameDecoder} hands the control frames it decodes (pongs it drops itself). In loop. */
interface ControlFrameListener {

    /** A ping arrived with {@code payload}; it wants a pong with the same payload. */
    void pingReceived(byte[] payload);

    /** A valid close frame arrived; {@code code} is {@link CloseCodes#NO_STATUS} when it carried none. */
    void closeReceived(int code, String reason);
}
