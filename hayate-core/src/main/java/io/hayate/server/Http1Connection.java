package io.hayate.server;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP/1.1 connection on an event loop: read, parse, dispatch, write. This class holds what both sides share —
 * who may write, the selector interest, the one timer — and how the connection ends; {@link RequestReader} is the
 * input side and {@link ResponseWriter} the output side.
 *
 * <p><b>Threading.</b> Everything runs on the owning loop except {@link ResponseWriter#send}, which the thread that
 * finished the handler calls. That thread writes the response straight to the socket (no hop back to the loop) and
 * hands the rest to the loop only when the socket is full. Who may write is decided by {@code state}: while a request
 * is {@code BUSY} only the responder writes; while {@code IDLE} only the loop does. Bytes that arrive while busy
 * (pipelined requests) are kept and parsed after the response, so responses leave in request order.
 */
final class Http1Connection implements IoHandler, Runnable, Outbound.Owner {
    private static final VarHandle STATE;
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int INPUT_PENDING = 2;
    /** After an error answer, how long and how much unread input is drained so the answer is not lost to a reset. */
    private static final long LINGER_NANOS = 2_000_000_000L;
    private static final long LINGER_BYTES = 1 << 20;
    private static final Runnable NOTHING = () -> { };

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Http1Connection.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HttpServer server;
    private final Loop loop;
    private final SocketChannel channel;
    private final ResponseWriter output;
    private final RequestReader input;
    private volatile int state;
    /** The streamed response being sent, if any; set by the responder thread, cleared when it finishes. */
    volatile ChunkedStream stream;

    // Loop-confined from here on; the package-private ones are shared with the reader and the writer.
    private SelectionKey key;
    private int interest;
    Timer timer;
    long lastActivity; // also written by the responder before its release of `state`
    boolean closed;
    private boolean lingering;
    private long lingered;

    Http1Connection(HttpServer server, Loop loop, SocketChannel channel) {
        this.server = server;
        this.loop = loop;
        this.channel = channel;
        this.output = new ResponseWriter(this, server, loop, channel);
        this.input = new RequestReader(this, output, server, loop, channel);
    }

    /** Registers with the loop and starts the head clock. Loop thread. */
    void open() {
        try {
            key = loop.register(channel, OP_READ, this);
        } catch (IOException e) {
            closeChannelOnly();
            server.connectionClosed();
            return;
        }
        interest = OP_READ;
        long now = System.nanoTime();
        lastActivity = now;
        input.opened(now);
        timer = loop.newTimer(this);
        timer.reschedule(server.headerTimeoutNanos());
        // Most clients send their request right behind the handshake, so it is usually here already. Reading now
        // rather than after the next select serves a connection-per-request client (ab, Connection: close) before
        // the selector ever adds the socket to epoll: no epoll_ctl to add it, none to remove it, one wakeup less.
        input.onReadable();
    }

    @Override
    public void onReady(SelectionKey key) {
        int ops = key.readyOps();
        if ((ops & OP_WRITE) != 0) {
            ChunkedStream s = stream;
            if (s == null) {
                output.flush();
            } else if (s.outbound().flush()) {
                s.drained();
            }
        }
        if ((ops & OP_READ) != 0 && !closed) {
            if (lingering) {
                discardInput();
            } else {
                input.onReadable();
            }
        }
    }

    // ------------------------------------------------------------------ state: who may write

    /** Whether no request is in flight: the loop may parse and write. */
    boolean isIdle() {
        return state == IDLE;
    }

    /** A request went to its responder, or an error answer is on its way: only that writes now. Loop thread. */
    void markBusy() {
        state = BUSY;
    }

    /** Sets INPUT_PENDING if a request is busy, so its responder hands control back. False if idle. */
    boolean markInputPending() {
        for (;;) {
            int s = state;
            if (s == IDLE) {
                return false;
            }
            if ((s & INPUT_PENDING) != 0 || STATE.compareAndSet(this, s, s | INPUT_PENDING)) {
                return true;
            }
        }
    }

    /** The whole response is written. Any thread. */
    void responseDone(boolean keep) {
        lastActivity = System.nanoTime();
        server.countRequest();
        if (!keep) {
            if (loop.inLoop()) {
                closeAfterResponse();
            } else if (!loop.isBusy() || !toLoop(this::closeAfterResponse)) {
                // A loop at work (it may be carrying this very thread) closes before it waits again, for free; an
                // idle one is left asleep until the peer answers our FIN.
                closeOnPeerFin();
            }
            return;
        }
        for (;;) {
            int s = state;
            if (s == BUSY) {
                if (STATE.compareAndSet(this, BUSY, IDLE)) {
                    return;
                }
            } else if (STATE.compareAndSet(this, s, IDLE)) {
                if (loop.inLoop()) {
                    input.resumeInput();
                } else {
                    toLoop(input::resumeInput);
                }
                return;
            }
        }
    }

    /**
     * Off the loop, with the loop asleep: sends the FIN now and lets the peer's answering FIN wake the loop, which then
     * closes. Waking the loop here would cost a system call per connection for nothing.
     */
    private void closeOnPeerFin() {
        try {
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // the loop closes it either way
        }
        try {
            loop.executeLazily(this::closeAfterResponse);
            if ((state & INPUT_PENDING) != 0) {
                // The peer's FIN (or more bytes) was read while this response was going out: nothing from it will
                // wake the loop again, so the task above would wait for some other connection.
                loop.execute(NOTHING);
            }
        } catch (RejectedExecutionException e) {
            // the server stopped; the loop closed this connection when it did
        }
    }

    /**
     * Hands {@code task} to the loop from another thread. A handler may finish after the server stopped (its
     * shutdown deadline passed); the loop closed this connection when it stopped, so the task has nothing left to do.
     */
    boolean toLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Loop thread: from now on the key belongs to the WebSocket; this object only forgets the connection. */
    void switchTo(WebSocketConnection ws) {
        if (closed) {
            ws.abandon(); // the connection died meanwhile and was counted closed
            return;
        }
        closed = true;
        timer.cancel();
        ws.start(key, input.takeLeftover()); // frames a client sent right behind its handshake
    }

    // ------------------------------------------------------------------ lingering

    private void closeAfterResponse() {
        if (input.hasPendingInput()) {
            linger(); // the client may still be sending: drain it so our answer is not lost to a reset
        } else {
            close();
        }
    }

    /** Half-closes and drains input for a while before closing, so the peer reads the last answer. */
    void linger() {
        if (closed) {
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        lingering = true;
        input.takeLeftover();
        if (input.isInputClosed()) {
            close();
            return;
        }
        interestOn(OP_READ);
        timer.reschedule(LINGER_NANOS);
    }

    private void discardInput() {
        ByteBuffer buf = loop.readBuffer();
        try {
            int n;
            while ((n = channel.read(buf.clear())) > 0) {
                lingered += n;
                if (lingered > LINGER_BYTES) {
                    close();
                    return;
                }
            }
            if (n < 0) {
                close();
            }
        } catch (IOException e) {
            close();
        }
    }

    // ------------------------------------------------------------------ timers and shutdown

    /** The connection's one timer: header deadline, idle timeout, linger end. */
    @Override
    public void run() {
        if (closed) {
            return;
        }
        if (lingering) {
            close();
            return;
        }
        long now = System.nanoTime();
        if (state != IDLE) {
            ChunkedStream st = stream;
            boolean stuck = st != null
                    ? !st.outbound().isEmpty() && now - st.outbound().lastProgress() > server.idleTimeoutNanos()
                    : output.hasQueued() && now - lastActivity > server.idleTimeoutNanos();
            if (stuck) {
                close(); // the client stopped reading its response
            } else {
                timer.reschedule(server.idleTimeoutNanos());
            }
            return;
        }
        input.checkDeadlines(now);
    }

    /** Graceful shutdown: an idle connection closes now, a busy one after its response. Loop thread. */
    void shutdown() {
        if (!closed && state == IDLE && !input.hasPendingInput() && !lingering) {
            close();
        }
    }

    @Override
    public void onLoopClosing() {
        close();
    }

    /**
     * The shutdown deadline passed: closes now, the socket included rather than on the loop's next turn, so that a
     * handler interrupted or finishing after this cannot still write its answer. Loop thread.
     */
    void forceClose() {
        close();
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** Closes at once. Loop thread. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
        ChunkedStream st = stream;
        if (st != null) {
            st.fail(new IOException("the connection closed"));
        }
        output.dropQueued();
        closeChannelOnly();
        server.connectionClosed();
    }

    private void closeChannelOnly() {
        if (key != null) {
            loop.cancelAndClose(key);
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    // ------------------------------------------------------------------ selector interest

    /** {@link Outbound.Owner}: loop thread. */
    @Override
    public void writeInterest(boolean on) {
        if (closed) {
            return;
        }
        if (on) {
            interestOn(OP_WRITE);
        } else {
            interestOff(OP_WRITE);
        }
    }

    void interestOn(int op) {
        if ((interest & op) == 0 && key.isValid()) {
            interest |= op;
            key.interestOps(interest);
        }
    }

    void interestOff(int op) {
        if ((interest & op) != 0 && key.isValid()) {
            interest &= ~op;
            key.interestOps(interest);
        }
    }

    @Override
    public String toString() {
        return "Http1Connection[" + output.remoteAddress() + ", state=" + state + (closed ? ", closed" : "") + "]";
    }
}
