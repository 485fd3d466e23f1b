package io.hayate.client;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
final class RetryAfter {
    private RetryAfter() {}

    /**
     * The delay {@code value} asks for, in milliseconds from {@code nowMillis} (epoch), never negative; -1 when the
     * value is neither a number of seconds nor an HTTP-date.
     */
    static long millis(String value, long nowMillis) {
        if (value == null) {
            return -1;
        }
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (v.length() > 9) {
                return Long.MAX_VALUE / 2; // absurdly far: longer than any cap
            }
            return Long.parseLong(v) * 1000;
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
