package io.hayate.server;

import java.time.Duration;

/**
 * A {@code text/event-stream} response (server-sent events), from {@link Body#sse}. The server sends a heartbeat
 * comment every {@link ServerConfig#sseHeartbeat()} while the stream is idle, so proxies keep it open.
 *
 * <p>Writes follow {@link ResponseStream}: off an event loop they wait while the client is behind by more than the
 * high-water mark; on a loop they never wait and return false instead.
 *
 * <p><b>Threading.</b> Safe from any thread.
 */
public interface SseStream extends AutoCloseable {

    /** The {@code Last-Event-ID} the client sent when reconnecting, or {@code null}: resume after it. */
    String lastEventId();

    /** Sends an event. Returns whether more may be written now. @throws StreamClosedException if the client left */
    boolean send(SseEvent event);

    /** Sends a {@code message} event with {@code data}. */
    default boolean send(String data) {
        return send(SseEvent.of(data));
    }

    /** Sends an event with an id (sent back as {@code Last-Event-ID} on reconnect), a type and data. */
    default boolean send(String id, String event, String data) {
        return send(new SseEvent(id, event, data, null));
    }

    /** Asks the client to wait {@code delay} before reconnecting. */
    default boolean retry(Duration delay) {
        return send(new SseEvent(null, null, null, delay));
    }

    /** Sends a comment line (ignored by clients). */
    boolean comment(String text);

    boolean isOpen();

    void onClose(Runnable task);

    @Override
    void close();
}
