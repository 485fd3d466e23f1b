package io.hayate.client;

/**
 * The server was too slow on a live connection: the response head did not arrive within
 * {@link ClientConfig#headersTimeout()}, or the body stalled for {@link ClientConfig#idleTimeout()}.
 */
public final class ResponseTimeoutException extends ClientException {
    private final boolean headReceived;

    public ResponseTimeoutException(String message, boolean headReceived) {
        super(message);
        this.headReceived = headReceived;
    }

    /** Whether the head had arrived (the body stalled) or not (the server never answered in time). */
    public boolean headReceived() {
        return headReceived;
    }
}
