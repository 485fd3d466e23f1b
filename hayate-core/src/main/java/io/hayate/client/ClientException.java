package io.hayate.client;

import java.io.IOException;

/**
 * A request failed in a way specific to HTTP: a timeout, a malformed response, a connection closed before the
 * answer, too many redirects. The message starts with the method and URI, e.g.
 * {@code "GET http://127.0.0.1:8080/slow: no response head within 200 ms (headersTimeout)"}.
 *
 * <p>Failures of the network itself keep their JDK types ({@link java.net.ConnectException} for a refused
 * connection, {@link java.net.UnknownHostException} for a name that does not resolve).
 */
public class ClientException extends IOException {

    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
