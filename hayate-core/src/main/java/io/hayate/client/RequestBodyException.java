package io.hayate.client;

/**
 * The request body could not be sent because of the caller's side: the file cannot be read, the stream failed or
 * did not match its declared length. Never retried: sending again would fail the same way.
 */
final class RequestBodyException extends ClientException {
    RequestBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
