package io.hayate.client;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.hayate.http.BadResponseException;
import io.hayate.http.Headers;
import io.hayate.http.RequestEncoder;
import io.hayate.http.ResponseHead;
import io.hayate.http.ResponseParser;
import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import io.hayate.websocket.CloseCodes;
import io.hayate.websocket.FrameDecoder;
import io.hayate.websocket.FrameEncoder;
import io.hayate.websocket.Handshake;
import io.hayate.websocket.HandshakeException;
import io.hayate.websocket.PerMessageDeflate;
import io.hayate.websocket.Role;
import io.hayate.websocket.WebSocketException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A client WebSocket on a loop: connect, send the upgrade request built by {@link Handshake#requestHeaders}, check
 * the {@code 101} with {@link Handshake#verifyResponse}, then frames with {@link FrameDecoder} and
 * {@link FrameEncoder} in the {@link Role#CLIENT} role. Not pooled: the connection belongs to the WebSocket.
 *
 * <p>Sending ({@link WsOutbox}) and the blocking style's inbox ({@link WsInbox}) are the parts other threads touch;
 * everything here runs on the loop.
 */
final class WsConnection implements IoHandler, ClientWebSocket {
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final LoopHttpClient client;
    private final Loop loop;
    private final ClientRequest request;
    private final ClientWebSocketListener listener; // null: blocking style
    private final CompletableFuture<ClientWebSocket> opened = new CompletableFuture<>();
    private final String key = Handshake.newKey();
    private final List<String> subprotocols;
    private final PerMessageDeflate offer;
    private final WsInbox inbox;
    private SocketChannel channel;
    private SelectionKey selectionKey;
    private WriteQueue out;
    private WsOutbox outbox;
    private ResponseParser parser;
    private FrameDecoder decoder;
    private Timer timer;
    private ByteBuffer leftover;
    private int interest;
    private boolean open;
    private boolean paused;
    private boolean ended;
    private volatile int closeCode;
    private volatile String closeReason = "";
    private volatile String subprotocol;

    private WsConnection(LoopHttpClient client, Loop loop, ClientRequest request, ClientWebSocketListener listener) {
        this.client = client;
        this.loop = loop;
        this.request = request;
        this.listener = listener;
        this.subprotocols = tokens(request.header("Sec-WebSocket-Protocol"));
        this.offer = client.config().webSocketCompression() ? PerMessageDeflate.DEFAULTS : null;
        this.inbox = listener == null ? new WsInbox(client.config().streamBuffer(), this::resumeFromAnyThread) : null;
    }

    /** Opens a WebSocket; {@code listener} null for the blocking style. */
    static CompletableFuture<ClientWebSocket> open(LoopHttpClient client, ClientRequest request, ClientWebSocketListener listener) {
        if (!request.method().equals("GET")) {
            throw new IllegalArgumentException("a WebSocket opens with a GET, not " + request.method());
        }
        if (client.isClosed()) {
            return CompletableFuture.failedFuture(new ClientException(request + ": the client is closed"));
        }
        Loop loop = client.pool(request.origin).loop;
        WsConnection ws = new WsConnection(client, loop, request, listener);
        try {
            loop.execute(ws::connect);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ClientException(request + ": the client is closed"));
        }
        return ws.opened;
    }

    private String describe() {
        return "WebSocket " + request.uri();
    }

    // ---------------------------------------------------------------- handshake

    private void connect() {
        Connector.connect(client, loop, request.origin, describe(), new Connector.Callback() {
            @Override
            public void connected(SocketChannel ch, SelectionKey k) {
                channel = ch;
                out = new WriteQueue(ch);
                outbox = new WsOutbox(loop, client.config().streamBuffer(), WsConnection.this::write, WsConnection.this::closeWritten);
                try {
                    selectionKey = loop.register(ch, 0, WsConnection.this);
                    sendHandshake();
                } catch (IOException | RuntimeException e) {
                    abort(e instanceof IOException io ? io : new IOException(describe() + ": " + e.getMessage(), e));
                }
            }

            @Override
            public void failed(IOException cause) {
                opened.completeExceptionally(cause);
            }
        });
    }

    private void sendHandshake() throws IOException {
        Headers headers = Handshake.requestHeaders(key, subprotocols, offer);
        request.headersView().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Sec-WebSocket-Protocol") && !name.equalsIgnoreCase("Upgrade")
                    && !name.equalsIgnoreCase("Connection") && !name.regionMatches(true, 0, "Sec-WebSocket-", 0, 14)) {
                headers.add(name, value);
            }
        });
        String host = request.origin.hostHeader();
        byte[] ua = request.header("User-Agent") == null && client.config().userAgent() != null
                ? ("User-Agent: " + client.config().userAgent() + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : null;
        ByteBuffer head = ByteBuffer.allocate(RequestEncoder.headSize("GET", request.target, host, headers) + (ua == null ? 0 : ua.length));
        RequestEncoder.encodeHead(head, "GET", request.target, host, headers, RequestEncoder.NO_BODY, ua);
        parser = new ResponseParser(client.config().responseLimits(), client.config().compliance());
        timer = loop.schedule(client.config().headersTimeout().toNanos(), TimeUnit.NANOSECONDS, () -> {
            if (!open && !ended) {
                abort(new ResponseTimeoutException(describe() + ": no handshake answer within "
                        + Durations.format(client.config().headersTimeout()) + " (headersTimeout)", false));
            }
        });
        write(head.flip());
        interest(OP_READ, true);
    }

    private void onHandshakeBytes(ByteBuffer buf) {
        ResponseParser.Event e;
        try {
            e = parser.parse(buf);
        } catch (BadResponseException ex) {
            abort(new MalformedResponseException(describe() + ": " + ex.getMessage(), ex.violation(), ex));
            return;
        }
        if (e == ResponseParser.Event.NEED_MORE) {
            leftover = buf.hasRemaining() ? ByteBuffer.allocate(buf.remaining()).put(buf).flip() : null;
            return;
        }
        ResponseHead head = parser.head();
        if (head.interim() && head.status() != 101) {
            parser.parse(buf);
            parser.reset();
            onHandshakeBytes(buf);
            return;
        }
        Handshake.Agreement agreement;
        try {
            agreement = Handshake.verifyResponse(head.status(), head.headers(), key, subprotocols, offer);
        } catch (HandshakeException ex) {
            abort(new ClientException(describe() + ": handshake failed: " + ex.getMessage()
                    + (head.status() != 101 ? " " + head.reason() : ""), ex));
            return;
        }
        timer.cancel();
        parser.parse(buf); // DONE: the rest of buf is frames
        subprotocol = agreement.subprotocol();
        decoder = new FrameDecoder(Role.CLIENT, client.config().webSocketLimits(), agreement.deflate());
        outbox.open(FrameEncoder.client(agreement.deflate()));
        open = true;
        if (listener != null) {
            listener.onOpen(this);
        }
        opened.complete(this);
        if (buf.hasRemaining()) {
            onFrames(buf);
        }
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
        ByteBuffer buf = loop.readBuffer();
        if (leftover != null) {
            if (leftover.remaining() > buf.capacity() / 2) {
                buf = ByteBuffer.allocate(leftover.remaining() + buf.capacity());
            }
            buf.put(leftover);
            leftover = null;
        }
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            ended(CloseCodes.ABNORMAL, "connection reset: " + e.getMessage(), e);
            return;
        }
        buf.flip();
        if (!open) {
            onHandshakeBytes(buf);
        } else {
            onFrames(buf);
        }
        if (n < 0 && !ended) {
            ended(CloseCodes.ABNORMAL, "the connection closed without a close frame",
                    open ? null : new ConnectionClosedException(describe() + ": the server closed the connection during the handshake", false, null));
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

    private void write(ByteBuffer head) {
        write(head, () -> { });
    }

    /** Our close frame reached the socket: if the server's came already, the handshake is complete. */
    private void closeWritten() {
        if (decoder != null && decoder.closeReceived()) {
            shutdown();
        }
    }

    private void armCloseWait() {
        loop.schedule(CLOSE_WAIT_NANOS, TimeUnit.NANOSECONDS, this::shutdown);
    }

    /** Closes the TCP connection; the WebSocket ends with what was recorded, or 1006. */
    private void shutdown() {
        if (selectionKey != null && selectionKey.isValid()) {
            loop.cancelAndClose(selectionKey);
        }
        ended(closeCode != 0 ? closeCode : CloseCodes.ABNORMAL, closeReason, null);
    }

    private void abort(IOException cause) {
        if (selectionKey != null && selectionKey.isValid()) {
            loop.cancelAndClose(selectionKey);
        } else if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing anyway
            }
        }
        ended(CloseCodes.ABNORMAL, cause.getMessage(), cause);
    }

    private void ended(int code, String reason, IOException failure) {
        if (ended) {
            return;
        }
        ended = true;
        if (timer != null) {
            timer.cancel();
        }
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason == null ? "" : reason;
        }
        if (outbox != null) {
            outbox.ended();
        }
        if (decoder != null) {
            decoder.release();
        }
        if (!open) {
            opened.completeExceptionally(failure != null ? failure : new ClientException(describe() + ": closed during the handshake"));
            if (selectionKey != null && selectionKey.isValid()) {
                loop.cancelAndClose(selectionKey);
            }
            return;
        }
        if (selectionKey != null && selectionKey.isValid() && (outbox.closeWritten() || failure != null)) {
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
        if (next != interest && selectionKey != null && selectionKey.isValid()) {
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

    private static List<String> tokens(String header) {
        List<String> out = new ArrayList<>();
        if (header != null) {
            for (String t : header.split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return describe() + (open ? ended ? " (closed " + closeCode + ")" : " (open)" : " (opening)");
    }
}
