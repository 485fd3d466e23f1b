package io.hayate.client;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.hayate.http.BadResponseException;
import io.hayate.http.ResponseHead;
import io.hayate.http.ResponseParser;
import io.hayate.http.ResponseViolation;
import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive HTTP/1.1 connection of a pool: write a request, read its response with {@link ResponseParser},
 * hand the body to the exchange, then go back to the pool or close.
 *
 * <p>While idle in the pool it keeps reading: a server that closes it (EOF) or sends anything unasked gets it
 * discarded at once, so a pooled connection is known to be alive when it is taken. One timer serves every phase:
 * the head deadline ({@code headersTimeout}), a body that stalls ({@code idleTimeout}), and eviction from the pool
 * ({@code idleTimeout}).
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class ClientConnection implements IoHandler {
    private static final int CONNECTING = 0;
    private static final int IDLE = 1;
    private static final int ACTIVE = 2;
    private static final int CLOSED = 3;

    private final OriginPool pool;
    private final Loop loop;
    private final LoopHttpClient client;
    private final ResponseParser parser;
    private final Timer timer;
    private SocketChannel channel;
    private SelectionKey key;
    private WriteQueue out;
    private int state = CONNECTING;
    private int interest;
    private Exchange exchange;
    private RequestWriter writer;
    private ByteBuffer leftover;
    private boolean paused;
    private boolean headSeen;
    private boolean responseStarted;
    private boolean requestWritten;
    private boolean requestSaysClose;
    private long lastActivity;
    private long idleSince;
    private int served;

    ClientConnection(OriginPool pool) {
        this.pool = pool;
        this.loop = pool.loop;
        this.client = pool.client;
        this.parser = new ResponseParser(client.config().responseLimits(), client.config().compliance());
        this.timer = loop.newTimer(this::onTimer);
    }

    /** Connects; the pool hands the connection to a waiting exchange when it is up. */
    void connect(String what) {
        Connector.connect(client, loop, pool.origin, what, new Connector.Callback() {
            @Override
            public void connected(SocketChannel ch, SelectionKey k) {
                channel = ch;
                out = new WriteQueue(ch);
                try {
                    key = loop.register(ch, 0, ClientConnection.this);
                } catch (IOException e) {
                    failed(e);
                    return;
                }
                client.connectionOpened();
                pool.connected(ClientConnection.this);
            }

            @Override
            public void failed(IOException cause) {
                state = CLOSED;
                pool.connectFailed(ClientConnection.this, cause);
            }
        });
    }

    boolean connecting() {
        return state == CONNECTING;
    }

    /** Whether an idle connection can take a request. */
    boolean usable() {
        return state == IDLE && key.isValid() && channel.isOpen();
    }

    /** Sends {@code e}'s request on this connection and reads its response. */
    void assign(Exchange e) {
        state = ACTIVE;
        exchange = e;
        headSeen = false;
        responseStarted = false;
        requestWritten = false;
        requestSaysClose = "close".equalsIgnoreCase(e.request().header("Connection"));
        paused = false;
        parser.reset();
        parser.request(e.request().method());
        e.attached(this);
        lastActivity = System.nanoTime();
        timer.reschedule(client.config().headersTimeout().toNanos());
        interest(OP_READ, true);
        writer = new RequestWriter(this, out, loop, e.request(), client.extraLines(e.request()));
        try {
            writer.start();
            writeInterestIfPending();
        } catch (RequestBodyException ex) {
            fail(ex);
        } catch (IOException ex) { // the socket: a stale connection, a reset
            fail(ex);
        } catch (RuntimeException ex) {
            fail(new RequestBodyException(e.describe() + ": cannot send the request: " + ex, ex));
        }
    }

    /** Whether this connection served a request before the current one (a reused, possibly stale, connection). */
    boolean reused() {
        return served > 0;
    }

    // ---------------------------------------------------------------- writing

    void requestWritten(RequestWriter w) {
        if (w == writer) {
            requestWritten = true;
            if (!headSeen) { // the head deadline counts from the end of the request
                timer.reschedule(client.config().headersTimeout().toNanos());
            }
        }
    }

    void writerFailed(RequestWriter w, IOException e) {
        if (w == writer) {
            fail(e);
        }
    }

    void writeInterestIfPending() {
        if (state != CLOSED) {
            interest(OP_WRITE, !out.isEmpty());
        }
    }

    private void onWritable() {
        try {
            long before = out.pending();
            boolean empty = out.flush();
            if (out.pending() != before) {
                lastActivity = System.nanoTime();
            }
            if (empty && writer != null) {
                writer.drained();
            }
            writeInterestIfPending();
        } catch (IOException e) {
            fail(e);
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public void onReady(SelectionKey k) {
        int ops = k.readyOps();
        if ((ops & OP_WRITE) != 0 && state == ACTIVE) {
            onWritable();
        }
        if ((ops & OP_READ) != 0 && state != CLOSED) {
            onReadable();
        }
    }

    private void onReadable() {
        ByteBuffer buf = loop.readBuffer(leftover);
        leftover = null;
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (state == IDLE) { // EOF or unasked bytes on a pooled connection: it cannot be used any more
            if (n != 0) {
                close();
            }
            return;
        }
        buf.flip();
        if (n > 0) {
            responseStarted = true;
            lastActivity = System.nanoTime();
        }
        process(buf);
        if (n < 0 && state == ACTIVE) {
            onEof();
        }
    }

    /** Parses what {@code buf} holds while a response is expected and reading is not paused. */
    private void process(ByteBuffer buf) {
        while (state == ACTIVE && !paused) {
            ResponseParser.Event event;
            try {
                event = parser.parse(buf);
            } catch (BadResponseException e) {
                fail(malformed(e.violation(), e.getMessage(), e));
                return;
            }
            switch (event) {
                case NEED_MORE -> {
                    keep(buf);
                    return;
                }
                case HEAD -> {
                    ResponseHead head = parser.head();
                    if (head.interim()) {
                        if (head.status() == 101) {
                            fail(malformed(ResponseViolation.UNEXPECTED_UPGRADE, ResponseViolation.UNEXPECTED_UPGRADE.description(), null));
                            return;
                        }
                        parser.parse(buf); // DONE: an interim response has no body
                        parser.reset();
                        continue;
                    }
                    headSeen = true;
                    rearmIdle();
                    try {
                        exchange.onHead(head);
                    } catch (IOException | RuntimeException e) {
                        fail(e instanceof IOException io ? io : new IOException(e));
                        return;
                    }
                }
                case BODY -> {
                    boolean more;
                    try {
                        more = exchange.onBody(parser.body());
                    } catch (IOException | RuntimeException e) {
                        fail(e instanceof IOException io ? io : new IOException(e));
                        return;
                    }
                    if (!more && state == ACTIVE) {
                        paused = true;
                        interest(OP_READ, false);
                        keep(buf);
                        return;
                    }
                }
                case DONE -> {
                    responseDone(buf);
                    return;
                }
            }
        }
    }

    private void keep(ByteBuffer buf) {
        leftover = buf.hasRemaining() ? ByteBuffer.allocate(buf.remaining()).put(buf).flip() : null;
    }

    /** The exchange's sink caught up: deliver what it held back, then read again. */
    void resumeReading() {
        if (state != ACTIVE || !paused) {
            return;
        }
        try {
            if (!exchange.onResume()) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException io ? io : new IOException(e));
            return;
        }
        paused = false;
        lastActivity = System.nanoTime();
        ByteBuffer kept = leftover;
        leftover = null;
        process(kept != null ? kept : ByteBuffer.allocate(0)); // even empty: the body may have ended with the pause
        if (state == ACTIVE && !paused) {
            interest(OP_READ, true);
        }
    }

    private void onEof() {
        if (!parser.inMessage() && !headSeen) {
            fail(new ConnectionClosedException(exchange.describe() + ": the server closed the connection before responding",
                    false, null));
            return;
        }
        try {
            if (parser.eof() == ResponseParser.Event.DONE) {
                responseDone(ByteBuffer.allocate(0));
            }
        } catch (BadResponseException e) {
            fail(malformed(e.violation(), e.getMessage(), e));
        }
    }

    private void responseDone(ByteBuffer buf) {
        Exchange e = exchange;
        if (buf.hasRemaining()) { // no request was sent for these bytes
            fail(malformed(ResponseViolation.UNEXPECTED_DATA, buf.remaining() + " " + ResponseViolation.UNEXPECTED_DATA.description(), null));
            return;
        }
        boolean reusable = parser.head().keepAlive() && requestWritten && !requestSaysClose && leftover == null && !client.isClosed();
        exchange = null;
        writer = null;
        served++;
        if (reusable) {
            state = IDLE;
            pool.release(this); // before completing: code reacting to the response finds the connection in the pool
        } else {
            close();
        }
        e.onResponseDone();
    }

    /** Parked in the pool: reads only to notice EOF, timer for eviction. */
    void becomeIdle() {
        state = IDLE;
        idleSince = System.nanoTime();
        interest(OP_WRITE, false);
        interest(OP_READ, true);
        timer.reschedule(client.config().idleTimeout().toNanos());
    }

    // ---------------------------------------------------------------- timers

    private void rearmIdle() {
        timer.reschedule(client.config().idleTimeout().toNanos());
    }

    private void onTimer() {
        long now = System.nanoTime();
        long idle = client.config().idleTimeout().toNanos();
        switch (state) {
            case IDLE -> {
                long left = idleSince + idle - now;
                if (left > 0) {
                    timer.reschedule(left);
                } else {
                    close(); // unused for idleTimeout: evicted
                }
            }
            case ACTIVE -> {
                if (!headSeen && !requestWritten) { // still sending: fail only if the server stopped taking bytes
                    long left = lastActivity + idle - now;
                    if (left > 0) {
                        timer.reschedule(left);
                    } else {
                        fail(new ResponseTimeoutException(exchange.describe() + ": the server took no request bytes for "
                                + Durations.format(idle) + " (idleTimeout)", false));
                    }
                    return;
                }
                if (!headSeen) {
                    fail(new ResponseTimeoutException(exchange.describe() + ": no response head within "
                            + Durations.format(client.config().headersTimeout()) + " (headersTimeout)", false));
                    return;
                }
                long left = lastActivity + idle - now;
                if (paused) {
                    timer.reschedule(idle); // the reader is slow, not the server
                } else if (left > 0) {
                    timer.reschedule(left);
                } else {
                    fail(new ResponseTimeoutException(exchange.describe() + ": the response body stalled for "
                            + Durations.format(idle) + " (idleTimeout)", true));
                }
            }
            default -> { }
        }
    }

    // ---------------------------------------------------------------- ending

    /** The request cannot go on: close, and tell the exchange (which may retry). */
    void fail(IOException cause) {
        if (state == CLOSED) {
            return;
        }
        Exchange e = exchange;
        boolean started = responseStarted;
        boolean wasReused = reused();
        close();
        if (e != null) {
            e.onFailure(cause, started, wasReused);
        }
    }

    /** The exchange gave up on its response (timeout, stream closed early): close without telling it. */
    void abort() {
        close();
    }

    /** Closes the socket and leaves the pool. Idempotent. */
    void close() {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        exchange = null;
        if (writer != null) {
            writer.abort();
            writer = null;
        }
        timer.cancel();
        if (out != null) {
            out.clear();
        }
        leftover = null;
        if (key != null) {
            loop.cancelAndClose(key);
        }
        pool.closed(this);
    }

    private MalformedResponseException malformed(ResponseViolation v, String message, Throwable cause) {
        return new MalformedResponseException((exchange != null ? exchange.describe() : pool.origin.toString()) + ": " + message
                + " (RFC " + v.rfc() + "); connection discarded", v, cause);
    }

    private void interest(int op, boolean on) {
        int next = on ? interest | op : interest & ~op;
        if (next != interest && key != null && key.isValid()) {
            interest = next;
            key.interestOps(next);
        }
    }

    @Override
    public String toString() {
        return "ClientConnection[" + pool.origin + ", " + switch (state) {
            case CONNECTING -> "connecting";
            case IDLE -> "idle";
            case ACTIVE -> "active";
            default -> "closed";
        } + ", served=" + served + "]";
    }
}
