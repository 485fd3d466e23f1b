package io.hayate.client;

/**
 * A token bucket: at most {@code perSecond} requests start per second on average, with bursts of up to
 * {@code burst} after a quiet spell. Requests over the rate wait (on a loop timer, holding no thread) in arrival
 * order; none is rejected.
 *
 * <p>A response {@code 429 Too Many Requests} or {@code 503 Service Unavailable} with {@code Retry-After} (seconds or
 * an HTTP date) stops the bucket until then: every request of the bucket waits, not only the one that was told.
 *
 * @param perSecond requests per second, positive (0.5 is one every two seconds)
 * @param burst     how many may start back to back after a pause, at least 1 (1: evenly spaced)
 * @param perOrigin one bucket per origin ({@code scheme://host:port} or UNIX socket) instead of one for the client
 */
public record RateLimit(double perSecond, int burst, boolean perOrigin) {

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive number, got " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
    }

    /** {@code perSecond} requests per second for the whole client, evenly spaced (burst 1). */
    public static RateLimit perSecond(double perSecond) {
        return new RateLimit(perSecond, 1, false);
    }

    /** The same rate with bursts of up to {@code burst}. */
    public RateLimit withBurst(int burst) {
        return new RateLimit(perSecond, burst, perOrigin);
    }

    /** The same rate, counted for each origin separately. */
    public RateLimit forEachOrigin() {
        return new RateLimit(perSecond, burst, true);
    }
}
