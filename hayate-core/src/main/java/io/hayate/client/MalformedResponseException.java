package io.hayate.client;

import io.hayate.http.ResponseViolation;

/**
 * The server's response broke HTTP/1.1 or a limit: a bad status line, bad chunking, a body shorter or longer than
 * its {@code Content-Length}, an oversized head, a body that does not decompress. The connection it came on was
 * discarded; the request is not retried (the server may have acted on it).
 */
public final class MalformedResponseException extends ClientException {
    private final ResponseViolation violation;

    public MalformedResponseException(String message, ResponseViolation violation, Throwable cause) {
        super(message, cause);
        this.violation = violation;
    }

    /** What was wrong with the response. */
    public ResponseViolation violation() {
        return violation;
    }
}
