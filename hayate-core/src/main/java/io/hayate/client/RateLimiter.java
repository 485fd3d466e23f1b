package io.hayate.client;

/**
 * A token bucket as GCRA (virtual scheduling): each request reserves the earliest start the rate allows, so waiting
 * is a timer on a loop, not a thread, and starts are spaced exactly. {@link #pause} holds every start back until a
 * moment a server named with {@code Retry-After}.
 *
 * <p><b>Threading.</b> Safe from any thread. Times are {@link System#nanoTime()} values.
 */
final class RateLimiter {
    private final long interval;
    private final long tolerance;
    private long tat;          // theoretical arrival time of the next request
    private long pausedUntil;
    private boolean paused;

    RateLimiter(RateLimit limit, long now) {
        this.interval = Math.max(1, Math.round(1e9 / limit.perSecond()));
        this.tolerance = (limit.burst() - 1) * interval;
        this.tat = now;
    }

    /** Reserves a start for a request arriving at {@code now}; returns how many nanoseconds it must wait. */
    synchronized long reserve(long now) {
        long start = now;
        if (tat - tolerance - start > 0) {
            start = tat - tolerance;
        }
        if (paused && pausedUntil - start > 0) {
            start = pausedUntil;
        }
        tat = (tat - start > 0 ? tat : start) + interval;
        return start - now;
    }

    /** How long a request reserved earlier must still wait because of a pause that came after (0 when none). */
    synchronized long pausedFor(long now) {
        return paused && pausedUntil - now > 0 ? pausedUntil - now : 0;
    }

    /** No request starts before {@code until}. */
    synchronized void pause(long until) {
        if (!paused || until - pausedUntil > 0) {
            pausedUntil = until;
            paused = true;
        }
    }

    @Override
    public synchronized String toString() {
        return "RateLimiter[interval=" + interval + "ns, burst=" + (tolerance / interval + 1) + "]";
    }
}
