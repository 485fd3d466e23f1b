package io.hayate.server;

import io.hayate.http.Status;

/**
 * Thrown by a handler to answer with a status and a short plain-text message, like Bottle's {@code abort}.
 * The message is sent to the client, so it must not hold secrets.
 */
public class HttpError extends RuntimeException {
    private final int status;

    public HttpError(int status, String message) {
        super(message == null ? Status.reason(status) : message, null, false, false);
        Status.checkCode(status);
        this.status = status;
    }

    public HttpError(int status) {
        this(status, null);
    }

    public int status() {
        return status;
    }
}
