package io.hayate.client;

import java.nio.ByteBuffer;

/**
 * A WebSocket client in the callback style ({@link HttpClient#webSocket}).
 *
 * <p><b>Threading.</b> Every method runs on the client's loop thread that owns the connection, one at a time, in
 * order; none may block. {@link #onClose} is called exactly once, last.
 */
public interface ClientWebSocketListener {

    /** The handshake is done; messages may be sent. */
    default void onOpen(ClientWebSocket ws) {}

    /** A text message arrived. */
    default void onText(ClientWebSocket ws, String text) {}

    /** A binary message arrived; {@code bytes} is valid during the call only. */
    default void onBinary(ClientWebSocket ws, ByteBuffer bytes) {}

    /**
     * The connection closed: {@code code} is the server's close code, ours when we closed first or the server broke
     * the protocol (1002, 1007, 1009), or 1006 when the connection dropped without a close frame.
     */
    default void onClose(ClientWebSocket ws, int code, String reason) {}
}
