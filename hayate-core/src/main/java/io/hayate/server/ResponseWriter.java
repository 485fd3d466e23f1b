package io.hayate.server;

import static java.nio.channels.SelectionKey.OP_WRITE;

import io.hayate.http.ResponseEncoder.ConnectionHeader;
import io.hayate.loop.Loop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The output side of an {@link Http1Connection}, and the {@link Responder} its exchanges answer through. A whole
 * response is written directly by the thread that finished the handler, or on the loop through the loop's write
 * buffer; what the socket does not take at once is queued, with the response's file, and flushed by the loop when
 * the socket is writable. A streamed response goes through its own {@link Outbound}; a WebSocket upgrade answers 101
 * and hands the connection over.
 */
final class ResponseWriter implements Responder, ChunkedStream.Owner {
    /** What the loop does once the queue is written out. */
    static final int AFTER_FLUSH_NOTHING = 0;
    static final int AFTER_FLUSH_RESPONSE_KEEP = 1;
    static final int AFTER_FLUSH_RESPONSE_CLOSE = 2;
    static final int AFTER_FLUSH_LINGER = 3;

    private final Http1Connection conn;
    private final HttpServer server;
    private final Loop loop;
    private final SocketChannel channel;

    private SocketAddress remote;

    /** Whether the streamed response in progress (one at a time) leaves the connection open. Set by its handler. */
    private volatile boolean streamKeepsConnection;

    // Loop-confined from here on.
    private ArrayDeque<Object> outQueue;
    private int afterFlush;

    ResponseWriter(Http1Connection conn, HttpServer server, Loop loop, SocketChannel channel) {
        this.conn = conn;
        this.server = server;
        this.loop = loop;
        this.channel = channel;
    }

    // ------------------------------------------------------------------ whole responses

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
            conn.toLoop(conn::close);
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
            conn.toLoop(conn::close);
            return;
        }
        if (done) {
            conn.responseDone(keep);
        } else if (!conn.toLoop(() -> writeFromLoop(out, file, after)) && file != null) {
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
            conn.close();
            return true;
        }
        if (!buf.hasRemaining()) {
            conn.responseDone(keep);
        } else { // the buffer is the loop's: keep a copy of the rest
            ByteBuffer rest = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
            writeFromLoop(new ByteBuffer[] {rest}, null, keep ? AFTER_FLUSH_RESPONSE_KEEP : AFTER_FLUSH_RESPONSE_CLOSE);
        }
        return true;
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

    /** Queues {@code out} and {@code file} and writes them on; {@code after} runs once all is written. Loop thread. */
    void writeFromLoop(ByteBuffer[] out, FileRegion file, int after) {
        if (conn.closed) {
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

    /** Writes the queue on; called again when the socket is writable. Loop thread. */
    void flush() {
        if (outQueue == null) {
            conn.interestOff(OP_WRITE);
            return;
        }
        try {
            Object item;
            while ((item = outQueue.peek()) != null) {
                if (item instanceof ByteBuffer b) {
                    if (channel.write(b) > 0) {
                        conn.lastActivity = System.nanoTime();
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
            conn.close();
            return;
        }
        if (!outQueue.isEmpty()) {
            conn.interestOn(OP_WRITE);
            return;
        }
        conn.interestOff(OP_WRITE);
        int after = afterFlush;
        afterFlush = AFTER_FLUSH_NOTHING;
        switch (after) {
            case AFTER_FLUSH_RESPONSE_KEEP -> conn.responseDone(true);
            case AFTER_FLUSH_RESPONSE_CLOSE -> conn.responseDone(false);
            case AFTER_FLUSH_LINGER -> conn.linger();
            default -> { }
        }
    }

    /** Whether bytes wait for the socket. Loop thread. */
    boolean hasQueued() {
        return outQueue != null && !outQueue.isEmpty();
    }

    /** The connection closed: forgets the queue and closes its files. Loop thread. */
    void dropQueued() {
        if (outQueue != null) {
            for (Object o : outQueue) {
                if (o instanceof FileRegion f) {
                    f.close();
                }
            }
            outQueue = null;
        }
    }

    // ------------------------------------------------------------------ streamed responses and upgrades

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
        ByteBuffer head = ex.encodeStreamHead(connection, ex.streamHeadLength());
        Outbound out = new Outbound(channel, loop, conn, server.config().streamHighWater());
        streamKeepsConnection = keep;
        ChunkedStream s = ChunkedStream.of(ex, out, this);
        conn.stream = s;
        try {
            out.write(head, false);
        } catch (IOException e) {
            ex.releaseSlot();
            s.fail(e);
            return;
        }
        if (conn.closed) { // closed while we were starting: close() may have missed the stream
            s.fail(new IOException("the connection closed"));
        }
        StreamBodies.run(ex, body, s, bodyAllowed, loop, server.config().sseHeartbeat());
    }

    /** Answers 101 and hands the connection to a {@link WebSocketConnection}. Any thread: the handler's. */
    private void upgrade(Exchange ex, WebSocketUpgrade up) {
        WebSocketConnection ws = new WebSocketConnection(loop, channel, up, ex, server.config(), server.onConnectionClosed);
        ex.releaseSlot();
        try {
            ws.writeHandshake(up.response());
        } catch (IOException e) {
            ws.abandon();
            conn.toLoop(conn::close);
            return;
        }
        server.countRequest();
        // Always as a task, even on the loop (LOOP mode runs the handler inside process()): frames the client sent
        // right behind its handshake are still in the read buffer there, and process() keeps them as leftover only
        // after the handler returns; switching at once would drop them.
        if (!conn.toLoop(() -> conn.switchTo(ws))) {
            ws.abandon();
            return;
        }
        if (up.handler() != null) {
            server.dispatcher().runBlocking(loop(), ws);
        }
    }

    /** The stream of the current response ended (this connection has one at a time). Any thread. */
    @Override
    public void streamFinished(ChunkedStream stream, boolean failed) {
        boolean keep = streamKeepsConnection;
        conn.stream = null;
        if (failed) {
            if (loop.inLoop()) {
                conn.close();
            } else {
                conn.toLoop(conn::close);
            }
        } else {
            conn.responseDone(keep);
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
}
