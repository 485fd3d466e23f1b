package io.hayate.server;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * A running server, returned by {@link App#start}. Closing it shuts it down gracefully.
 *
 * <p><b>Threading.</b> Safe from any thread.
 */
public interface Server extends AutoCloseable {

    /** The TCP port it listens on (the real one when started with port 0), or -1 on a UNIX domain socket. */
    int port();

    /** The address it listens on: an {@code InetSocketAddress} or a {@code UnixDomainSocketAddress}. */
    SocketAddress address();

    /** The mode handlers run in. */
    Mode mode();

    /** Counters for tests and monitoring. */
    ServerStats stats();

    /**
     * Graceful shutdown: stops accepting, closes idle connections, lets in-flight requests finish (their responses
     * carry {@code Connection: close}) for up to {@code deadline}, then closes what is left and stops every thread
     * the server started. Idempotent; returns when done.
     */
    void close(Duration deadline);

    /** {@link #close(Duration)} with the configured {@code shutdownTimeout}. */
    @Override
    void close();
}
