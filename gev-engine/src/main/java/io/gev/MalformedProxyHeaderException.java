package io.gev;

/** A PROXY protocol header that is malformed, or missing where one is required: its connection is closed. */
final class MalformedProxyHeaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedProxyHeaderException(String message) {
        super(message);
    }
}
