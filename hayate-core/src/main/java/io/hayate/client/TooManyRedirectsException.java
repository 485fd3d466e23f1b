package io.hayate.client;

/** A request was redirected more often than {@link ClientConfig#maxRedirects()} allows (or in a loop). */
public final class TooManyRedirectsException extends ClientException {
    public TooManyRedirectsException(String message) {
        super(message);
    }
}
