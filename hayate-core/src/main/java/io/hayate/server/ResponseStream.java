package io.hayate.server;

import java.nio.ByteBuffer;

/**
 * A response body sent piece by piece: each {@code write} reaches the client as soon as the socket takes it
 * (chunked transfer coding), so a client sees {@code START} before the producer sleeps, as in the article's
 * {@code yield}.
 *
 * <p><b>Backpressure.</b> What the client has not read yet is buffered up to a high-water mark
 * ({@link ServerConfig#streamHighWater()}, 64 KiB by default). Past it, {@code write} called off an event loop
 * <em>waits</em> (cheap on a virtual thread) until the client has read half of it; on an event loop it never waits
 * and returns {@code false} instead: stop writing and continue in {@link #onWritable}. A client that stops reading
 * therefore makes its producer wait; it never makes the heap grow.
 *
 * <p><b>Disconnects.</b> When the client goes away, the next {@code write} throws {@link StreamClosedException} at
 * once, waiting writers are woken with it, {@link #onClose} callbacks run, and everything is freed.
 *
 * <p><b>Threading.</b> Safe from any thread; writes from several threads are sent in the order they were made.
 */
public interface ResponseStream extends AutoCloseable {

    /**
     * Sends {@code text} as UTF-8.
     *
     * @return whether more may be written now (always true off an event loop, where the call waits instead)
     * @throws StreamClosedException when the client went away or the stream was closed
     */
    boolean write(String text);

    /** Sends {@code bytes}; see {@link #write(String)}. The array must not change until the call returns. */
    boolean write(byte[] bytes);

    /** Sends the remaining bytes of {@code bytes}; see {@link #write(String)}. */
    boolean write(ByteBuffer bytes);

    /** Whether a write now would be under the high-water mark. */
    boolean isWritable();

    /** Runs {@code task} once the client has caught up (at once if it has), on the event loop or the caller. */
    void onWritable(Runnable task);

    /** Whether the stream can still be written: not closed, client still there. */
    boolean isOpen();

    /** Runs {@code task} when the stream ends, by {@link #close()} or because the client went away. */
    void onClose(Runnable task);

    /** Ends the body. Idempotent; safe from any thread. */
    @Override
    void close();
}
