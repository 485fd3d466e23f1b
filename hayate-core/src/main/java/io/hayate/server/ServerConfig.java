package io.hayate.server;

import io.hayate.http.Compliance;
import io.hayate.http.HttpLimits;
import io.hayate.websocket.WsLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a server can be told, with safe defaults. Immutable; {@code withX} returns a copy.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code host}</td><td>{@code 127.0.0.1}</td><td>address to bind; {@code 0.0.0.0} for every interface</td></tr>
 *   <tr><td>{@code port}</td><td>8080</td><td>0 picks a free port ({@link Server#port()} tells which)</td></tr>
 *   <tr><td>{@code unixSocket}</td><td>none</td><td>listen on this UNIX domain socket path instead of TCP</td></tr>
 *   <tr><td>{@code mode}</td><td>{@link Mode#VIRTUAL}</td><td>who runs handlers</td></tr>
 *   <tr><td>{@code loops}</td><td>available processors</td><td>event loop threads ({@code hayate-loop-N})</td></tr>
 *   <tr><td>{@code threads}</td><td>max(8, 2 × processors)</td><td>worker threads in {@link Mode#THREADS}</td></tr>
 *   <tr><td>{@code maxInFlight}</td><td>10,000</td><td>requests being handled at once (uWSGI's {@code --async});
 *       more wait in arrival order</td></tr>
 *   <tr><td>{@code maxConnections}</td><td>16,384</td><td>open connections; at the limit the server stops accepting
 *       and new clients wait in the listen backlog</td></tr>
 *   <tr><td>{@code backlog}</td><td>1,024</td><td>listen backlog</td></tr>
 *   <tr><td>{@code limits}</td><td>{@link HttpLimits#DEFAULTS}</td><td>request line 8 KiB (414), headers 16 KiB and 100
 *       fields (431), body 8 MiB (413)</td></tr>
 *   <tr><td>{@code compliance}</td><td>{@link Compliance#STRICT}</td><td>tolerated RFC deviations: none</td></tr>
 *   <tr><td>{@code headerTimeout}</td><td>10 s</td><td>time to receive a whole request head, counted from the
 *       connection's accept or the head's first byte; then 408 and close</td></tr>
 *   <tr><td>{@code idleTimeout}</td><td>60 s</td><td>a keep-alive connection with no request, or a body that stops
 *       arriving, is closed after this</td></tr>
 *   <tr><td>{@code shutdownTimeout}</td><td>10 s</td><td>how long {@link Server#close()} lets in-flight requests
 *       finish</td></tr>
 *   <tr><td>{@code streamHighWater}</td><td>64 KiB</td><td>bytes of a streamed response or WebSocket the client may be
 *       behind before writers wait (off a loop) or are told to stop (on a loop); they resume at half of it</td></tr>
 *   <tr><td>{@code sseHeartbeat}</td><td>15 s</td><td>an idle event stream gets a comment line this often; zero for
 *       none</td></tr>
 *   <tr><td>{@code webSocketLimits}</td><td>{@link WsLimits#DEFAULTS}</td><td>frame payload 1 MiB, message 4 MiB (1009
 *       when crossed)</td></tr>
 *   <tr><td>{@code webSocketCompression}</td><td>true</td><td>accept permessage-deflate when the client offers it</td></tr>
 * </table>
 */
public record ServerConfig(String host, int port, Path unixSocket, Mode mode,
                           int loops, int threads, int maxInFlight, int maxConnections,
                           int backlog, HttpLimits limits, Compliance compliance, Duration headerTimeout,
                           Duration idleTimeout, Duration shutdownTimeout, int streamHighWater, Duration sseHeartbeat,
                           WsLimits webSocketLimits, boolean webSocketCompression) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(compliance, "compliance");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        positive("loops", loops);
        positive("threads", threads);
        positive("maxInFlight", maxInFlight);
        positive("maxConnections", maxConnections);
        positive("backlog", backlog);
        positive("headerTimeout", headerTimeout);
        positive("idleTimeout", idleTimeout);
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        positive("streamHighWater", streamHighWater);
        Objects.requireNonNull(sseHeartbeat, "sseHeartbeat");
        Objects.requireNonNull(webSocketLimits, "webSocketLimits");
    }

    /** The defaults in the table above. */
    public static ServerConfig defaults() {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new ServerConfig("127.0.0.1", 8080, null, Mode.VIRTUAL, cpus, Math.max(8, 2 * cpus), 10_000, 16_384, 1024,
                HttpLimits.DEFAULTS, Compliance.STRICT, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10),
                64 * 1024, Duration.ofSeconds(15), WsLimits.DEFAULTS, true);
    }

    public ServerConfig withHost(String v) {
        return new ServerConfig(v, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withPort(int v) {
        return new ServerConfig(host, v, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withUnixSocket(Path v) {
        return new ServerConfig(host, port, v, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withMode(Mode v) {
        return new ServerConfig(host, port, unixSocket, v, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withLoops(int v) {
        return new ServerConfig(host, port, unixSocket, mode, v, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withThreads(int v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, v, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withMaxInFlight(int v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, v, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withMaxConnections(int v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, v, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withBacklog(int v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, v, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withLimits(HttpLimits v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, v, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withCompliance(Compliance v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, v, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withHeaderTimeout(Duration v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, v, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withIdleTimeout(Duration v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, v, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withShutdownTimeout(Duration v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, v, streamHighWater, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withStreamHighWater(int v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, v, sseHeartbeat, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withSseHeartbeat(Duration v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, v, webSocketLimits, webSocketCompression);
    }

    public ServerConfig withWebSocketLimits(WsLimits v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, v, webSocketCompression);
    }

    public ServerConfig withWebSocketCompression(boolean v) {
        return new ServerConfig(host, port, unixSocket, mode, loops, threads, maxInFlight, maxConnections, backlog, limits, compliance, headerTimeout, idleTimeout, shutdownTimeout, streamHighWater, sseHeartbeat, webSocketLimits, v);
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
}
