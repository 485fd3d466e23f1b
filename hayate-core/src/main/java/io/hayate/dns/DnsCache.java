package io.hayate.dns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Answers by (name, type) until their TTL runs out, positive and negative alike; at most {@code maxEntries}, the
 * least recently used evicted first.
 *
 * <p>Time comes from a monotonic nanosecond clock ({@link System#nanoTime()} in production, a manual one in tests),
 * so a wall-clock jump neither expires nor revives entries.
 *
 * <p><b>Threading.</b> Safe from any thread: a resolver shares one cache among the loops of its group.
 */
final class DnsCache {
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, Cached> entries;

    private record Key(String name, int type) {}

    private record Cached(Answer answer, long expiresAt) {}

    DnsCache(int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > DnsCache.this.maxEntries;
            }
        };
    }

    /** The live answer for {@code name} (canonical form) and {@code type}, or {@code null}. */
    synchronized Answer get(String name, int type) {
        Key key = new Key(name, type);
        Cached e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (nanoClock.getAsLong() - e.expiresAt >= 0) {
            entries.remove(key);
            return null;
        }
        return e.answer;
    }

    /** Keeps {@code answer} for {@code ttlSeconds}; a TTL of 0 or less keeps nothing. */
    synchronized void put(String name, int type, Answer answer, long ttlSeconds) {
        if (ttlSeconds <= 0 || maxEntries == 0) {
            return;
        }
        long nanos = ttlSeconds >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE / 2 : ttlSeconds * 1_000_000_000L;
        entries.put(new Key(name, type), new Cached(answer, nanoClock.getAsLong() + nanos));
    }

    /** Entries held, expired ones included until they are looked up or evicted. */
    synchronized int size() {
        return entries.size();
    }

    /** Drops every entry. */
    synchronized void clear() {
        entries.clear();
    }
}
