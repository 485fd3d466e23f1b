package io.hayate.client;

/** No connection could be established within {@link ClientConfig#connectTimeout()} (resolving included). */
public final class ConnectTimeoutException extends ClientException {
    public ConnectTimeoutException(String message) {
        super(message);
    }
}
