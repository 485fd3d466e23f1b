package io.hayate.websocket;

/**
 * An opening handshake failed. Carries the {@link HandshakeError}, which names the status a server answers with (or
 * 0 when a client found the error in a response).
 *
 * <p>Thrown for bad input, so it is cheap: it records no stack trace.
 */
public final class HandshakeException extends RuntimeException {
    private final HandshakeError error;

    public HandshakeException(HandshakeError error, String detail) {
        super(detail == null ? error.description() : error.description() + ": " + detail, null, false, false);
        this.error = error;
    }

    public HandshakeError error() {
        return error;
    }

    /** The status to answer with, or 0 for an error found by a client. */
    public int status() {
        return error.status();
    }
}
