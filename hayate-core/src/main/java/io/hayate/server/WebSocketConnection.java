package io.hayate.server;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.hayate.http.Headers;
import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import io.hayate.websocket.CloseCodes;
import io.hayate.websocket.FrameDecoder;
import io.hayate.websocket.FrameEncoder;
import io.hayate.websocket.PerMessageDeflate;
import io.hayate.websocket.Role;
import io.hayate.websocket.WebSocketException;
import io.hayate.http.UriCodec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A connection after the WebSocket handshake: the loop reads and decodes frames, answers pings, runs the close
 * handshake and hands messages to a {@link WebSocketListener} (on the loop) or to an {@link Inbox} that a
 * {@link WebSocketHandler} drains with {@code receive()}. Sends come from any thread through the {@link Outbound}.
 *
 * <p>An idle connection holds no thread: only this object, its decoder and the socket. Of the handshake it keeps
 * what {@link WebSocket} answers (path, parameters, headers, address), not the HTTP connection it came from.
 */
final class WebSocketConnection implements IoHandler, Outbound.Owner, WebSocket, Runnable {
    private static final System.Logger LOG = System.getLogger("io.hayate.server");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Loop loop;
    private final SocketChannel channel;
    private final Outbound out;
    private final FrameDecoder decoder;
    // The encoder's monitor is the send lock: a frame is encoded and queued under it, so frames leave in the order
    // they were encoded. Held only while encoding and queueing, never across a wait for the socket. A monitor rather
    // than a ReentrantLock: 80 bytes less per connection, and since JDK 24 (JEP 491) a virtual thread blocked on it
    // unmounts like on any lock.
    private final FrameEncoder encoder;
    private final WebSocketListener listener;
    private final WebSocketHandler handler; // blocking style: run() runs it
    private final Inbox inbox;
    private final Runnable onTcpClosed;
    private final String subprotocol;
    private final String path;
    private final Map<String, String> pathParams;
    private final String rawQuery;
    private final Headers headers;
    private final SocketAddress remoteAddress;
    private Map<String, List<String>> queryParams; // parsed when first asked
    private volatile boolean tcpClosed;
    private volatile boolean finished;

    private SelectionKey key;          // loop
    private int interest;              // loop
    private boolean readingPaused;     // loop
    private boolean closeWhenFlushed;  // loop
    private Timer closeTimer;          // loop
    private volatile boolean closeSent;
    private volatile int closeCode;

