package io.hayate.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket connection opened by {@link HttpClient#webSocket} (callback style) or
 * {@link HttpClient#webSocketBlocking} (blocking style), speaking the same frame codec as Hayate's server with the
 * client's role: every frame it sends is masked.
 *
 * <p><b>Sending.</b> {@code send} is safe from any thread; messages leave in the order they were sent. What the
 * server has not taken is buffered up to {@link ClientConfig#streamBuffer()}: past it, a sender off a loop waits
 * (cheap on a virtual thread) and a sender on a loop does not wait and gets {@code false}. After the connection
 * closed, {@code send} throws {@link IllegalStateException}.
 *
 * <p><b>Receiving.</b> In the blocking style call {@link #receive()} in a loop; it returns {@code null} once the
 * connection is closed. In the callback style messages arrive at the listener and {@code receive} must not be used.
 * Pings are answered with pongs; the close handshake is done for you.
 */
public interface ClientWebSocket extends AutoCloseable {

    /** A received message: text (valid UTF-8) or binary. */
    record Message(String text, byte[] bytes) {
        public boolean isText() {
            return text != null;
        }

        /** The text, or a binary payload decoded as UTF-8. */
        public String asText() {
            return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
        }

        /** The binary payload, or the text encoded as UTF-8. */
        public byte[] asBytes() {
            return bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Sends a text message. Returns false when the caller should slow down (see the class comment). */
    boolean send(String text);

    /** Sends a binary message. */
    boolean send(byte[] bytes);

    /** Sends a binary message with the remaining bytes of {@code bytes}. */
    boolean send(ByteBuffer bytes);

    /** Sends a ping with at most 125 bytes of payload. */
    void ping(byte[] payload);

    /**
     * Waits for the next message, or returns {@code null} when the connection is closed. Blocking style only; must
     * not be called on a loop thread.
     */
    Message receive() throws InterruptedException;

    /** Closes with 1000 (normal closure). */
    @Override
    void close();

    /** Starts the close handshake with {@code code} and a reason of at most 123 UTF-8 bytes. Idempotent. */
    void close(int code, String reason);

    /** Whether messages can still be sent. */
    boolean isOpen();

    /** The close code (1006 when the connection dropped without a close frame); 0 while open. */
    int closeCode();

    /** The reason that came with the close code; empty while open. */
    String closeReason();

    /** The subprotocol the server chose, or {@code null}. */
    String subprotocol();
}
