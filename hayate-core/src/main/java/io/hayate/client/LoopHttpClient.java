package io.hayate.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.hayate.dns.Resolver;
import io.hayate.dns.ResolverConfig;
import io.hayate.loop.Loop;
import io.hayate.loop.LoopGroup;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link HttpClient} on Hayate loops: owns the loops (or borrows them), the resolver, the pools (one per
 * origin, each on one loop), the rate limiters and the counters.
 */
final class LoopHttpClient extends AbstractClient {
    private static final Limiter[] NONE = new Limiter[0];

    private final ClientConfig config;
    private final LoopGroup loops;
    private final boolean ownsLoops;
    private final Resolver resolver;
    private final ConcurrentHashMap<Origin, OriginPool> pools = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Origin, RateLimiter> originRates = new ConcurrentHashMap<>();
    private final RateLimiter clientRate;
    private final byte[][] extraLines = new byte[4][];
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder redirects = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger idle = new AtomicInteger();
    private final java.util.Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LoopHttpClient(LoopGroup loops, ClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        ResolverConfig resolverConfig = config.resolver() != null ? config.resolver() : ResolverConfig.system(); // may throw: before any thread
        this.ownsLoops = loops == null;
        this.loops = loops != null ? loops : new LoopGroup(config.loops(), "hayate-client", true);
        this.resolver = Resolver.create(this.loops, resolverConfig);
        RateLimit rl = config.rateLimit();
        this.clientRate = rl != null && !rl.perOrigin() ? new RateLimiter(rl, System.nanoTime()) : null;
        String ua = config.userAgent() != null ? "User-Agent: " + config.userAgent() + "\r\n" : "";
        String ae = config.decompress() ? "Accept-Encoding: gzip, deflate\r\n" : "";
        extraLines[0] = null;
        extraLines[1] = ua.isEmpty() ? null : ua.getBytes(ISO_8859_1);
        extraLines[2] = ae.isEmpty() ? null : ae.getBytes(ISO_8859_1);
        extraLines[3] = (ua + ae).isEmpty() ? null : (ua + ae).getBytes(ISO_8859_1);
    }

    @Override
    LoopHttpClient core() {
        return this;
    }

    @Override
    Limiter[] limiters() {
        return NONE;
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    Resolver resolver() {
        return resolver;
    }

    boolean isClosed() {
        return closed;
    }

    /** The pool of {@code origin}, created on first use on the calling loop if it is one of ours, else the next loop. */
    OriginPool pool(Origin origin) {
        OriginPool p = pools.get(origin);
        if (p != null) {
            return p;
        }
        return pools.computeIfAbsent(origin, o -> {
            Loop current = Loop.current();
            Loop loop = current != null && loops.loops().contains(current) ? current : loops.next();
            return new OriginPool(this, o, loop);
        });
    }

    /** The rate limiter requests to {@code origin} obey, or {@code null}. */
    RateLimiter rateLimiter(Origin origin) {
        RateLimit rl = config.rateLimit();
        if (rl == null) {
            return null;
        }
        if (!rl.perOrigin()) {
            return clientRate;
        }
        return originRates.computeIfAbsent(origin, o -> new RateLimiter(rl, System.nanoTime()));
    }

    /** The pre-encoded default header lines {@code request} lacks ({@code User-Agent}, {@code Accept-Encoding}). */
    byte[] extraLines(ClientRequest request) {
        int i = (request.header("User-Agent") == null ? 1 : 0) | (request.header("Accept-Encoding") == null ? 2 : 0);
        return extraLines[i];
    }

    /** An exchange started; {@link #close()} fails those still running. */
    void track(Exchange e) {
        inFlight.add(e);
    }

    void untrack(Exchange e) {
        inFlight.remove(e);
    }

    void connectionOpened() {
        connectionsOpened.increment();
        open.incrementAndGet();
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    void idleChanged(int delta) {
        idle.addAndGet(delta);
    }

    void countRequest() {
        requests.increment();
    }

    void countRetry() {
        retries.increment();
    }

    void countRedirect() {
        redirects.increment();
    }

    @Override
    public ClientStats stats() {
        return new ClientStats(connectionsOpened.sum(), open.get(), idle.get(), requests.sum(), retries.sum(), redirects.sum(),
                ownsLoops ? loops.size() : 0);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (OriginPool p : pools.values()) {
            try {
                p.loop.execute(p::shutdown);
            } catch (RejectedExecutionException ignored) {
                // that loop is gone with its connections
            }
        }
        for (Exchange e : inFlight) { // those waiting on a timer (rate limit, backoff, Retry-After) or a permit
            e.clientClosed();
        }
        resolver.close();
        if (ownsLoops) {
            loops.close();
        }
    }

    @Override
    public String toString() {
        return "HttpClient" + stats();
    }
}
