package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;

/**
 * Encodes request heads and chunked framing into {@link ByteBuffer}s: the client's twin of {@link ResponseEncoder}.
 * Pure functions; safe from any thread.
 *
 * <p>The request line, {@code Host} and the framing header ({@code Content-Length} or
 * {@code Transfer-Encoding: chunked}) are written from the arguments, never from the user's headers, so user input
 * cannot desynchronise the framing or split the request; header names and values were checked when they were added
 * to {@link Headers}.
 */
public final class RequestEncoder {
    /** Framing value: the request has no body and no framing header. */
    public static final long NO_BODY = -2;
    /** Framing value: the body follows in chunked transfer coding. */
    public static final long CHUNKED = -1;

    private static final byte[] HTTP_1_1 = " HTTP/1.1\r\n".getBytes(ISO_8859_1);
    private static final byte[] HOST = "Host: ".getBytes(ISO_8859_1);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(ISO_8859_1);
    private static final byte[] TE_CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(ISO_8859_1);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(ISO_8859_1);

    private RequestEncoder() {}

    /** An upper bound of the bytes {@link #encodeHead} writes for these arguments. */
    public static int headSize(String method, String target, String host, Headers headers) {
        int n = method.length() + 1 + target.length() + HTTP_1_1.length + HOST.length + host.length() + 2
                + CONTENT_LENGTH.length + 20 + 2 + TE_CHUNKED.length + 2;
        if (headers != null) {
            for (int i = 0, size = headers.size(); i < size; i++) {
                n += headers.name(i).length() + headers.value(i).length() + 4;
            }
        }
        return n;
    }

    /**
     * Writes {@code method SP target SP HTTP/1.1}, {@code Host}, the framing header and {@code headers} (whose
     * {@code Host}, {@code Content-Length} and {@code Transfer-Encoding} are skipped) into {@code out}.
     *
     * @param target        origin-form ({@code /path?query}), absolute-form or {@code *}; visible ASCII only
     * @param contentLength the body length, {@link #CHUNKED} or {@link #NO_BODY}
     * @throws IllegalArgumentException when the method is not a token or the target holds a byte a request line
     *                                  cannot carry (space, control, non-ASCII), or the host a CR, LF or NUL
     * @throws java.nio.BufferOverflowException when {@code out} has less room than {@link #headSize}
     */
    public static void encodeHead(ByteBuffer out, String method, String target, String host, Headers headers, long contentLength) {
        encodeHead(out, method, target, host, headers, contentLength, null);
    }

    /**
     * Like {@link #encodeHead(ByteBuffer, String, String, String, Headers, long)}, with {@code extraLines} (may be
     * null) written after the headers: complete, pre-encoded header lines, each ended by CRLF, such as a client's
     * constant {@code User-Agent} line. They are the caller's responsibility and are not checked; {@link #headSize}
     * does not count them.
     */
    public static void encodeHead(ByteBuffer out, String method, String target, String host, Headers headers, long contentLength,
                                  byte[] extraLines) {
        checkMethod(method);
        checkTarget(target);
        Headers.validateValue(HeaderNames.HOST, host);
        putAscii(out, method);
        out.put((byte) ' ');
        putAscii(out, target);
        out.put(HTTP_1_1);
        out.put(HOST);
        putAscii(out, host);
        out.put(CRLF);
        if (contentLength >= 0) {
            out.put(CONTENT_LENGTH);
            putAscii(out, Long.toString(contentLength));
            out.put(CRLF);
        } else if (contentLength == CHUNKED) {
            out.put(TE_CHUNKED);
        }
        if (headers != null) {
            for (int i = 0, n = headers.size(); i < n; i++) {
                String name = headers.name(i);
                if (name.equalsIgnoreCase(HeaderNames.HOST) || name.equalsIgnoreCase(HeaderNames.CONTENT_LENGTH)
                        || name.equalsIgnoreCase(HeaderNames.TRANSFER_ENCODING)) {
                    continue;
                }
                putAscii(out, name);
                out.put((byte) ':').put((byte) ' ');
                putAscii(out, headers.value(i));
                out.put(CRLF);
            }
        }
        if (extraLines != null) {
            out.put(extraLines);
        }
        out.put(CRLF);
    }

    /** The whole head in a new buffer, positioned at 0 and ready to write. */
    public static ByteBuffer encodeHead(String method, String target, String host, Headers headers, long contentLength) {
        ByteBuffer out = ByteBuffer.allocate(headSize(method, target, host, headers));
        encodeHead(out, method, target, host, headers, contentLength);
        return out.flip();
    }

    /** The header of a chunk of {@code size} bytes ({@code size} must be positive): hex size and CRLF. */
    public static void encodeChunkHeader(ByteBuffer out, int size) {
        ResponseEncoder.encodeChunkHeader(out, size);
    }

    /** The CRLF that ends a chunk's data. */
    public static void encodeChunkEnd(ByteBuffer out) {
        out.put(CRLF);
    }

    /** The last chunk and the empty trailer section. */
    public static void encodeLastChunk(ByteBuffer out) {
        out.put(LAST_CHUNK);
    }

    private static void checkMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("a method must not be empty");
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c > 127 || !Chars.isTchar((byte) c)) {
                throw new IllegalArgumentException("method '" + method + "' is not a token (RFC 9110 §9.1)");
            }
        }
    }

    private static void checkTarget(String target) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("a request target must not be empty");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c > 127 || !Chars.isTarget((byte) c)) {
                throw new IllegalArgumentException("request target '" + target + "' has character 0x" + Integer.toHexString(c)
                        + " at " + i + ": percent-encode spaces, controls, '#' and non-ASCII characters");
            }
        }
    }

    private static void putAscii(ByteBuffer out, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            out.put((byte) s.charAt(i));
        }
    }
}
