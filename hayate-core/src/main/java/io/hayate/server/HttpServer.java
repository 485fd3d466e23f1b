package io.hayate.server;

import io.hayate.loop.Loop;
import io.hayate.loop.LoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The running server: listening channel, loops, dispatcher, counters, graceful shutdown. */
final class HttpServer implements Server {
    private final ServerConfig config;
    private final Router router;
    private final LoopGroup loops;
    private final Dispatcher dispatcher;
    private final ServerSocketChannel listener;
    private final SocketAddress address;
    private final Acceptor acceptor;
    private final BlockingServer blocking;
    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;

    private final AtomicInteger open = new AtomicInteger();
    /** {@link #connectionClosed()} as one shared object, for connections that keep it (WebSockets). */
    final Runnable onConnectionClosed = this::connectionClosed;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean draining;

    private HttpServer(ServerConfig config, Router router) throws IOException {
        this.config = config;
        this.router = router;
        this.headerTimeoutNanos = config.headerTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        boolean tcp = config.unixSocket() == null;
        if (tcp) {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
        } else {
            if (Files.exists(config.unixSocket()) && !Files.isRegularFile(config.unixSocket()) && !Files.isDirectory(config.unixSocket())) {
                Files.delete(config.unixSocket()); // a stale socket left by a process that died
            }
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(config.unixSocket()), config.backlog());
        }
        this.address = listener.getLocalAddress();
        // Blocking mode needs one loop too: for later(), delay() and the header timeout.
        this.loops = new LoopGroup(config.mode() == Mode.BLOCKING ? 1 : config.loops());
        this.dispatcher = new Dispatcher(config);
        if (config.mode() == Mode.BLOCKING) {
            acceptor = null;
            blocking = new BlockingServer(this, listener, loops.next());
            blocking.start();
        } else {
            blocking = null;
            listener.configureBlocking(false);
            Loop first = loops.loops().get(0);
            acceptor = new Acceptor(this, listener, first, loops, tcp);
            CompletableFuture<Void> registered = new CompletableFuture<>();
            first.execute(() -> {
                try {
                    acceptor.register();
                    registered.complete(null);
                } catch (IOException e) {
                    registered.completeExceptionally(e);
                }
            });
            registered.join();
        }
    }

    static HttpServer start(ServerConfig config, Router router) {
        try {
            return new HttpServer(config, router);
        } catch (IOException e) {
            String where = config.unixSocket() != null ? config.unixSocket().toString() : config.host() + ":" + config.port();
            throw new UncheckedIOException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
    }

    ServerConfig config() {
        return config;
    }

    Router router() {
        return router;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    long headerTimeoutNanos() {
        return headerTimeoutNanos;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    boolean isDraining() {
        return draining;
    }

    int openConnections() {
        return open.get();
    }

    void connectionOpened() {
        open.incrementAndGet();
        accepted.increment();
    }

    void connectionClosed() {
        open.decrementAndGet();
        if (acceptor != null) {
            acceptor.connectionClosed();
        }
    }

    void countRequest() {
        requests.increment();
    }

    void countProtocolError() {
        protocolErrors.increment();
    }

    void countHandlerError() {
        handlerErrors.increment();
    }

    void handlerDone() {
        dispatcher.done();
    }

    @Override
    public int port() {
        return address instanceof InetSocketAddress a ? a.getPort() : -1;
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public Mode mode() {
        return config.mode();
    }

    @Override
    public ServerStats stats() {
        int threads = loops.size() + dispatcher.threads() + (blocking != null ? 1 : 0);
        return new ServerStats(open.get(), accepted.sum(), requests.sum(), dispatcher.inFlight(),
                protocolErrors.sum(), handlerErrors.sum(), threads);
    }

    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    @Override
    public void close(Duration deadline) {
        if (!closing.compareAndSet(false, true)) {
            closed.join();
            return;
        }
        long end = System.nanoTime() + deadline.toNanos();
        draining = true;
        if (blocking != null) {
            blocking.shutdown(deadline);
        } else {
            runOnAllLoops(acceptorCloser(), false);
            runOnAllLoops(() -> Loop.current().forEachHandler(h -> {
                if (h instanceof Http1Connection c) {
                    c.shutdown();
                } else if (h instanceof WebSocketConnection w) {
                    w.goingAway();
                }
            }), true);
            while (open.get() > 0 && System.nanoTime() < end) {
                sleep(10);
            }
            runOnAllLoops(() -> Loop.current().forEachHandler(h -> {
                if (h instanceof Http1Connection c) {
                    c.forceClose();
                } else if (h instanceof WebSocketConnection w) {
                    w.closeNow();
                }
            }), true);
        }
        dispatcher.close(Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        loops.close();
        if (config.unixSocket() != null) {
            try {
                Files.deleteIfExists(config.unixSocket());
            } catch (IOException ignored) {
                // best effort
            }
        }
        closed.complete(null);
    }

    private Runnable acceptorCloser() {
        return () -> {
            if (acceptor != null && Loop.current() == loops.loops().get(0)) {
                acceptor.close();
            }
        };
    }

    private void runOnAllLoops(Runnable task, boolean wait) {
        CountDownLatch latch = new CountDownLatch(loops.size());
        for (Loop loop : loops.loops()) {
            try {
                loop.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        latch.countDown();
                    }
                });
            } catch (RuntimeException e) {
                latch.countDown();
            }
        }
        if (wait) {
            try {
                latch.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "hayate " + config.mode().name().toLowerCase() + " server on " + address;
    }
}
