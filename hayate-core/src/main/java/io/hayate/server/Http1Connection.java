package io.hayate.server;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP/1.1 connection on an event loop: read, parse, dispatch, write.
 *
 * <p><b>Threading.</b> Everything runs on the owning loop except {@link #send}, which the thread that finished the
 * handler calls. That thread writes the response straight to the socket (no hop back to the loop) and hands the
 * rest to the loop only when the socket is full. Who may write is decided by {@code state}: while a request is
 * {@code BUSY} only the responder writes; while {@code IDLE} only the loop does. Bytes that arrive while busy
 * (pipelined requests) are kept and parsed after the response, so responses leave in request order.
 */
final class Http1Connection implements IoHandler, Responder, Runnable, Outbound.Owner {
    private static final VarHandle STATE;
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int INPUT_PENDING = 2;
    /** Pipelined bytes kept while a request is busy before reading pauses. */
    private static final int MAX_PENDING_INPUT = 64 * 1024;
    /** After an error answer, how long and how much unread input is drained so the answer is not lost to a reset. */
    private static final long LINGER_NANOS = 2_000_000_000L;
    private static final long LINGER_BYTES = 1 << 20;

    private static final int AFTER_FLUSH_NOTHING = 0;
    private static final int AFTER_FLUSH_RESPONSE_KEEP = 1;
    private static final int AFTER_FLUSH_RESPONSE_CLOSE = 2;
    private static final int AFTER_FLUSH_LINGER = 3;
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
    private final RequestParser parser;
    private volatile int state;
    /** The streamed response being sent, if any; set by the responder thread, cleared when it finishes. */
    private volatile ChunkedStream stream;

    // Loop-confined from here on.
    private SelectionKey key;
    private int interest;
    private Timer timer;
    private ByteBuffer leftover;
    private RequestHead head;
    private byte[] body;
    private int bodyLength;
    private long lastActivity; // also written by the responder before its release of `state`
    private long headStart;    // when the head being received started; 0 when none is
    private boolean inputClosed;
    private boolean closed;
    private boolean lingering;
    private long lingered;
    private ArrayDeque<Object> outQueue;
    private int afterFlush;
    private SocketAddress remote;

    Http1Connection(HttpServer server, Loop loop, SocketChannel channel) {
        this.server = server;
        this.loop = loop;
        this.channel = channel;
        this.parser = new RequestParser(server.config().limits(), server.config().compliance());
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
        headStart = now;
        timer = loop.newTimer(this);
        timer.reschedule(server.headerTimeoutNanos());
    }

    @Override
    public void onReady(SelectionKey key) {
        int ops = key.readyOps();
        if ((ops & OP_WRITE) != 0) {
            ChunkedStream s = stream;
            if (s == null) {
                flush();
            } else if (s.outbound().flush()) {
                s.drained();
            }
        }
        if ((ops & OP_READ) != 0 && !closed) {
            onReadable();
        }
    }

    // ------------------------------------------------------------------ input

    private void onReadable() {
        if (lingering) {
            discardInput();
            return;
        }
        ByteBuffer buf = loop.readBuffer();
        if (leftover != null) {
            if (leftover.remaining() > buf.capacity() / 2) {
                buf = ByteBuffer.allocate(leftover.remaining() + buf.capacity() / 2);
            }
            buf.put(leftover);
            leftover = null;
        }
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            close();
            return;
        }
        buf.flip();
        if (n < 0) {
            inputClosed = true;
            interestOff(OP_READ);
            ChunkedStream s = stream;
            if (s != null) { // a streamed response has nobody left to read it: free it now
                s.fail(new IOException("the client closed the connection"));
                return;
            }
        } else if (n > 0) {
            lastActivity = System.nanoTime();
        }
        if (buf.hasRemaining()) {
            process(buf, true);
        }
        if (inputClosed && !closed && !markInputPending()) {
            close(); // nothing in flight and the peer sends no more: an unfinished request cannot complete
        }
    }

    /** Parses and dispatches what {@code buf} holds, as long as no request is busy. */
    private void process(ByteBuffer buf, boolean loopBuffer) {
        while (!closed) {
            if (state != IDLE) {
                if (!buf.hasRemaining()) {
                    leftover = null; // nothing arrived early: no need to be called back
                    return;
                }
                keep(buf, loopBuffer);
                if (markInputPending()) {
                    if (leftover != null && leftover.remaining() > MAX_PENDING_INPUT) {
                        interestOff(OP_READ);
                    }
                    return;
                }
                // the response finished meanwhile: go on with what was kept
                buf = leftover;
                leftover = null;
                loopBuffer = false;
                if (buf == null) {
                    return;
                }
                continue;
            }
            RequestParser.Event event;
            try {
                event = parser.parse(buf);
            } catch (BadMessageException e) {
                reject(e);
                return;
            }
            switch (event) {
                case NEED_MORE -> {
                    keep(buf, loopBuffer);
                    if (headStart == 0 && parser.inMessage() && !parser.inBody()) {
                        startHeadClock();
                    }
                    return;
                }
                case HEAD -> onHead();
                case BODY -> appendBody(parser.body());
                case DONE -> dispatchRequest();
            }
        }
    }

    private void keep(ByteBuffer buf, boolean loopBuffer) {
        if (!buf.hasRemaining()) {
            leftover = null;
        } else if (loopBuffer) {
            leftover = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
        } else {
            leftover = buf;
        }
    }

    /** Sets INPUT_PENDING if a request is busy, so its responder hands control back. False if idle. */
    private boolean markInputPending() {
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

    private void startHeadClock() {
        headStart = System.nanoTime();
        long limit = server.headerTimeoutNanos();
        if (timer.remainingNanos() > limit) {
            timer.reschedule(limit);
        }
    }

    private void onHead() {
        head = parser.head();
        headStart = 0;
        if (head.hasBody()) {
            long cl = head.contentLength();
            body = new byte[(int) Math.min(cl > 0 ? cl : 4096, 64 * 1024)];
            bodyLength = 0;
            if (head.expectContinue()) {
                writeFromLoop(new ByteBuffer[] {ResponseEncoder.continueResponse()}, null, AFTER_FLUSH_NOTHING);
            }
        }
    }

    private void appendBody(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(bodyLength + n, body.length * 2));
        }
        chunk.get(body, bodyLength, n);
        bodyLength += n;
    }

    private void dispatchRequest() {
        RequestHead h = head;
        byte[] b = body == null ? null : bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        head = null;
        body = null;
        bodyLength = 0;
        parser.reset();
        state = BUSY;
        Exchange ex = new Exchange(server, this, h, b);
        if (ex.route(server.router())) {
            server.dispatcher().dispatch(ex);
        }
    }

    /** Answers a protocol error and closes: a peer that framed one message wrongly cannot be trusted with the next. */
    private void reject(BadMessageException e) {
        server.countProtocolError();
        state = BUSY;
        leftover = null;
        byte[] bytes = ErrorResponses.encode(e.status(), e.getMessage());
        writeFromLoop(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, null, AFTER_FLUSH_LINGER);
    }

    /** Called by the loop after the responder cleared BUSY with INPUT_PENDING set. */
    private void resumeInput() {
        if (closed) {
            return;
        }
        ByteBuffer buf = leftover;
        leftover = null;
        if (buf != null) {
            process(buf, false);
        }
        if (closed || state != IDLE) {
            return;
        }
        if (inputClosed) {
            close();
        } else if (server.isDraining() && !parser.inMessage()) {
            close();
        } else {
            interestOn(OP_READ);
        }
    }

    // ------------------------------------------------------------------ output

    /** Sends the exchange's response. Any thread; exactly once per request. */
    @Override
    public void send(Exchange ex) {
        boolean keep = ex.keepAlive() && !server.isDraining();
        ConnectionHeader connection = !keep ? ConnectionHeader.CLOSE
                : ex.head.minorVersion() == 0 ? ConnectionHeader.KEEP_ALIVE : ConnectionHeader.NONE;
        if (loop.inLoop() && sendFromLoopBuffer(ex, connection, keep)) {
            return;
        }
        ByteBuffer[] out = ex.encode(connection);
        FileRegion file;
        try {
            file = ex.openFile();
        } catch (IOException e) {
            // the file went away after its length was sent: the framing cannot be kept
            toLoop(this::close);
            return;
        }
        int after = keep ? AFTER_FLUSH_RESPONSE_KEEP : AFTER_FLUSH_RESPONSE_CLOSE;
        if (loop.inLoop()) {
            writeFromLoop(out, file, after);
            return;
        }
        boolean done;
        try {
            done = writeDirect(out, file);
        } catch (IOException e) {
            if (file != null) {
                file.close();
            }
            toLoop(this::close);
            return;
        }
        if (done) {
            responseDone(keep);
        } else if (!toLoop(() -> writeFromLoop(out, file, after)) && file != null) {
            file.close();
        }
    }

    /**
     * The loop's fast path: encode into the loop's direct buffer and write it, with no allocation and no copy into a
     * temporary native buffer. False when the response does not fit (or has a file); the caller takes the general path.
     */
    private boolean sendFromLoopBuffer(Exchange ex, ConnectionHeader connection, boolean keep) {
        ByteBuffer buf = loop.writeBuffer();
        if (!ex.encodeInto(buf, connection)) {
            return false;
        }
        buf.flip();
        try {
            while (buf.hasRemaining() && channel.write(buf) > 0) {
                // the socket takes what it can
            }
        } catch (IOException e) {
            close();
            return true;
        }
        if (!buf.hasRemaining()) {
            responseDone(keep);
        } else { // the buffer is the loop's: keep a copy of the rest
            ByteBuffer rest = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
            writeFromLoop(new ByteBuffer[] {rest}, null, keep ? AFTER_FLUSH_RESPONSE_KEEP : AFTER_FLUSH_RESPONSE_CLOSE);
        }
        return true;
    }

    /**
     * Hands {@code task} to the loop from another thread. A handler may finish after the server stopped (its
     * shutdown deadline passed); the loop closed this connection when it stopped, so the task has nothing left to do.
     */
    private boolean toLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Sends the head of a streamed response and starts its body. Any thread: the handler's. */
    @Override
    public void stream(Exchange ex, Body body) {
        if (body instanceof WebSocketUpgrade up) {
            upgrade(ex, up);
            return;
        }
        boolean http11 = ex.head.minorVersion() == 1;
        boolean bodyAllowed = ex.hasBody();
        long length = ex.streamLength();
        // HTTP/1.0 has no chunked coding: without a known length its streamed body ends when the connection closes
        boolean keep = ex.keepAlive() && !server.isDraining() && (http11 || length >= 0 || !bodyAllowed);
        ConnectionHeader connection = !keep ? ConnectionHeader.CLOSE : http11 ? ConnectionHeader.NONE : ConnectionHeader.KEEP_ALIVE;
        ByteBuffer head = ex.encodeStreamHead(connection,
                length >= 0 ? length : http11 ? ResponseEncoder.CHUNKED : ResponseEncoder.NO_BODY);
        Outbound out = new Outbound(channel, loop, this, server.config().streamHighWater());
        ChunkedStream s = new ChunkedStream(out, http11 && bodyAllowed && length < 0, bodyAllowed ? length : -1,
                (st, failed) -> streamFinished(failed, keep));
        stream = s;
        try {
            out.write(head, false);
        } catch (IOException e) {
            ex.releaseSlot();
            s.fail(e);
            return;
        }
        if (closed) { // closed while we were starting: close() may have missed the stream
            s.fail(new IOException("the connection closed"));
        }
        StreamBodies.run(ex, body, s, bodyAllowed, loop, server.config().sseHeartbeat());
    }

    /** Answers 101 and hands the connection to a {@link WebSocketConnection}. Any thread: the handler's. */
    private void upgrade(Exchange ex, WebSocketUpgrade up) {
        WebSocketConnection ws = new WebSocketConnection(loop, channel, up, ex, server.config(), server::connectionClosed);
        ex.releaseSlot();
        try {
            ws.writeHandshake(up.response());
        } catch (IOException e) {
            ws.abandon();
            toLoop(this::close);
            return;
        }
        server.countRequest();
        // Always as a task, even on the loop (LOOP mode runs the handler inside process()): frames the client sent
        // right behind its handshake are still in the read buffer there, and process() keeps them as leftover only
        // after the handler returns; switching at once would drop them.
        if (!toLoop(() -> switchTo(ws))) {
            ws.abandon();
            return;
        }
        if (up.handler() != null) {
            server.dispatcher().runBlocking(() -> ws.runHandler(up.handler()));
        }
    }

    /** Loop thread: from now on the key belongs to the WebSocket; this object only forgets the connection. */
    private void switchTo(WebSocketConnection ws) {
        if (closed) {
            ws.abandon(); // the connection died meanwhile and was counted closed
            return;
        }
        closed = true;
        timer.cancel();
        ByteBuffer early = leftover; // frames a client sent right behind its handshake
        leftover = null;
        ws.start(key, early);
    }

    private void streamFinished(boolean failed, boolean keep) {
        stream = null;
        if (failed) {
            if (loop.inLoop()) {
                close();
            } else {
                toLoop(this::close);
            }
        } else {
            responseDone(keep);
        }
    }

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

    /** Writes as much as the socket takes now; true when everything was written. */
    private boolean writeDirect(ByteBuffer[] out, FileRegion file) throws IOException {
        if (out.length == 1) {
            ByteBuffer b = out[0];
            while (b.hasRemaining()) {
                if (channel.write(b) == 0) {
                    return false;
                }
            }
        } else {
            int last = out.length - 1;
            while (out[last].hasRemaining()) {
                if (channel.write(out) == 0) {
                    return false;
                }
            }
        }
        return file == null || file.transfer(channel);
    }

    private void writeFromLoop(ByteBuffer[] out, FileRegion file, int after) {
        if (closed) {
            if (file != null) {
                file.close();
            }
            return;
        }
        if (outQueue == null) {
            outQueue = new ArrayDeque<>(4);
        }
        for (ByteBuffer b : out) {
            if (b.hasRemaining()) {
                outQueue.add(b);
            }
        }
        if (file != null) {
            outQueue.add(file);
        }
        afterFlush = after;
        flush();
    }

    private void flush() {
        if (outQueue == null) {
            interestOff(OP_WRITE);
            return;
        }
        try {
            Object item;
            while ((item = outQueue.peek()) != null) {
                if (item instanceof ByteBuffer b) {
                    if (channel.write(b) > 0) {
                        lastActivity = System.nanoTime();
                    }
                    if (b.hasRemaining()) {
                        break;
                    }
                } else if (!((FileRegion) item).transfer(channel)) {
                    break;
                }
                outQueue.poll();
            }
        } catch (IOException e) {
            close();
            return;
        }
        if (!outQueue.isEmpty()) {
            interestOn(OP_WRITE);
            return;
        }
        interestOff(OP_WRITE);
        int after = afterFlush;
        afterFlush = AFTER_FLUSH_NOTHING;
        switch (after) {
            case AFTER_FLUSH_RESPONSE_KEEP -> responseDone(true);
            case AFTER_FLUSH_RESPONSE_CLOSE -> responseDone(false);
            case AFTER_FLUSH_LINGER -> linger();
            default -> { }
        }
    }

    /** The whole response is written. Any thread. */
    private void responseDone(boolean keep) {
        lastActivity = System.nanoTime();
        server.countRequest();
        if (!keep) {
            if (loop.inLoop()) {
                closeAfterResponse();
            } else {
                // Send the FIN now; the peer's answering FIN wakes the loop, which then closes. Waking the loop
                // here would cost a system call per connection for nothing.
                try {
                    channel.shutdownOutput();
                } catch (IOException ignored) {
                    // the loop closes it either way
                }
                try {
                    loop.executeLazily(this::closeAfterResponse);
                    if ((state & INPUT_PENDING) != 0) {
                        // The peer's FIN (or more bytes) was read while this response was going out: nothing from
                        // it will wake the loop again, so the task above would wait for some other connection.
                        loop.execute(NOTHING);
                    }
                } catch (RejectedExecutionException e) {
                    // the server stopped; the loop closed this connection when it did
                }
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
                    resumeInput();
                } else {
                    toLoop(this::resumeInput);
                }
                return;
            }
        }
    }

    private void closeAfterResponse() {
        if (leftover != null || parser.inMessage()) {
            linger(); // the client may still be sending: drain it so our answer is not lost to a reset
        } else {
            close();
        }
    }

    /** Half-closes and drains input for a while before closing, so the peer reads the last answer. */
    private void linger() {
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
        leftover = null;
        if (inputClosed) {
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
                    : outQueue != null && !outQueue.isEmpty() && now - lastActivity > server.idleTimeoutNanos();
            if (stuck) {
                close(); // the client stopped reading its response
            } else {
                timer.reschedule(server.idleTimeoutNanos());
            }
            return;
        }
        if (headStart != 0 && !parser.inBody()) {
            long left = headStart + server.headerTimeoutNanos() - now;
            if (left > 0) {
                timer.reschedule(left);
            } else if (parser.inMessage() || leftover != null) {
                reject(new BadMessageException(Violation.HEADER_TIMEOUT));
            } else {
                close(); // connected and sent nothing
            }
            return;
        }
        long left = lastActivity + server.idleTimeoutNanos() - now;
        if (left > 0) {
            timer.reschedule(left);
        } else if (parser.inMessage()) {
            reject(new BadMessageException(Violation.HEADER_TIMEOUT, "the body stopped arriving"));
        } else {
            close();
        }
    }

    /** Graceful shutdown: an idle connection closes now, a busy one after its response. Loop thread. */
    void shutdown() {
        if (!closed && state == IDLE && !parser.inMessage() && leftover == null && !lingering) {
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
        if (outQueue != null) {
            for (Object o : outQueue) {
                if (o instanceof FileRegion f) {
                    f.close();
                }
            }
            outQueue = null;
        }
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

    private void interestOn(int op) {
        if ((interest & op) == 0 && key.isValid()) {
            interest |= op;
            key.interestOps(interest);
        }
    }

    private void interestOff(int op) {
        if ((interest & op) != 0 && key.isValid()) {
            interest &= ~op;
            key.interestOps(interest);
        }
    }

    // ------------------------------------------------------------------ Responder

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public SocketAddress remoteAddress() {
        SocketAddress r = remote;
        if (r == null) {
            try {
                r = channel.getRemoteAddress();
            } catch (IOException e) {
                return null;
            }
            remote = r;
        }
        return r;
    }

    @Override
    public String toString() {
        return "Http1Connection[" + remoteAddress() + ", state=" + state + (closed ? ", closed" : "") + "]";
    }
}
