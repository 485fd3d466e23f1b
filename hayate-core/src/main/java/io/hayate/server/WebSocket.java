package io.hayate.server;

import io.hayate.http.Headers;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One WebSocket connection (RFC 6455), from {@link App#ws}.
 *
 * <p><b>Sending.</b> {@code send} is safe from any thread; messages leave in the order they were sent. What the peer
 * has not read is buffered up to {@link ServerConfig#streamHighWater()}: past it a sender off an event loop waits
 * (cheap on a virtual thread), a sender on a loop does not wait and gets {@code false}. After the connection closed,
 * {@code send} throws {@link StreamClosedException}.
 *
 * <p><b>Receiving.</b> In the blocking style ({@link WebSocketHandler}) call {@link #receive()} in a loop, as the
 * article's {@code wsock.receive()}; it returns {@code null} once the connection is closed. In the callback style
 * ({@link WebSocketListener}) messages arrive as callbacks on the event loop and {@code receive} must not be used.
 *
 * <p>Pings are answered with pongs by the server; the close handshake is done for you.
 */
public interface WebSocket {

    /** Sends a text message. */
    boolean send(String text);

    /** Sends a binary message. The array must not change until the call returns. */
    boolean send(byte[] bytes);

    /** Sends the remaining bytes of {@code bytes} as a binary message. */
    boolean send(ByteBuffer bytes);

    /** Sends a ping (at most 125 bytes of payload). */
    void ping(byte[] payload);

    /**
     * Waits for the next message: a {@link WebSocketMessage} with its text or bytes, or {@code null} when the
     * connection is closed (by either side, or because the peer broke the protocol). Blocking style only; must not
     * be called on an event loop. One thread receives at a time: a second thread calling while one waits gets an
     * {@link IllegalStateException}.
     */
    WebSocketMessage receive();

    /** Closes with 1000 (normal closure). */
    void close();

    /** Starts the close handshake with {@code code} and a reason of at most 123 UTF-8 bytes. Idempotent. */
    void close(int code, String reason);

    /** Whether messages can still be sent: no close frame sent or received, connection up. */
    boolean isOpen();

    /** The code the connection was closed with (1006 if it dropped without a close frame); 0 while open. */
    int closeCode();

    /** The subprotocol both sides agreed on, or {@code null}. */
    String subprotocol();

    /** The request path of the handshake, decoded. */
    String path();

    /** A path parameter of the matched route. */
    String pathParam(String name);

    /** All path parameters of the matched route. */
    Map<String, String> pathParams();

    /** The first value of query parameter {@code name} of the handshake request, or {@code null}. */
    String queryParam(String name);

    /** The handshake request's headers. */
    Headers headers();

    SocketAddress remoteAddress();
}
