package io.hayate.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A received WebSocket message: text (already checked to be valid UTF-8) or binary.
 *
 * @param text  the text, or {@code null} for a binary message
 * @param bytes the payload of a binary message, or {@code null} for a text message
 */
public record WebSocketMessage(String text, byte[] bytes) {

    public boolean isText() {
        return text != null;
    }

    /** The text of a text message, or a binary payload decoded as UTF-8. */
    public String asText() {
        return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The payload of a binary message, or a text message encoded as UTF-8. */
    public ByteBuffer asBytes() {
        return ByteBuffer.wrap(bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    @Override
    public String toString() {
        return text != null ? "text(" + text.length() + " chars)" : "binary(" + bytes.length + " bytes)";
    }
}
