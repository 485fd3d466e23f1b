package io.hayate.client;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.hayate.http.BadResponseException;
import io.hayate.http.Headers;
import io.hayate.http.RequestEncoder;
import io.hayate.http.ResponseHead;
import io.hayate.http.ResponseParser;
import io.hayate.loop.IoHandler;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import io.hayate.websocket.Handshake;
import io.hayate.websocket.HandshakeException;
import io.hayate.websocket.PerMessageDeflate;
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
 * Opens a client WebSocket (RFC 6455 §4.1): connects, sends the GET built with {@link Handshake#requestHeaders},
 * reads the answer with {@link ResponseParser} within {@code headersTimeout}, checks it with
 * {@link Handshake#verifyResponse}, then hands the channel and the bytes after the {@code 101} to a
 * {@link WsConnection}.
 *
 * <p><b>Threading.</b> Loop thread, except {@link #open}.
 */
final class WsHandshake implements IoHandler {
    private final LoopHttpClient client;
    private final Loop loop;
    private final ClientRequest request;
    private final ClientWebSocketListener listener;
    private final CompletableFuture<ClientWebSocket> opened = new CompletableFuture<>();
    private final String key = Handshake.newKey();
    private final List<String> subprotocols;
    private final PerMessageDeflate offer;
    private SocketChannel channel;
    private SelectionKey selectionKey;
    private WriteQueue out;
    private ResponseParser parser;
    private Timer timer;
    private ByteBuffer leftover;
    private boolean finished;

    private WsHandshake(LoopHttpClient client, Loop loop, ClientRequest request, ClientWebSocketListener listener) {
        this.client = client;
        this.loop = loop;
        this.request = request;
        this.listener = listener;
        this.subprotocols = tokens(request.header("Sec-WebSocket-Protocol"));
        this.offer = client.config().webSocketCompression() ? PerMessageDeflate.DEFAULTS : null;
    }

    /** Opens a WebSocket; {@code listener} null for the blocking style. Any thread. */
    static CompletableFuture<ClientWebSocket> open(LoopHttpClient client, ClientRequest request, ClientWebSocketListener listener) {
        if (!request.method().equals("GET")) {
            throw new IllegalArgumentException("a WebSocket opens with a GET, not " + request.method());
        }
        if (client.isClosed()) {
            return CompletableFuture.failedFuture(new ClientException(request + ": the client is closed"));
        }
        Loop loop = client.pool(request.origin).loop;
        WsHandshake h = new WsHandshake(client, loop, request, listener);
        try {
            loop.execute(h::connect);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ClientException(request + ": the client is closed"));
        }
        return h.opened;
    }

    private String describe() {
        return "WebSocket " + request.uri();
    }

    private void connect() {
        Connector.connect(client, loop, request.origin, describe(), new Connector.Callback() {
            @Override
            public void connected(SocketChannel ch, SelectionKey k) {
                channel = ch;
                out = new WriteQueue(ch);
                try {
                    selectionKey = loop.register(ch, OP_READ, WsHandshake.this);
                    parser = new ResponseParser(client.config().responseLimits(), client.config().compliance());
                    timer = loop.schedule(client.config().headersTimeout().toNanos(), TimeUnit.NANOSECONDS, () -> fail(
                            new ResponseTimeoutException(describe() + ": no handshake answer within "
                                    + Durations.format(client.config().headersTimeout()) + " (headersTimeout)", false)));
                    if (!out.write(null, encodeRequest(request, key, subprotocols, offer, client.config().userAgent()))) {
                        selectionKey.interestOps(OP_READ | OP_WRITE);
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e instanceof IOException io ? io : new IOException(describe() + ": " + e.getMessage(), e));
                }
            }

            @Override
            public void failed(IOException cause) {
                opened.completeExceptionally(cause);
            }
        });
    }

    @Override
    public void onReady(SelectionKey k) {
        try {
            if ((k.readyOps() & OP_WRITE) != 0 && out.flush()) {
                k.interestOps(OP_READ);
            }
            if ((k.readyOps() & OP_READ) == 0 || finished) {
                return;
            }
            ByteBuffer buf = loop.readBuffer(leftover);
            leftover = null;
            int n = channel.read(buf);
            buf.flip();
            answer(buf);
            if (n < 0 && !finished) {
                fail(new ConnectionClosedException(describe() + ": the server closed the connection during the handshake", false, null));
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void answer(ByteBuffer buf) {
        ResponseParser.Event e;
        try {
            e = parser.parse(buf);
        } catch (BadResponseException ex) {
            fail(new MalformedResponseException(describe() + ": " + ex.getMessage(), ex.violation(), ex));
            return;
        }
        if (e == ResponseParser.Event.NEED_MORE) {
            leftover = buf.hasRemaining() ? ByteBuffer.allocate(buf.remaining()).put(buf).flip() : null;
            return;
        }
        ResponseHead head = parser.head();
        if (head.interim() && head.status() != 101) { // 100, 103: the answer follows
            parser.parse(buf);
            parser.reset();
            answer(buf);
            return;
        }
        Handshake.Agreement agreement;
        try {
            agreement = Handshake.verifyResponse(head.status(), head.headers(), key, subprotocols, offer);
        } catch (HandshakeException ex) {
            fail(new ClientException(describe() + ": handshake failed: " + ex.getMessage()
                    + (head.status() != 101 ? " " + head.reason() : ""), ex));
            return;
        }
        finished = true;
        timer.cancel();
        parser.parse(buf); // DONE: the rest of buf is frames
        new WsConnection(client, loop, request, listener, channel, selectionKey, out, agreement).start(buf, opened);
    }

    private void fail(IOException cause) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel();
        }
        if (selectionKey != null && selectionKey.isValid()) {
            loop.cancelAndClose(selectionKey);
        } else if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing anyway
            }
        }
        opened.completeExceptionally(cause);
    }

    /**
     * The GET that asks to upgrade: {@link Handshake#requestHeaders} plus the caller's own headers (not the ones the
     * handshake owns), and {@code User-Agent} unless the request sets one.
     */
    static ByteBuffer encodeRequest(ClientRequest request, String key, List<String> subprotocols, PerMessageDeflate offer,
                                    String userAgent) {
        Headers headers = Handshake.requestHeaders(key, subprotocols, offer);
        request.headersView().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Upgrade") && !name.equalsIgnoreCase("Connection")
                    && !name.regionMatches(true, 0, "Sec-WebSocket-", 0, 14)) {
                headers.add(name, value);
            }
        });
        String host = request.origin.hostHeader();
        byte[] ua = request.header("User-Agent") == null && userAgent != null ? ("User-Agent: " + userAgent + "\r\n").getBytes(ISO_8859_1) : null;
        ByteBuffer head = ByteBuffer.allocate(RequestEncoder.headSize("GET", request.target, host, headers) + (ua == null ? 0 : ua.length));
        RequestEncoder.encodeHead(head, "GET", request.target, host, headers, RequestEncoder.NO_BODY, ua);
        return head.flip();
    }

    /** The non-empty, trimmed elements of a comma-separated header value (null: none). */
    static List<String> tokens(String header) {
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
        return describe() + " (opening)";
    }
}
