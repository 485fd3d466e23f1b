package io.hayate.http;

/**
 * A response broke HTTP/1.1 or a limit. Carries the {@link ResponseViolation}; the connection it came on must be
 * closed.
 *
 * <p>Thrown for bad input, so it is cheap: it records no stack trace.
 */
public final class BadResponseException extends RuntimeException {
    private final ResponseViolation violation;

    public BadResponseException(ResponseViolation violation, String detail) {
        super(detail == null ? violation.description() : violation.description() + ": " + detail, null, false, false);
        this.violation = violation;
    }

    public BadResponseException(ResponseViolation violation) {
        this(violation, null);
    }

    public ResponseViolation violation() {
        return violation;
    }
}
