package io.hayate.client;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The body of a {@link ClientRequest}: bytes, a string, a file or a stream. Immutable.
 *
 * <ul>
 *   <li>{@link #of(byte[])}, {@link #of(String)}: sent with {@code Content-Length} in one gathering write with the
 *       head; the array is not copied, so do not change it while the request runs.</li>
 *   <li>{@link #ofFile(Path)}: read on the loop in 64 KiB pieces as the socket takes them, with
 *       {@code Content-Length}; the file is opened when the request is sent.</li>
 *   <li>{@link #ofStream(Supplier)}: pulled from an {@link InputStream} by a virtual thread (the one case where a
 *       request uses a thread: an {@code InputStream} can only be read by blocking), at most 256 KiB ahead of the
 *       socket; chunked unless a length is given. The supplier is called once per send: a request with a stream
 *       body is re-sent (retry, 307/308 redirect) only if the supplier can give the stream again.</li>
 * </ul>
 */
public final class RequestBody {
    enum Kind { EMPTY, BYTES, FILE, STREAM }

    private static final RequestBody EMPTY = new RequestBody(Kind.EMPTY, ByteBuffer.allocate(0), null, null, 0, true);

    final Kind kind;
    final ByteBuffer bytes;
    final Path file;
    final Supplier<? extends InputStream> stream;
    final long length; // -1: unknown (stream, chunked)
    final boolean replayable;

    private RequestBody(Kind kind, ByteBuffer bytes, Path file, Supplier<? extends InputStream> stream, long length, boolean replayable) {
        this.kind = kind;
        this.bytes = bytes;
        this.file = file;
        this.stream = stream;
        this.length = length;
        this.replayable = replayable;
    }

    /** No body. */
    public static RequestBody empty() {
        return EMPTY;
    }

    public static RequestBody of(byte[] bytes) {
        return of(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")));
    }

    /** The remaining bytes of {@code bytes} (not copied). */
    public static RequestBody of(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().asReadOnlyBuffer();
        return new RequestBody(Kind.BYTES, b, null, null, b.remaining(), true);
    }

    /** {@code text} in UTF-8. */
    public static RequestBody of(String text) {
        return of(text, StandardCharsets.UTF_8);
    }

    public static RequestBody of(String text, Charset charset) {
        return of(Objects.requireNonNull(text, "text").getBytes(charset));
    }

    /** The content of {@code file}, read when the request is sent. */
    public static RequestBody ofFile(Path file) {
        return new RequestBody(Kind.FILE, null, Objects.requireNonNull(file, "file"), null, -1, true);
    }

    /** A stream of unknown length, sent chunked. {@code streams} is called for each send and the stream closed after. */
    public static RequestBody ofStream(Supplier<? extends InputStream> streams) {
        return ofStream(streams, -1, false);
    }

    /**
     * A stream of {@code length} bytes (sent with {@code Content-Length}; -1 for unknown, chunked). With
     * {@code replayable}, {@code streams} promises a fresh stream on every call, so the request may be re-sent.
     */
    public static RequestBody ofStream(Supplier<? extends InputStream> streams, long length, boolean replayable) {
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or more, got " + length);
        }
        return new RequestBody(Kind.STREAM, null, null, Objects.requireNonNull(streams, "streams"), length, replayable);
    }

    /** Whether the body may be sent again (retry, 307/308 redirect). */
    public boolean replayable() {
        return replayable;
    }

    /** Whether there is no body at all. */
    public boolean isEmpty() {
        return kind == Kind.EMPTY;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EMPTY -> "empty";
            case BYTES -> length + " bytes";
            case FILE -> "file " + file;
            case STREAM -> "stream" + (length >= 0 ? " of " + length + " bytes" : "");
        };
    }
}
