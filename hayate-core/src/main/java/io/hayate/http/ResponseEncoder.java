package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;

/**
 * Encodes response heads and chunked framing into {@link ByteBuffer}s. Pure functions; safe from any thread.
 *
 * <p>Every head carries {@code Server} and {@code Date}; the framing header ({@code Content-Length} or
 * {@code Transfer-Encoding: chunked}) and {@code Connection} are written from the arguments, never from the user's
 * headers, so a handler cannot desynchronise the framing.
 */
public final class ResponseEncoder {
    /** Framing value: the response has no body and no framing header (1xx, 204, 304). */
    public static final long NO_BODY = -2;
    /** Framing value: the body follows in chunked transfer coding. */
    public static final long CHUNKED = -1;

    /** What the head says about the connection. */
    public enum ConnectionHeader {
        /** HTTP/1.1 keep-alive: no header needed. */
        NONE,
        /** {@code Connection: keep-alive}, for an HTTP/1.0 client that asked for it. */
        KEEP_ALIVE,
        /** {@code Connection: close}. */
        CLOSE,
        /** {@code Connection: Upgrade}, for {@code 101 Switching Protocols}. */
        UPGRADE
    }

    private static final byte[] SERVER = "Server: hayate\r\n".getBytes(ISO_8859_1);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(ISO_8859_1);
    private static final byte[] CONTENT_TYPE = "Content-Type: ".getBytes(ISO_8859_1);
    private static final byte[] TE_CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(ISO_8859_1);
    private static final byte[] CONN_CLOSE = "Connection: close\r\n".getBytes(ISO_8859_1);
    private static final byte[] CONN_KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(ISO_8859_1);
    private static final byte[] CONN_UPGRADE = "Connection: Upgrade\r\n".getBytes(ISO_8859_1);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(ISO_8859_1);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(ISO_8859_1);

    private ResponseEncoder() {}

    /** An upper bound of the bytes {@link #encodeHead} writes for these arguments. */
    public static int headSize(int status, String contentType, Headers headers) {
        int n = Status.line(status).length + SERVER.length + HttpDate.LINE_LENGTH + 64 + CONN_KEEP_ALIVE.length + 2;
        if (contentType != null) {
            n += CONTENT_TYPE.length + contentType.length() + 2;
        }
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                n += headers.name(i).length() + headers.value(i).length() + 4;
            }
        }
        return n;
    }

    /**
     * Writes a response head into {@code out}.
     *
     * @param contentLength the body length, {@link #CHUNKED} or {@link #NO_BODY}
     * @param headers       extra headers (may be {@code null}); framing and Connection headers among them are skipped
     * @throws java.nio.BufferOverflowException when {@code out} has less room than {@link #headSize}
     * @throws IllegalArgumentException when {@code contentType} holds CR, LF, NUL or a non-Latin-1 character
     */
    public static void encodeHead(ByteBuffer out, int status, String contentType, Headers headers, long contentLength,
                                  ConnectionHeader connection) {
        if (contentType != null) {
            Headers.validateValue(HeaderNames.CONTENT_TYPE, contentType); // a CR LF here would split the response
        }
        out.put(Status.line(status));
        out.put(SERVER);
        out.put(HttpDate.line());
        if (contentType != null) {
            out.put(CONTENT_TYPE);
            putAscii(out, contentType);
            out.put(CRLF);
        }
        if (contentLength >= 0) {
            out.put(CONTENT_LENGTH);
            putDecimal(out, contentLength);
            out.put(CRLF);
        } else if (contentLength == CHUNKED) {
            out.put(TE_CHUNKED);
        }
        if (headers != null) {
            for (int i = 0, n = headers.size(); i < n; i++) {
                String name = headers.name(i);
                if (isFraming(name)) {
                    continue;
                }
                putAscii(out, name);
                out.put((byte) ':').put((byte) ' ');
                putAscii(out, headers.value(i));
                out.put(CRLF);
            }
        }
        switch (connection) {
            case CLOSE -> out.put(CONN_CLOSE);
            case KEEP_ALIVE -> out.put(CONN_KEEP_ALIVE);
            case UPGRADE -> out.put(CONN_UPGRADE);
            case NONE -> { }
        }
        out.put(CRLF);
    }

    private static boolean isFraming(String name) {
        return name.equalsIgnoreCase(HeaderNames.CONTENT_LENGTH) || name.equalsIgnoreCase(HeaderNames.TRANSFER_ENCODING)
                || name.equalsIgnoreCase(HeaderNames.CONNECTION) || name.equalsIgnoreCase(HeaderNames.CONTENT_TYPE)
                || name.equalsIgnoreCase(HeaderNames.SERVER) || name.equalsIgnoreCase(HeaderNames.DATE);
    }

    /** {@code "100 Continue"} interim response. */
    public static ByteBuffer continueResponse() {
        return ByteBuffer.wrap(CONTINUE);
    }

    /** The header of a chunk of {@code size} bytes ({@code size} must be positive): hex size and CRLF. */
    public static void encodeChunkHeader(ByteBuffer out, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a data chunk has at least one byte; use encodeLastChunk to end the body");
        }
        String hex = Integer.toHexString(size);
        putAscii(out, hex);
        out.put(CRLF);
    }

    /** The CRLF that ends a chunk's data. */
    public static void encodeChunkEnd(ByteBuffer out) {
        out.put(CRLF);
    }

    /** The last chunk and the empty trailer section. */
    public static void encodeLastChunk(ByteBuffer out) {
        out.put(LAST_CHUNK);
    }

    private static void putAscii(ByteBuffer out, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            out.put((byte) s.charAt(i));
        }
    }

    private static void putDecimal(ByteBuffer out, long v) {
        if (v < 10) {
            out.put((byte) ('0' + v));
            return;
        }
        int start = out.position();
        while (v > 0) {
            out.put((byte) ('0' + v % 10));
            v /= 10;
        }
        int end = out.position() - 1;
        for (int i = start; i < end; i++, end--) {
            byte t = out.get(i);
            out.put(i, out.get(end));
            out.put(end, t);
        }
    }
}
