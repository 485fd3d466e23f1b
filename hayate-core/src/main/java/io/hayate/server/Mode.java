package io.hayate.server;

/**
 * Who runs a handler. The app, the router, the parser and the wire behaviour are the same in all four; only the
 * thread that calls the handler differs.
 */
public enum Mode {
    /**
     * One thread accepts one connection, serves one request over a blocking socket and closes the connection, like
     * {@code uwsgi --processes 1 --threads 1}. Idle keep-alive clients cannot starve it because none is kept.
     */
    BLOCKING,
    /** Event loops do the I/O; a fixed pool of {@code threads} platform threads ({@code hayate-worker-N}) runs handlers. */
    THREADS,
    /**
     * Handlers run on the event loop thread itself and must not block; a handler that waits returns a
     * {@link java.util.concurrent.CompletionStage}.
     */
    LOOP,
    /**
     * Each request runs on its own virtual thread ({@code hayate-vt}): blocking calls are cheap, and
     * {@code maxInFlight} caps how many run at once, like uWSGI's {@code --async N} cores. The default.
     * Where the JDK allows it the loop that owns the connection carries the thread, as gevent's hub runs its
     * greenlets: see {@link io.hayate.loop.Loop#virtualThreads()}.
     */
    VIRTUAL
}
