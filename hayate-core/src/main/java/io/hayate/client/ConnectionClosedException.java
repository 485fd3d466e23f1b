package io.hayate.client;

/**
 * The connection ended (closed or reset by the server) before the response was complete. When no byte of the
 * response had arrived ({@link #responseStarted()} false) an idempotent request was already retried.
 */
public final class ConnectionClosedException extends ClientException {
    private final boolean responseStarted;

    public ConnectionClosedException(String message, boolean responseStarted, Throwable cause) {
        super(message, cause);
        this.responseStarted = responseStarted;
    }

    /** Whether some of the response had arrived before the connection ended. */
    public boolean responseStarted() {
        return responseStarted;
    }
}
