package io.hayate.websocket;

/**
 * Received frames broke the WebSocket protocol or a limit. Carries the {@link WsViolation}, which names the close code
 * to fail the connection with.
 *
 * <p>Thrown for bad input, so it is cheap: it records no stack trace.
 */
public final class WebSocketException extends RuntimeException {
    private final WsViolation violation;

    public WebSocketException(WsViolation violation, String detail) {
        super(detail == null ? violation.description() : violation.description() + ": " + detail, null, false, false);
        this.violation = violation;
    }

    public WebSocketException(WsViolation violation) {
        this(violation, null);
    }

    public WsViolation violation() {
        return violation;
    }

    /** The status code of the Close frame to send before closing the connection. */
    public int closeCode() {
        return violation.closeCode();
    }
}
