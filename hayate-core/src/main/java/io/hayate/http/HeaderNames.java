package io.hayate.http;

/**
 * Canonical spellings of common header names. The parser hands these exact instances out for any spelling it
 * receives, so it allocates no name for them and code may compare them by identity.
 */
public final class HeaderNames {
    public static final String HOST = "Host";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String TRANSFER_ENCODING = "Transfer-Encoding";
    public static final String CONNECTION = "Connection";
    public static final String EXPECT = "Expect";
    public static final String UPGRADE = "Upgrade";
    public static final String USER_AGENT = "User-Agent";
    public static final String ACCEPT = "Accept";
    public static final String ACCEPT_ENCODING = "Accept-Encoding";
    public static final String ACCEPT_LANGUAGE = "Accept-Language";
    public static final String CONTENT_ENCODING = "Content-Encoding";
    public static final String COOKIE = "Cookie";
    public static final String AUTHORIZATION = "Authorization";
    public static final String CACHE_CONTROL = "Cache-Control";
    public static final String ORIGIN = "Origin";
    public static final String REFERER = "Referer";
    public static final String PRAGMA = "Pragma";
    public static final String KEEP_ALIVE = "Keep-Alive";
    public static final String DATE = "Date";
    public static final String SERVER = "Server";
    public static final String LOCATION = "Location";
    public static final String ALLOW = "Allow";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    public static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    public static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    public static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";
    public static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    public static final String IF_NONE_MATCH = "If-None-Match";
    public static final String IF_MODIFIED_SINCE = "If-Modified-Since";

    private static final String[][] BY_LENGTH = new String[32][];

    static {
        String[] all = {HOST, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING, CONNECTION, EXPECT, UPGRADE, USER_AGENT,
                ACCEPT, ACCEPT_ENCODING, ACCEPT_LANGUAGE, CONTENT_ENCODING, COOKIE, AUTHORIZATION, CACHE_CONTROL, ORIGIN,
                REFERER, PRAGMA, KEEP_ALIVE, DATE, SERVER, LOCATION, ALLOW, RETRY_AFTER, LAST_EVENT_ID, SEC_WEBSOCKET_KEY,
                SEC_WEBSOCKET_VERSION, SEC_WEBSOCKET_EXTENSIONS, SEC_WEBSOCKET_PROTOCOL, X_FORWARDED_FOR, IF_NONE_MATCH,
                IF_MODIFIED_SINCE};
        for (String name : all) {
            String[] old = BY_LENGTH[name.length()];
            String[] now = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            now[now.length - 1] = name;
            BY_LENGTH[name.length()] = now;
        }
    }

    private HeaderNames() {}

    /** The canonical instance for the token in {@code a[from, to)}, or a new string when it is not a known name. */
    static String intern(byte[] a, int from, int to) {
        int len = to - from;
        if (len < BY_LENGTH.length) {
            String[] candidates = BY_LENGTH[len];
            if (candidates != null) {
                for (String c : candidates) {
                    if (equalsIgnoreCase(c, a, from, len)) {
                        return c;
                    }
                }
            }
        }
        return new String(a, from, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static boolean equalsIgnoreCase(String s, byte[] a, int from, int len) {
        for (int i = 0; i < len; i++) {
            int x = s.charAt(i);
            int y = a[from + i];
            if (x != y && (x | 0x20) != (y | 0x20)) {
                return false;
            }
            if (x != y && ((x | 0x20) < 'a' || (x | 0x20) > 'z')) {
                return false; // only letters may differ in case
            }
        }
        return true;
    }
}
