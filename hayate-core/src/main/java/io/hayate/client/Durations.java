package io.hayate.client;

import java.time.Duration;

/** Durations for messages: "200 ms", "1.5 s". */
final class Durations {
    private Durations() {}

    static String format(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 1000) {
            return ms + " ms";
        }
        return (ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
    }

    static String format(Duration d) {
        return format(d.toNanos());
    }
}
