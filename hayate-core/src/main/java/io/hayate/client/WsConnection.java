package io.hayate.client;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.websocket.CloseCodes;
import io.hayate.websocket.FrameDecoder;
import io.hayate.websocket.FrameEncoder;
import io.hayate.websocket.Handshake;
import io.hayate.websocket.Role;
import io.hayate.websocket.WebSocketException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An open client WebSocket on a loop: frames in with {@link FrameDecoder}, out with {@link FrameEncoder}, both in the
 * {@link Role#CLIENT} role (every frame sent is masked). {@link WsHandshake} opens it; it is not pooled.
 *
 * <p>Sending ({@link WsOutbox}) and the blocking style's inbox ({@link WsInbox}) are the parts other threads touch;
 * everything here runs on the loop. Pings are answered; a close frame is echoed, then the connection is closed once
 * both close frames are through (or after 5 s).
 */
final class WsConnection implements IoHandler, ClientWebSocket {
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Loop loop;
    private final ClientRequest request;
    private final ClientWebSocketListener listener; // null: blocking style
    private final SocketChannel channel;
    private final SelectionKey selectionKey;
    private final WriteQueue out;
    private final WsOutbox outbox;
    private final WsInbox inbox;
    private final FrameDecoder decoder;
    private final String subprotocol;
    private ByteBuffer leftover;
    private int interest;
    private boolean paused;
    private boolean ended;
    private volatile int closeCode;
    private volatile String closeReason = "";

    WsConnection(LoopHttpClient client, Loop loop, ClientRequest request, ClientWebSocketListener listener, SocketChannel channel,
                 SelectionKey key, WriteQueue out, Handshake.Agreement agreement) {
        this.loop = loop;
        this.request = request;
        this.listener = listener;
        this.channel = channel;
        this.selectionKey = key;
        this.out = out;
        this.subprotocol = agreement.subprotocol();
        this.decoder = new FrameDecoder(Role.CLIENT, client.config().webSocketLimits(), agreement.deflate());
        this.outbox = new WsOutbox(loop, client.config().streamBuffer(), this::write, this::closeWritten);
        this.outbox.open(FrameEncoder.client(agreement.deflate()));
        this.inbox = listener == null ? new WsInbox(client.config().streamBuffer(), this::resumeFromAnyThread) : null;
    }

    /** Takes over the channel after the handshake; {@code rest} holds the bytes that came after the 101. Loop thread. */
    void start(ByteBuffer rest, CompletableFuture<ClientWebSocket> opened) {
        selectionKey.attach(this);
        interest = selectionKey.interestOps();
        interest(OP_READ, true);
        interest(OP_WRITE, !out.isEmpty());
        if (listener != null) {
            listener.onOpen(this);
        }
        opened.complete(this);
        if (rest.hasRemaining()) {
            onFrames(rest);
        }
    }

    private String describe() {
        return "WebSocket " + request.uri();
    }

    // ---------------------------------------------------------------- frames

    @Override
    public void onReady(SelectionKey k) {
        int ops = k.readyOps();
        if ((ops & OP_WRITE) != 0) {
            try {
                if (out.flush()) {
                    interest(OP_WRITE, false);
                }
            } catch (IOException e) {
                abort(e);
                return;
            }
        }
        if ((ops & OP_READ) != 0 && !ended) {
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
            ended(CloseCodes.ABNORMAL, "connection reset: " + e.getMessage(), e);
            return;
        }
        buf.flip();
        onFrames(buf);
        if (n < 0 && !ended) {
            ended(CloseCodes.ABNORMAL, "the connection closed without a close frame", null);
        }
    }

    private void onFrames(ByteBuffer buf) {
        try {
            while (!ended && !paused) {
                FrameDecoder.Event e = decoder.decode(buf);
                switch (e) {
                    case NEED_MORE -> {
                        return;
                    }
                    case TEXT -> deliver(new Message(decoder.text(), null), buf);
                    case BINARY -> {
                        if (listener != null) {
                            listener.onBinary(this, decoder.payload());
                        } else {
                            ByteBuffer p = decoder.payload();
                            byte[] bytes = new byte[p.remaining()];
                            p.get(bytes);
                            deliver(new Message(null, bytes), buf);
                        }
                    }
                    case PING -> outbox.pong(decoder.payload());
                    case PONG -> { }
                    case CLOSE -> {
                        int code = decoder.closeCode();
                        String reason = decoder.closeReason();
                        if (!outbox.closeSent()) {
                            outbox.close(code == CloseCodes.NO_STATUS ? 0 : code, "");
                        }
                        closeCode = code;
                        closeReason = reason;
                        if (outbox.closeWritten()) {
                            shutdown(); // we closed first; this is the answer
                        } else {
                            armCloseWait(); // our answer is on its way; closeWritten() ends it
                        }
                        return;
                    }
                }
            }
            if (paused && buf.hasRemaining()) {
                leftover = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
            }
        } catch (WebSocketException ex) {
            closeCode = ex.closeCode();
            closeReason = ex.violation().description();
            if (!outbox.closeSent()) {
                outbox.close(ex.closeCode(), ex.violation().description());
            }
            armCloseWait();
            ended(ex.closeCode(), ex.getMessage(), null);
        }
    }

    private void deliver(Message m, ByteBuffer buf) {
        if (listener != null) {
            if (m.isText()) {
                listener.onText(this, m.text());
            }
            return;
        }
        if (!inbox.put(m)) {
            paused = true;
            interest(OP_READ, false);
        }
    }

    private void resumeFromAnyThread() {
        try {
            loop.execute(this::resume);
        } catch (RejectedExecutionException ignored) {
            // closed
        }
    }

    private void resume() {
        if (!paused || ended) {
            return;
        }
        paused = false;
        ByteBuffer kept = leftover;
        leftover = null;
        if (kept != null) {
            onFrames(kept);
        }
        if (!paused && !ended) {
            interest(OP_READ, true);
        }
    }

    // ---------------------------------------------------------------- writing and ending

    /** Loop thread: a frame from the outbox goes to the socket. */
    private void write(ByteBuffer frame, Runnable written) {
        if (ended && !outbox.closeSent()) {
            written.run();
            return;
        }
        try {
            if (!out.write(written, frame)) {
                interest(OP_WRITE, true);
            }
        } catch (IOException e) {
            written.run();
            abort(e);
        }
    }

    /** Our close frame reached the socket: if the server's came already, the handshake is complete. */
    private void closeWritten() {
        if (decoder.closeReceived()) {
            shutdown();
        }
    }

    private void armCloseWait() {
        loop.schedule(CLOSE_WAIT_NANOS, TimeUnit.NANOSECONDS, this::shutdown);
    }

    /** Closes the TCP connection; the WebSocket ends with what was recorded, or 1006. */
    private void shutdown() {
        if (selectionKey.isValid()) {
            loop.cancelAndClose(selectionKey);
        }
        ended(closeCode != 0 ? closeCode : CloseCodes.ABNORMAL, closeReason, null);
    }

    private void abort(IOException cause) {
        if (selectionKey.isValid()) {
            loop.cancelAndClose(selectionKey);
        }
        ended(CloseCodes.ABNORMAL, cause.getMessage(), cause);
    }

    private void ended(int code, String reason, IOException failure) {
        if (ended) {
            return;
        }
        ended = true;
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason == null ? "" : reason;
        }
        outbox.ended();
        decoder.release();
        if (selectionKey.isValid() && (outbox.closeWritten() || failure != null)) {
            loop.cancelAndClose(selectionKey);
        }
        if (listener != null) {
            listener.onClose(this, closeCode, closeReason);
        } else {
            inbox.end();
        }
    }

    private void interest(int op, boolean on) {
        int next = on ? interest | op : interest & ~op;
        if (next != interest && selectionKey.isValid()) {
            interest = next;
            selectionKey.interestOps(next);
        }
    }

    // ---------------------------------------------------------------- ClientWebSocket

    @Override
    public boolean send(String text) {
        return outbox.text(text);
    }

    @Override
    public boolean send(byte[] bytes) {
        return outbox.binary(ByteBuffer.wrap(bytes));
    }

    @Override
    public boolean send(ByteBuffer bytes) {
        return outbox.binary(bytes);
    }

    @Override
    public void ping(byte[] payload) {
        outbox.ping(ByteBuffer.wrap(payload));
    }

    @Override
    public Message receive() throws InterruptedException {
        if (inbox == null) {
            throw new IllegalStateException("receive() is for the blocking style; this WebSocket has a listener");
        }
        Blocking.checkNotOnLoop("ClientWebSocket.receive");
        return inbox.take();
    }

    @Override
    public void close() {
        close(CloseCodes.NORMAL, "");
    }

    @Override
    public void close(int code, String reason) {
        if (outbox.close(code, reason)) {
            try {
                loop.execute(this::armCloseWait);
            } catch (RejectedExecutionException ignored) {
                // closed with the client
            }
        }
    }

    @Override
    public boolean isOpen() {
        return outbox.isOpen();
    }

    @Override
    public int closeCode() {
        return outbox.isOpen() ? 0 : closeCode;
    }

    @Override
    public String closeReason() {
        return outbox.isOpen() ? "" : closeReason;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String toString() {
        return describe() + (ended ? " (closed " + closeCode + ")" : " (open)");
    }
}
