package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * One string for text that many requests repeat: header values such as {@code Host: 127.0.0.1:8080}, {@code
 * Connection: Upgrade}, {@code Accept: *}{@code /*} or a browser's {@code User-Agent}, and request targets without a
 * query ({@code /plaintext}, {@code /websocket}). The request parser takes them from here instead of allocating one
 * per request, so a busy connection makes less garbage and 10,000 held WebSockets do not keep 10,000 copies of the
 * same {@code Host}.
 *
 * <p>Like Jetty's field cache, but learned from traffic rather than listed: a small direct-mapped table where a
 * slot keeps the last value that hashed to it; a different value simply replaces it (no chains, so crafted values
 * can only cause misses). Only headers whose values are shared by many clients qualify; personal or unique ones
 * ({@code Cookie}, {@code Authorization}, {@code Sec-WebSocket-Key}) never enter it, nor do targets with a query
 * or in absolute form (which may carry tokens or credentials) or long values.
 * Shared by every loop without locks: a slot holds an immutable string, so a racing reader sees either the old
 * string or the new one, and checks its bytes before using it.
 */
final class SharedStrings {
    private static final int SLOTS = 1024;
    private static final int MAX_LENGTH = 128;
    private static final String[] TABLE = new String[SLOTS];
    private static final String[] SHARED_NAMES = {
        HeaderNames.HOST, HeaderNames.CONNECTION, HeaderNames.UPGRADE, HeaderNames.ACCEPT, HeaderNames.ACCEPT_ENCODING,
        HeaderNames.ACCEPT_LANGUAGE, HeaderNames.USER_AGENT, HeaderNames.CACHE_CONTROL, HeaderNames.PRAGMA,
        HeaderNames.ORIGIN, HeaderNames.CONTENT_TYPE, HeaderNames.KEEP_ALIVE, HeaderNames.TRANSFER_ENCODING,
        HeaderNames.SEC_WEBSOCKET_VERSION, HeaderNames.SEC_WEBSOCKET_EXTENSIONS, HeaderNames.SERVER,
        HeaderNames.CONTENT_ENCODING,
    };

    private SharedStrings() {}

    /** The value {@code a[from, to)} of header {@code name} (a {@link HeaderNames} instance when it is a known name). */
    static String headerValue(String name, byte[] a, int from, int to) {
        return shared(name) ? lookUp(a, from, to) : new String(a, from, to - from, ISO_8859_1);
    }

    /**
     * The request target {@code a[from, to)}, which has a {@code ?} if {@code hasQuery} (the parser knows from its
     * own pass over the bytes): shared only in origin form ({@code /path}) without a query.
     */
    static String target(byte[] a, int from, int to, boolean hasQuery) {
        return !hasQuery && to > from && a[from] == '/' ? lookUp(a, from, to) : new String(a, from, to - from, ISO_8859_1);
    }

    private static String lookUp(byte[] a, int from, int to) {
        int len = to - from;
        if (len > MAX_LENGTH) {
            return new String(a, from, len, ISO_8859_1);
        }
        int h = len;
        for (int i = from; i < to; i++) {
            h = 31 * h + a[i];
        }
        int slot = (h ^ (h >>> 15)) & (SLOTS - 1);
        String cached = TABLE[slot];
        if (cached != null && sameText(cached, a, from, len)) {
            return cached;
        }
        String value = new String(a, from, len, ISO_8859_1);
        TABLE[slot] = value;
        return value;
    }

    private static boolean shared(String name) {
        for (String n : SHARED_NAMES) {
            if (n == name) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameText(String s, byte[] a, int from, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (a[from + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
