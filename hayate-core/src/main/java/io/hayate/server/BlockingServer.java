package io.hayate.server;

import io.hayate.http.BadMessageException;
import io.hayate.http.RequestHead;
import io.hayate.http.RequestParser;
import io.hayate.http.ResponseEncoder;
import io.hayate.http.ResponseEncoder.ConnectionHeader;
import io.hayate.http.Violation;
import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Mode#BLOCKING}: one thread ({@code hayate-blocking}) accepts a connection, reads one request with blocking
 * reads, runs the handler, writes the response with {@code Connection: close} and closes; then the next. The loop it
 * is given only keeps time (header timeout, {@code later}, {@code delay}).
 */
final class BlockingServer implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.hayate.server");

    private final HttpServer server;
    private final ServerSocketChannel listener;
    private final Loop timerLoop;
    private final Thread thread;
    private final ByteBuffer buffer;
    private final RequestParser parser;
    private volatile boolean stopping;
    private volatile Connection current;
    private final long watchTick;
    private final boolean tcp;

    BlockingServer(HttpServer server, ServerSocketChannel listener, Loop timerLoop) {
        this.server = server;
        this.listener = listener;
        this.timerLoop = timerLoop;
        var limits = server.config().limits();
        this.buffer = ByteBuffer.allocate(Math.max(64 * 1024, limits.maxRequestLine() + limits.maxHeaderSize() + 4096));
        this.parser = new RequestParser(limits, server.config().compliance());
        this.thread = new Thread(this, "hayate-blocking");
        this.tcp = server.config().unixSocket() == null;
        long header = server.config().headerTimeout().toNanos();
        this.watchTick = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(header / 10, TimeUnit.MILLISECONDS.toNanos(250)));
    }

    void start() {
        thread.start();
        timerLoop.execute(this::watch);
    }

    /**
     * One periodic check on the loop instead of a timer per request: scheduling and cancelling a loop timer from
     * this thread would wake the loop two or three times per request, which costs more than serving it.
     */
    private void watch() {
        if (stopping && !thread.isAlive()) {
            return;
        }
        Connection c = current;
        if (c != null) {
            long d = c.deadline;
            if (d != 0 && System.nanoTime() - d >= 0) {
                c.timeout(Violation.HEADER_TIMEOUT);
            }
        }
        timerLoop.schedule(watchTick, TimeUnit.NANOSECONDS, this::watch);
    }

    @Override
    public void run() {
        while (!stopping) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed: " + e.getMessage());
                sleep(100);
                continue;
            }
            server.connectionOpened();
            Connection c = new Connection(ch);
            current = c;
            try {
                c.serve();
            } catch (ClosedChannelException e) {
                // closed under a read by the header timeout or by shutdown, which dealt with the client already
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "connection failed: " + t);
            } finally {
                current = null;
                c.close();
            }
        }
    }

    /**
     * Stops accepting, closes the current connection at once if no byte of its request has arrived yet, else lets the
     * request finish within {@code deadline}, then closes it.
     */
    void shutdown(Duration deadline) {
        stopping = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Connection idle = current;
        if (idle != null) {
            idle.closeIfIdle();
            idle.goingAway();
        }
        try {
            if (!thread.join(deadline)) {
                Connection c = current;
                if (c != null) {
                    c.close();
                }
                thread.interrupt();
                thread.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection, one request. */
    private final class Connection implements Responder {
        private final SocketChannel channel;
        /** Set by whoever answers first: the request's response or the timeout's 408. */
        private final AtomicBoolean answered = new AtomicBoolean();
        private final CountDownLatch sent = new CountDownLatch(1);
        private final AtomicBoolean closed = new AtomicBoolean();
        /** System.nanoTime() by which the request must be complete; 0 when none. Read by the watchdog. */
        private volatile long deadline;
        /** Whether a byte of the request has arrived; until then the connection is idle. */
        private volatile boolean started;
        /** The streamed response being sent, if any. */
        private volatile ChunkedStream stream;
        /** The WebSocket this connection became, if it did. */
        private volatile WebSocketConnection webSocket;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void serve() throws IOException {
            if (tcp) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            parser.reset();
            buffer.clear();
            deadline = System.nanoTime() + server.config().headerTimeout().toNanos();
            RequestHead head = null;
            byte[] body = null;
            int bodyLength = 0;
            for (;;) {
                int n = channel.read(buffer);
                if (n < 0) {
                    deadline = 0;
                    return; // the client left before finishing its request
                }
                started = true;
                buffer.flip();
                RequestParser.Event event;
                try {
                    while ((event = parser.parse(buffer)) != RequestParser.Event.NEED_MORE) {
                        switch (event) {
                            case HEAD -> {
                                head = parser.head();
                                deadline = System.nanoTime() + server.config().idleTimeout().toNanos();
                                if (head.hasBody()) {
                                    long cl = head.contentLength();
                                    body = new byte[(int) Math.min(cl > 0 ? cl : 4096, 64 * 1024)];
                                    if (head.expectContinue()) {
                                        writeFully(ResponseEncoder.continueResponse());
                                    }
                                }
                            }
                            case BODY -> {
                                ByteBuffer chunk = parser.body();
                                if (bodyLength + chunk.remaining() > body.length) {
                                    body = Arrays.copyOf(body, Math.max(bodyLength + chunk.remaining(), body.length * 2));
                                }
                                int r = chunk.remaining();
                                chunk.get(body, bodyLength, r);
                                bodyLength += r;
                            }
                            case DONE -> {
                                deadline = 0;
                                if (!answered.compareAndSet(false, true)) {
                                    return; // timed out meanwhile
                                }
                                byte[] b = body == null ? null : bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
                                handle(head, b);
                                return;
                            }
                            default -> throw new IllegalStateException(event.toString());
                        }
                    }
                } catch (BadMessageException e) {
                    deadline = 0;
                    if (answered.compareAndSet(false, true)) {
                        server.countProtocolError();
                        writeFully(ByteBuffer.wrap(ErrorResponses.encode(e.status(), e.getMessage())));
                        drainBriefly();
                    }
                    return;
                }
                buffer.compact();
            }
        }

        private void handle(RequestHead head, byte[] body) {
            Exchange ex = new Exchange(server, this, head, body);
            if (ex.route(server.router())) {
                server.dispatcher().dispatch(ex);
            }
            try {
                sent.await(); // a CompletionStage answer completes elsewhere; this thread serves one connection at a time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Shutdown: a WebSocket starts its close handshake with 1001 (going away). */
        void goingAway() {
            WebSocketConnection w = webSocket;
            if (w != null) {
                w.goingAway();
            }
        }

        /** Shutdown: a connection that has not started a request has nothing to finish. */
        void closeIfIdle() {
            if (!started && answered.compareAndSet(false, true)) {
                close(); // wakes the blocked read
            }
        }

        /** From the loop: no complete request in time. */
        private void timeout(Violation v) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            if (started) { // a client that sent nothing is closed silently, as in the other modes
                server.countProtocolError();
                try {
                    channel.write(ByteBuffer.wrap(ErrorResponses.encode(v.status(), v.description())));
                } catch (IOException ignored) {
                    // the client is gone anyway
                }
            }
            close(); // wakes the blocked read with AsynchronousCloseException
        }

        @Override
        public void send(Exchange ex) {
            try {
                writeFully(ex.encode(ConnectionHeader.CLOSE));
                FileRegion file = ex.openFile();
                if (file != null) {
                    while (!file.transfer(channel)) {
                        Thread.onSpinWait(); // a blocking channel transfers everything; this only guards a short count
                    }
                }
                server.countRequest();
            } catch (IOException e) {
                // the client went away; nothing to tell it
            } finally {
                sent.countDown();
            }
        }

        /**
         * A streamed response. After the head the socket turns non-blocking and the timer loop watches it, as an
         * event loop does in the other modes: a producer on this thread waits while the client is behind, a write made
         * on the loop (a timer, a heartbeat, {@code offer}) never blocks the loop, and a client that leaves is noticed
         * while the producer is idle. This thread still serves nothing else until the stream ends.
         */
        @Override
        public void stream(Exchange ex, Body body) {
            if (body instanceof WebSocketUpgrade up) {
                upgrade(ex, up);
                return;
            }
            boolean bodyAllowed = ex.hasBody();
            ByteBuffer head = ex.encodeStreamHead(ConnectionHeader.CLOSE, ex.streamHeadLength());
            try {
                writeFully(head);
                channel.configureBlocking(false);
            } catch (IOException e) {
                ex.releaseSlot();
                sent.countDown();
                return;
            }
            StreamWatch watch = new StreamWatch();
            Outbound out = new Outbound(channel, timerLoop, watch, server.config().streamHighWater());
            ChunkedStream s = ChunkedStream.of(ex, out, (st, failed) -> {
                if (!failed) {
                    server.countRequest();
                }
                watch.stop();
                sent.countDown();
            });
            watch.stream = s;
            stream = s;
            try {
                timerLoop.execute(watch::start); // before any write can ask the loop for OP_WRITE
            } catch (RejectedExecutionException e) {
                s.fail(new IOException("the server stopped"));
            }
            if (closed.get()) { // closed while starting: close() may have missed the stream
                s.fail(new IOException("the connection closed"));
            }
            StreamBodies.run(ex, body, s, bodyAllowed, timerLoop, server.config().sseHeartbeat());
        }

        /** The timer loop's side of a streamed response: flushes what the socket could not take, and sees the client go. */
        private final class StreamWatch implements IoHandler, Outbound.Owner {
            ChunkedStream stream;      // set before start()
            private SelectionKey key;  // loop
            private boolean wantWrite; // loop
            private boolean stopped;   // loop

            void start() {
                if (stopped) {
                    return;
                }
                try {
                    key = timerLoop.register(channel, SelectionKey.OP_READ
                            | (wantWrite ? SelectionKey.OP_WRITE : 0), this);
                } catch (IOException e) {
                    stream.fail(e); // closed meanwhile
                }
            }

            @Override
            public void onReady(SelectionKey k) {
                int ops;
                try {
                    ops = k.readyOps();
                } catch (CancelledKeyException e) {
                    return; // the stream ended and this connection's thread closed the socket meanwhile
                }
                if ((ops & SelectionKey.OP_WRITE) != 0 && stream.outbound().flush()) {
                    stream.drained();
                }
                if ((ops & SelectionKey.OP_READ) != 0 && !stopped) {
                    int n;
                    try {
                        n = channel.read(timerLoop.readBuffer()); // anything after the request is dropped: we close after
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        stream.fail(new IOException("the client closed the connection"));
                    }
                }
            }

            @Override
            public void writeInterest(boolean on) {
                wantWrite = on;
                if (key != null && key.isValid()) {
                    try {
                        key.interestOps(SelectionKey.OP_READ | (on ? SelectionKey.OP_WRITE : 0));
                    } catch (CancelledKeyException e) {
                        // closed meanwhile by this connection's thread
                    }
                }
            }

            /** The stream ended: the loop lets go of the socket, which this connection's thread closes. Any thread. */
            void stop() {
                if (timerLoop.inLoop()) {
                    cancel();
                } else {
                    try {
                        timerLoop.execute(this::cancel);
                    } catch (RejectedExecutionException ignored) {
                        // the loop stopped and dropped the key
                    }
                }
            }

            private void cancel() {
                stopped = true;
                if (key != null) {
                    key.cancel();
                }
            }

            @Override
            public void onLoopClosing() {
                stream.fail(new IOException("the server stopped"));
            }
        }

        /**
         * A WebSocket in blocking mode: the timer loop does its I/O, and this thread runs the handler (or waits for a
         * listener's connection to end), so the server still serves one connection at a time.
         */
        private void upgrade(Exchange ex, WebSocketUpgrade up) {
            ex.releaseSlot();
            CountDownLatch ended = new CountDownLatch(1);
            WebSocketConnection ws = new WebSocketConnection(timerLoop, channel, up, ex, server.config(), ended::countDown);
            webSocket = ws;
            try {
                writeFully(up.response());
                channel.configureBlocking(false);
            } catch (IOException e) {
                ws.abandon();
                sent.countDown();
                return;
            }
            server.countRequest();
            ByteBuffer early = buffer.hasRemaining() ? ByteBuffer.allocate(buffer.remaining()).put(buffer).flip() : null;
            timerLoop.execute(() -> {
                try {
                    ws.start(timerLoop.register(channel, SelectionKey.OP_READ, ws), early);
                } catch (IOException e) {
                    ws.abandon();
                    ended.countDown();
                }
            });
            if (stopping) { // shutdown began meanwhile and may have missed this WebSocket
                ws.goingAway();
            }
            try {
                if (up.handler() != null) {
                    ws.run();
                    ended.await(10, TimeUnit.SECONDS);
                } else {
                    ended.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sent.countDown();
            }
        }

        private void writeFully(ByteBuffer... out) throws IOException {
            int last = out.length - 1;
            while (out[last].hasRemaining()) {
                channel.write(out);
            }
        }

        /** After an error answer, read what the client still sends for a moment so the answer is not lost to a reset. */
        private void drainBriefly() {
            try {
                channel.shutdownOutput();
                Timer t = timerLoop.schedule(Duration.ofSeconds(2), this::close);
                ByteBuffer sink = ByteBuffer.allocate(8192);
                long total = 0;
                int n;
                while ((n = channel.read(sink.clear())) >= 0 && (total += n) < (1 << 20)) {
                    // discard
                }
                t.cancel();
            } catch (IOException ignored) {
                // closed by the timer or by the client
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                deadline = 0;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to release
                }
                ChunkedStream s = stream;
                if (s != null) { // wakes a producer waiting for the client (shutdown deadline)
                    s.fail(new IOException("the connection closed"));
                }
                WebSocketConnection w = webSocket;
                if (w != null) { // the loop lets go of it, and its handler or listener learns it closed
                    w.closeNow();
                }
                server.connectionClosed();
            }
        }

        @Override
        public Loop loop() {
            return timerLoop;
        }

        @Override
        public SocketAddress remoteAddress() {
            try {
                return channel.getRemoteAddress();
            } catch (IOException e) {
                return null;
            }
        }
    }
}
