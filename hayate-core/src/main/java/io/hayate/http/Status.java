package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/** Status codes: reason phrases and pre-encoded status lines. */
public final class Status {
    private static final String[] REASONS = new String[600];
    private static final byte[][] LINES = new byte[600][];

    static {
        put(100, "Continue"); put(101, "Switching Protocols");
        put(200, "OK"); put(201, "Created"); put(202, "Accepted"); put(204, "No Content"); put(206, "Partial Content");
        put(301, "Moved Permanently"); put(302, "Found"); put(303, "See Other"); put(304, "Not Modified");
        put(307, "Temporary Redirect"); put(308, "Permanent Redirect");
        put(400, "Bad Request"); put(401, "Unauthorized"); put(403, "Forbidden"); put(404, "Not Found");
        put(405, "Method Not Allowed"); put(406, "Not Acceptable"); put(408, "Request Timeout"); put(409, "Conflict");
        put(410, "Gone"); put(411, "Length Required"); put(412, "Precondition Failed"); put(413, "Content Too Large");
        put(414, "URI Too Long"); put(415, "Unsupported Media Type"); put(416, "Range Not Satisfiable");
        put(417, "Expectation Failed"); put(422, "Unprocessable Content"); put(426, "Upgrade Required");
        put(429, "Too Many Requests"); put(431, "Request Header Fields Too Large");
        put(500, "Internal Server Error"); put(501, "Not Implemented"); put(502, "Bad Gateway");
        put(503, "Service Unavailable"); put(504, "Gateway Timeout"); put(505, "HTTP Version Not Supported");
        for (int code = 100; code < 600; code++) {
            LINES[code] = ("HTTP/1.1 " + code + " " + reason(code) + "\r\n").getBytes(ISO_8859_1);
        }
    }

    private Status() {}

    private static void put(int code, String reason) {
        REASONS[code] = reason;
    }

    /** The reason phrase of {@code code}, or a generic one for its class. */
    public static String reason(int code) {
        checkCode(code);
        String r = REASONS[code];
        if (r != null) {
            return r;
        }
        return switch (code / 100) {
            case 1 -> "Informational";
            case 2 -> "Success";
            case 3 -> "Redirection";
            case 4 -> "Client Error";
            default -> "Server Error";
        };
    }

    /** {@code "HTTP/1.1 <code> <reason>\r\n"} as bytes; do not modify. */
    static byte[] line(int code) {
        checkCode(code);
        return LINES[code];
    }

    public static void checkCode(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status " + code + " is not between 100 and 599");
        }
    }
}
