package io.hayate.client;

import io.hayate.dns.ResolverConfig;
import io.hayate.http.Compliance;
import io.hayate.http.HttpLimits;
import io.hayate.loop.LoopGroup;
import io.hayate.websocket.WsLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link HttpClient} can be told, with safe defaults. Immutable; {@code withX} returns a copy.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code loops}</td><td>1</td><td>event-loop threads the client starts ({@code hayate-client-N}, daemon threads); ignored by {@link HttpClient#create(LoopGroup, ClientConfig)}</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>10 s</td><td>resolving the host and establishing one connection</td></tr>
 *   <tr><td>{@code headersTimeout}</td><td>30 s</td><td>from the first byte of the request sent until the whole response head arrived</td></tr>
 *   <tr><td>{@code requestTimeout}</td><td>none ({@link Duration#ZERO})</td><td>the whole exchange: pool wait, connect, retries, redirects and the body (for a stream: until its head); a request may set its own</td></tr>
 *   <tr><td>{@code idleTimeout}</td><td>30 s</td><td>a pooled connection unused this long is closed; a response body that stalls this long fails</td></tr>
 *   <tr><td>{@code maxConnectionsPerOrigin}</td><td>1,024</td><td>connections open to one origin at once; more requests wait in arrival order</td></tr>
 *   <tr><td>{@code maxRedirects}</td><td>0 (redirects are returned, not followed)</td><td>redirects followed per request; more fail with {@link TooManyRedirectsException}</td></tr>
 *   <tr><td>{@code retries}</td><td>2</td><td>re-sends of an idempotent request that failed before any response byte arrived, or got 429/503 with {@code Retry-After}</td></tr>
 *   <tr><td>{@code retryBackoff}</td><td>100 ms</td><td>wait before the first retry, doubled for each next one</td></tr>
 *   <tr><td>{@code maxRetryDelay}</td><td>30 s</td><td>cap on a backoff; a longer {@code Retry-After} is not waited for (the 429/503 is returned)</td></tr>
 *   <tr><td>{@code decompress}</td><td>true</td><td>ask for and decode {@code gzip} and {@code deflate} bodies</td></tr>
 *   <tr><td>{@code maxResponseBody}</td><td>64 MiB</td><td>largest body {@link HttpClient#send} collects in memory (after decoding); a stream or a download has no cap</td></tr>
 *   <tr><td>{@code responseLimits}</td><td>status line 8 KiB, headers 64 KiB and 100 fields</td><td>limits on response heads; their {@code maxBodySize} is ignored (see {@code maxResponseBody})</td></tr>
 *   <tr><td>{@code compliance}</td><td>{@link Compliance#STRICT}</td><td>tolerated RFC deviations in responses: none</td></tr>
 *   <tr><td>{@code rateLimit}</td><td>none ({@code null})</td><td>requests per second, per client or per origin; see {@link RateLimit}</td></tr>
 *   <tr><td>{@code resolver}</td><td>{@link ResolverConfig#system()}, read at creation ({@code null})</td><td>how host names are resolved (DNS on the client's loops)</td></tr>
 *   <tr><td>{@code userAgent}</td><td>{@code hayate}</td><td>the {@code User-Agent} sent unless a request sets one; {@code null} sends none</td></tr>
 *   <tr><td>{@code streamBuffer}</td><td>256 KiB</td><td>bytes a {@link StreamingResponse} or blocking WebSocket holds before the client stops reading the socket</td></tr>
 *   <tr><td>{@code webSocketLimits}</td><td>{@link WsLimits#DEFAULTS}</td><td>frame payload 1 MiB, message 4 MiB (1009 when crossed)</td></tr>
 *   <tr><td>{@code webSocketCompression}</td><td>true</td><td>offer permessage-deflate in WebSocket handshakes</td></tr>
 * </table>
 *
 * <p>Idempotent methods are GET, HEAD, OPTIONS, TRACE, PUT and DELETE (RFC 9110 §9.2.2); a request whose body is a
 * one-shot stream is never re-sent.
 */
public record ClientConfig(
        int loops, Duration connectTimeout, Duration headersTimeout, Duration requestTimeout, Duration idleTimeout,
        int maxConnectionsPerOrigin, int maxRedirects, int retries, Duration retryBackoff, Duration maxRetryDelay,
        boolean decompress, long maxResponseBody, HttpLimits responseLimits, Compliance compliance,
        RateLimit rateLimit, ResolverConfig resolver, String userAgent, int streamBuffer, WsLimits webSocketLimits,
        boolean webSocketCompression) {

    public ClientConfig {
        positive("loops", loops);
        positive("connectTimeout", connectTimeout);
        positive("headersTimeout", headersTimeout);
        notNegative("requestTimeout", requestTimeout);
        positive("idleTimeout", idleTimeout);
        positive("maxConnectionsPerOrigin", maxConnectionsPerOrigin);
        if (maxRedirects < 0 || retries < 0) {
            throw new IllegalArgumentException("maxRedirects and retries must not be negative, got " + maxRedirects + " and " + retries);
        }
        notNegative("retryBackoff", retryBackoff);
        notNegative("maxRetryDelay", maxRetryDelay);
        positive("maxResponseBody", maxResponseBody);
        Objects.requireNonNull(responseLimits, "responseLimits");
        Objects.requireNonNull(compliance, "compliance");
        positive("streamBuffer", streamBuffer);
        Objects.requireNonNull(webSocketLimits, "webSocketLimits");
        if (userAgent != null) {
            new io.hayate.http.Headers().add("User-Agent", userAgent); // checks it: no CR, LF or NUL
        }
    }

    /** The defaults in the table above. */
    public static ClientConfig defaults() {
        return new ClientConfig(1, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(30), 1024, 0, 2, Duration.ofMillis(100), Duration.ofSeconds(30), true, 64L * 1024 * 1024, HttpLimits.DEFAULTS.withMaxHeaderSize(64 * 1024).withMaxBodySize(Long.MAX_VALUE), Compliance.STRICT, null, null, "hayate", 256 * 1024, WsLimits.DEFAULTS, true);
    }

    public ClientConfig withLoops(int v) {
        return new ClientConfig(v, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withConnectTimeout(Duration v) {
        return new ClientConfig(loops, v, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withHeadersTimeout(Duration v) {
        return new ClientConfig(loops, connectTimeout, v, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withRequestTimeout(Duration v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, v, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withIdleTimeout(Duration v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, v, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withMaxConnectionsPerOrigin(int v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, v, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withMaxRedirects(int v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, v, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withRetries(int v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, v, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withRetryBackoff(Duration v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, v, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withMaxRetryDelay(Duration v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, v, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withDecompress(boolean v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, v, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withMaxResponseBody(long v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, v, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withResponseLimits(HttpLimits v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, v, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withCompliance(Compliance v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, v, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withRateLimit(RateLimit v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, v, resolver, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withResolver(ResolverConfig v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, v, userAgent, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withUserAgent(String v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, v, streamBuffer, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withStreamBuffer(int v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, v, webSocketLimits, webSocketCompression);
    }

    public ClientConfig withWebSocketLimits(WsLimits v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, v, webSocketCompression);
    }

    public ClientConfig withWebSocketCompression(boolean v) {
        return new ClientConfig(loops, connectTimeout, headersTimeout, requestTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, retries, retryBackoff, maxRetryDelay, decompress, maxResponseBody, responseLimits, compliance, rateLimit, resolver, userAgent, streamBuffer, webSocketLimits, v);
    }

    /** Follows up to {@code max} redirects (301, 302, 303, 307, 308); 0 returns them. Same as {@link #withMaxRedirects}. */
    public ClientConfig withFollowRedirects(int max) {
        return withMaxRedirects(max);
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
