package io.hayate.client;

import io.hayate.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A response whose body is read piece by piece as it arrives, from {@link HttpClient#stream}: for bodies too large
 * to hold, or that never end (event streams).
 *
 * <p><b>Backpressure.</b> The client holds at most {@link ClientConfig#streamBuffer()} bytes that were not read yet;
 * past that it stops reading the socket, TCP's window fills and the server's writes wait. Reading resumes when half
 * of the buffer was taken.
 *
 * <p><b>Threading.</b> {@link #read()} may be called from any thread, one read at a time; its future completes on
 * the client's loop thread (continuations given to it must not block). {@link #readBlocking()} and
 * {@link #inputStream()} wait, cheaply on a virtual thread, and must not be used on a loop thread.
 *
 * <p>Read to the end or {@link #close()} the response: until then it holds a connection and, under
 * {@link HttpClient#limit}, a permit. Closing before the end discards the connection.
 */
public interface StreamingResponse extends AutoCloseable {

    int status();

    String reason();

    /** The headers as received. Do not modify. */
    Headers headers();

    /** The first value of header {@code name}, or {@code null}. */
    default String header(String name) {
        return headers().get(name);
    }

    /** The URI the response came from (after redirects). */
    URI uri();

    /**
     * The next piece of the body (decompressed if it was compressed), or {@code null} at the end. Completes
     * exceptionally when the body cannot be read to its end (timeout, truncation, malformed framing).
     */
    CompletableFuture<ByteBuffer> read();

    /** {@link #read()} and wait. Returns {@code null} at the end. */
    ByteBuffer readBlocking() throws IOException, InterruptedException;

    /** The body as a blocking stream over {@link #readBlocking()}; closing it closes this response. */
    InputStream inputStream();

    /** Stops reading: discards the connection if the body was not read to its end. Idempotent. */
    @Override
    void close();
}
