package io.hayate.client;

/**
 * The whole exchange took longer than its request timeout ({@link ClientRequest#withTimeout} or
 * {@link ClientConfig#requestTimeout()}): waiting for a connection, connecting, retries, redirects and the body all
 * count. The request is abandoned and its connection closed.
 */
public final class RequestTimeoutException extends ClientException {
    public RequestTimeoutException(String message) {
        super(message);
    }
}
