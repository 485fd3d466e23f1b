package io.hayate.server;

import java.nio.ByteBuffer;

/**
 * A WebSocket endpoint in the callback style, for {@link Mode#LOOP} code and for connections that should cost no
 * thread while idle.
 *
 * <p><b>Threading.</b> Every method runs on the event loop that owns the connection, one at a time, in order; none
 * may block. {@link #onClose} is called exactly once, last.
 */
public interface WebSocketListener {

    /** The handshake is done; messages may be sent. */
    default void onOpen(WebSocket ws) {}

    /** A text message arrived. */
    default void onText(WebSocket ws, String text) {}

    /** A binary message arrived; {@code bytes} is valid during the call only. */
    default void onBinary(WebSocket ws, ByteBuffer bytes) {}

    /**
     * The connection closed: {@code code} is the peer's close code, ours when we closed first or the peer broke the
     * protocol (1002, 1007, 1009), or 1006 when the connection dropped without a close frame.
     */
    default void onClose(WebSocket ws, int code, String reason) {}
}