    private static final VarHandle TCP_CLOSED;
    private static final VarHandle FINISHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TCP_CLOSED = l.findVarHandle(WebSocketConnection.class, "tcpClosed", boolean.class);
            FINISHED = l.findVarHandle(WebSocketConnection.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    WebSocketConnection(Loop loop, SocketChannel channel, WebSocketUpgrade upgrade, Exchange handshake,
                        ServerConfig config, Runnable onTcpClosed) {
        this.loop = loop;
        this.channel = channel;
        this.out = new Outbound(channel, loop, this, config.streamHighWater());
        PerMessageDeflate deflate = upgrade.deflate();
        this.decoder = new FrameDecoder(Role.SERVER, config.webSocketLimits(), deflate);
        this.encoder = FrameEncoder.server(deflate);
        this.listener = upgrade.listener();
        this.handler = upgrade.handler();
        this.inbox = handler != null ? new Inbox(this::resumeReading) : null;
        this.onTcpClosed = onTcpClosed;
        this.subprotocol = upgrade.subprotocol();
        this.path = handshake.path();
        this.pathParams = handshake.pathParams();
        this.rawQuery = handshake.queryString();
        this.headers = handshake.headers();
        this.remoteAddress = handshake.remoteAddress();
    }

    /** The {@code 101 Switching Protocols} answer: the first bytes on the outbound. Any thread. */
    void writeHandshake(ByteBuffer response) throws IOException {
        out.write(response, false);
    }

    /** The connection died before the loop could hand it over; it was counted closed already. */
    void abandon() {
        tcpClosed = true;
        out.fail(new IOException("the connection closed during the handshake"));
        finish(CloseCodes.ABNORMAL, "");
    }

    /** Takes over the channel's key (loop thread) and processes bytes that came with the handshake. */
    void start(SelectionKey key, ByteBuffer leftover) {
        this.key = key;
        key.attach(this);
        interest = OP_READ | (out.isEmpty() ? 0 : OP_WRITE);
        key.interestOps(interest);
        if (listener != null) {
            try {
                listener.onOpen(this);
            } catch (RuntimeException e) {
                failListener(e);
            }
        }
        if (leftover != null && leftover.hasRemaining()) {
            process(leftover);
        }
    }

    /**
     * Runs the blocking-style handler on the calling thread, then closes if it did not. This is the thread's task
     * itself, not wrapped in a lambda: an idle handler's thread is parked in {@link #receive()} for as long as the
     * connection lasts, and a virtual thread keeps every frame under it, interpreted frames at over 100 bytes each.
     */
    @Override
    public void run() {
        try {
            handler.handle(this);
            close(CloseCodes.NORMAL, "");
        } catch (StreamClosedException e) {
            // the peer went away while the handler was sending
        } catch (Throwable t) {
            StackTraceElement[] frames = t.getStackTrace();
            LOG.log(Level.WARNING, "WebSocket " + path + " failed: " + t + (frames.length > 0 ? " at " + frames[0] : ""));
            close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    // ------------------------------------------------------------------ loop side

    @Override
    public void onReady(SelectionKey key) {
        int ops = key.readyOps();
        if ((ops & OP_WRITE) != 0 && out.flush() && closeWhenFlushed) {
            closeTcp();
            return;
        }
        if ((ops & OP_READ) != 0 && !tcpClosed) {
            onReadable();
        }
    }

    private void onReadable() {
        ByteBuffer buf = loop.readBuffer();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            abort();
            return;
        }
        if (n < 0) {
            abort();
            return;
        }
        buf.flip();
        process(buf);
    }

    private void process(ByteBuffer buf) {
        while (!tcpClosed) {
            FrameDecoder.Event event;
            try {
                event = decoder.decode(buf);
            } catch (WebSocketException e) {
                fail(e.closeCode(), e.violation().name().toLowerCase().replace('_', ' '));
                return;
            }
            switch (event) {
                case NEED_MORE -> {
                    return;
                }
                case TEXT -> deliver(decoder.text(), null);
                case BINARY -> deliver(null, decoder.payload());
                case PING -> sendFromLoop(() -> encoder.pong(decoder.payload()));
                case PONG -> { }
                case CLOSE -> {
                    peerClosed(decoder.closeCode(), decoder.closeReason());
                    return;
                }
            }
        }
    }

    private void deliver(String text, ByteBuffer bytes) {
        if (listener != null) {
            try {
                if (text != null) {
                    listener.onText(this, text);
                } else {
                    listener.onBinary(this, bytes);
                }
            } catch (RuntimeException e) {
                failListener(e);
            }
            return;
        }
        byte[] copy = null;
        if (bytes != null) {
            copy = new byte[bytes.remaining()];
            bytes.get(copy);
        }
        if (inbox.put(new WebSocketMessage(text, copy)) && !readingPaused) {
            readingPaused = true; // the handler is behind: stop reading until it catches up
            interestOff(OP_READ);
        }
    }

    private void resumeReading() {
        if (loop.inLoop()) {
            if (readingPaused && !tcpClosed) {
                readingPaused = false;
                interestOn(OP_READ);
            }
        } else {
            try {
                loop.execute(this::resumeReading);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // the server stopped
            }
        }
    }

    private void peerClosed(int code, String reason) {
        if (!closeSent) {
            // echo the peer's code (RFC 6455 §5.5.1); a close without a code is answered without one
            sendClose(code == CloseCodes.NO_STATUS ? -1 : code, "");
        }
        finish(code, reason);
        closeAfterFlush();
    }

    /** The peer broke the protocol: answer with {@code code} and drop the connection. */
    private void fail(int code, String reason) {
        if (!closeSent) {
            sendClose(code, reason);
        }
        finish(code, reason);
        closeAfterFlush();
    }

    private void failListener(RuntimeException e) {
        LOG.log(Level.WARNING, "WebSocket listener for " + path + " failed: " + e);
        close(CloseCodes.INTERNAL_ERROR, "internal error");
    }

    private void closeAfterFlush() {
        if (out.isEmpty()) {
            closeTcp();
        } else {
            closeWhenFlushed = true;
        }
    }

    /** The connection dropped without a close handshake. */
    private void abort() {
        finish(CloseCodes.ABNORMAL, "");
        closeTcp();
    }

    /** Drops the TCP connection. Any thread: off the loop it is handed to the loop, which owns the key. */
    private void closeTcp() {
        if (!loop.inLoop()) {
            try {
                loop.execute(this::closeTcp);
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the loop stopped and closed its channels: only the bookkeeping below is left
            }
        }
        if (!TCP_CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        if (closeTimer != null) {
            closeTimer.cancel();
        }
        out.fail(new IOException("the WebSocket is closed"));
        if (key != null && loop.inLoop()) {
            loop.cancelAndClose(key);
        } else {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
        finish(CloseCodes.ABNORMAL, "");
        releaseCodecs();
        onTcpClosed.run();
    }

    /**
     * Frees permessage-deflate's native zlib memory now rather than when the collector gets to it. The encoder under
     * the send lock, its monitor (every sender checks closeSent under it); the decoder is only used on the loop,
     * which is here or stopped.
     */
    private void releaseCodecs() {
        synchronized (encoder) {
            closeSent = true;
            encoder.release();
        }
        decoder.release();
    }

    /** Server shutdown or a stopping loop. */
    @Override
    public void onLoopClosing() {
        finish(CloseCodes.GOING_AWAY, "");
        closeTcp();
    }

    /** Graceful server shutdown: start the close handshake with 1001. */
    void goingAway() {
        close(CloseCodes.GOING_AWAY, "server shutting down");
    }

    /** Closes at once (shutdown deadline). Any thread. */
    void closeNow() {
        finish(CloseCodes.GOING_AWAY, "");
        closeTcp();
    }

    private void finish(int code, String reason) {
        if (!FINISHED.compareAndSet(this, false, true)) {
            return;
        }
        closeCode = code;
        if (inbox != null) {
            inbox.close();
        }
        if (listener != null) {
            Runnable call = () -> {
                try {
                    listener.onClose(this, code, reason == null ? "" : reason);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "WebSocket onClose for " + path + " failed: " + e);
                }
            };
            if (loop.inLoop()) {
                call.run();
            } else {
                try {
                    loop.execute(call);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    call.run(); // the loop stopped: onClose still runs, exactly once
                }
            }
        }
    }

    // ------------------------------------------------------------------ sending

    private void sendFromLoop(Supplier<ByteBuffer> frame) {
        try {
            synchronized (encoder) { // held by others only while they encode and queue, never while they wait
                out.write(frame.get(), false);
            }
        } catch (IOException e) {
            abort();
        }
    }

    private void sendClose(int code, String reason) {
        try {
            synchronized (encoder) {
                if (closeSent) {
                    return;
                }
                closeSent = true;
                out.write(code < 0 ? encoder.close() : encoder.close(code, truncate(reason)), false);
            }
        } catch (IOException e) {
            closeTcp();
        }
    }

    private static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= 123) {
            return reason;
        }
        return new String(b, 0, 120, StandardCharsets.UTF_8).replace("\uFFFD", "");
    }

    private boolean sendData(Supplier<ByteBuffer> frame) {
        if (closeSent || finished) {
            throw new StreamClosedException("the WebSocket is closed", out.failure());
        }
        boolean writable;
        try {
            synchronized (encoder) {
                if (closeSent) {
                    throw new StreamClosedException("the WebSocket is closed", out.failure());
                }
                writable = out.write(frame.get(), false);
            }
        } catch (IOException e) {
            throw new StreamClosedException("the peer went away", e);
        }
        if (!writable && !loop.inLoop()) {
            try {
                out.awaitWritable(); // outside the send lock, so the loop can still answer pings meanwhile
            } catch (IOException e) {
                throw new StreamClosedException("the peer went away", e);
            }
            return true;
        }
        return writable;
    }

    @Override
    public boolean send(String text) {
        return sendData(() -> encoder.text(text));
    }

    @Override
    public boolean send(byte[] bytes) {
        return sendData(() -> encoder.binary(ByteBuffer.wrap(bytes)));
    }

    @Override
    public boolean send(ByteBuffer bytes) {
        return sendData(() -> encoder.binary(bytes));
    }

    @Override
    public void ping(byte[] payload) {
        sendData(() -> encoder.ping(ByteBuffer.wrap(payload)));
    }

    @Override
    public WebSocketMessage receive() {
        if (inbox == null) {
            throw new IllegalStateException("receive() is for WebSocketHandler endpoints; listeners get onText/onBinary");
        }
        if (loop.inLoop()) {
            throw new IllegalStateException("receive() waits: call it on the handler's thread, not on the event loop");
        }
        WebSocketMessage m; // Inbox.take() without its frame: an idle handler's thread is parked here
        while ((m = inbox.next()) == Inbox.WAIT) {
            LockSupport.park(inbox);
        }
        return m;
    }

    @Override
    public void close() {
        close(CloseCodes.NORMAL, "");
    }

    @Override
    public void close(int code, String reason) {
        if (closeSent || tcpClosed) {
            return;
        }
        sendClose(code, reason == null ? "" : reason);
        Runnable arm = () -> {
            if (!tcpClosed) {
                closeTimer = loop.schedule(CLOSE_WAIT, () -> {
                    finish(code, reason);
                    closeTcp();
                });
            }
        };
        try {
            if (loop.inLoop()) {
                arm.run();
            } else {
                loop.execute(arm);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeTcp();
        }
    }

    @Override
    public boolean isOpen() {
        return !closeSent && !finished;
    }

    @Override
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public String queryParam(String name) {
        if (queryParams == null) {
            queryParams = UriCodec.parseParams(rawQuery);
        }
        List<String> v = queryParams.get(name);
        return v == null ? null : v.get(0);
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    // ------------------------------------------------------------------ interest

    @Override
    public void writeInterest(boolean on) {
        if (on) {
            interestOn(OP_WRITE);
        } else {
            interestOff(OP_WRITE);
        }
    }

    private void interestOn(int op) {
        if (key != null && (interest & op) == 0 && key.isValid()) {
            interest |= op;
            key.interestOps(interest);
        }
    }

    private void interestOff(int op) {
        if (key != null && (interest & op) != 0 && key.isValid()) {
            interest &= ~op;
            key.interestOps(interest);
        }
    }

    @Override
    public String toString() {
        return "WebSocket[" + path + ", " + remoteAddress() + (finished ? ", closed " + closeCode : "") + "]";
    }
}
