package io.hayate.websocket;

import io.hayate.http.Headers;

/**
 * Every way an opening handshake can fail (RFC 6455 §4), with the answer a server gives. This is the one table that
 * maps a handshake error to a status code and the headers that go with it.
 *
 * <p>The first group is found by a server in a request ({@link Handshake#validateRequest}): answer with
 * {@link #status()}, add {@link #addAnswerHeaders}, and do not upgrade. The second group is found by a client in a
 * response ({@link Handshake#verifyResponse}): {@link #status()} is 0, there is nothing to answer, and the client
 * fails the connection (RFC 6455 §4.1: "the client MUST Fail the WebSocket Connection").
 */
public enum HandshakeError {
    /** The request method is not GET (RFC 6455 §4.1). Answer 405 with {@code Allow: GET}. */
    METHOD_NOT_GET(405, "the opening handshake is a GET request", "Allow", "GET"),
    /** An HTTP/1.0 request: the handshake needs HTTP/1.1 or later (RFC 6455 §4.1). */
    HTTP_1_0(400, "the opening handshake needs HTTP/1.1", null, null),
    /**
     * No {@code Upgrade} header listing {@code websocket}: a plain request to a WebSocket endpoint. Answer 426 with
     * {@code Upgrade: websocket} (RFC 9110 §15.5.22).
     */
    NOT_A_WEBSOCKET_UPGRADE(426, "Upgrade: websocket required", "Upgrade", "websocket"),
    /** {@code Connection} does not list {@code upgrade} (RFC 6455 §4.2.1 item 4). */
    CONNECTION_NOT_UPGRADE(400, "Connection must list upgrade", null, null),
    /**
     * {@code Sec-WebSocket-Version} missing, repeated or not {@code 13}. Answer 426 with
     * {@code Sec-WebSocket-Version: 13} (RFC 6455 §4.2.2 item 4).
     */
    UNSUPPORTED_VERSION(426, "Sec-WebSocket-Version 13 required", "Sec-WebSocket-Version", Handshake.VERSION),
    /** {@code Sec-WebSocket-Key} missing, repeated, or not the base64 form of 16 bytes (RFC 6455 §4.1 item 7). */
    INVALID_KEY(400, "Sec-WebSocket-Key must be 16 bytes in base64", null, null),

    /** The response status is not 101 Switching Protocols. */
    UNEXPECTED_STATUS(0, "the server did not switch protocols", null, null),
    /** The response lacks {@code Upgrade: websocket} or {@code Connection: upgrade} (RFC 6455 §4.1 items 2, 3). */
    RESPONSE_NOT_UPGRADE(0, "the response does not upgrade to websocket", null, null),
    /** {@code Sec-WebSocket-Accept} is missing or does not match the key sent (RFC 6455 §4.1 item 4). */
    ACCEPT_MISMATCH(0, "Sec-WebSocket-Accept does not match the key", null, null),
    /** The response names a subprotocol the client did not offer, or several (RFC 6455 §4.1 item 6). */
    UNEXPECTED_SUBPROTOCOL(0, "the server chose a subprotocol that was not offered", null, null),
    /** The response names an extension or parameters the client did not offer, or is malformed (RFC 6455 §4.1 item 5). */
    UNEXPECTED_EXTENSION(0, "the server chose an extension that was not offered", null, null);

    private final int status;
    private final String description;
    private final String headerName;
    private final String headerValue;

    HandshakeError(int status, String description, String headerName, String headerValue) {
        this.status = status;
        this.description = description;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    /** The status a server answers with: 400, 405 or 426; 0 for an error a client finds in a response. */
    public int status() {
        return status;
    }

    /** A short text for logs and for the body of the answer. */
    public String description() {
        return description;
    }

    /**
     * Adds the headers the answer must carry, if any: {@code Allow: GET}, {@code Upgrade: websocket} (with a
     * {@code Connection: Upgrade} field added beside any other), or {@code Sec-WebSocket-Version: 13}.
     */
    public void addAnswerHeaders(Headers headers) {
        if (headerName != null) {
            headers.set(headerName, headerValue);
            if (headerName.equals("Upgrade")) {
                headers.add("Connection", "Upgrade"); // RFC 9110 §7.8: Upgrade is listed in Connection
            }
        }
    }
}
