package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header line, formatted once per second and shared by every thread. */
public final class HttpDate {
    private record Cached(long second, byte[] line) {}

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static volatile Cached cached = new Cached(-1, new byte[0]);

    /**
     * The length of {@link #line()}: an IMF-fixdate always has 29 characters (four-digit years), so a size estimate
     * need not read the clock.
     */
    public static final int LINE_LENGTH = "Date: ".length() + 29 + 2;

    private HttpDate() {}

    /** {@code "Date: <IMF-fixdate>\r\n"} for the current second; do not modify the array. */
    public static byte[] line() {
        long now = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != now) {
            c = new Cached(now, ("Date: " + format(now) + "\r\n").getBytes(ISO_8859_1));
            cached = c;
        }
        return c.line;
    }

    /** IMF-fixdate (RFC 9110 §5.6.7) of {@code epochSecond}. */
    public static String format(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }
}
