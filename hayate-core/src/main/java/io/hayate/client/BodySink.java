package io.hayate.client;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the body of a final response goes: collected in memory, written to a file, queued for a stream reader, or
 * decompressed first. Exactly one of {@link #onEnd} and {@link #onError} ends it.
 *
 * <p><b>Threading.</b> Called on the loop thread of the connection.
 */
interface BodySink {

    /**
     * The next body bytes, valid during the call only (copy what must be kept).
     *
     * @return whether to go on reading; {@code false} pauses the connection until the sink asks to resume
     * @throws IOException to fail the request (the connection is discarded)
     */
    boolean onData(ByteBuffer data) throws IOException;

    /**
     * Reading was paused by {@link #onData} and the consumer caught up: deliver what was held back. Returns whether
     * reading may resume (false: paused again).
     */
    default boolean onResume() throws IOException {
        return true;
    }

    /** The body is complete. */
    void onEnd() throws IOException;

    /** The body cannot be completed. */
    void onError(Throwable failure);
}
