package io.hayate.server;

import static java.nio.channels.SelectionKey.OP_READ;

import io.hayate.http.BadMessageException;
import io.hayate.http.RequestHead;
import io.hayate.http.RequestParser;
import io.hayate.http.ResponseEncoder;
import io.hayate.http.Violation;
import io.hayate.loop.Loop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The input side of an {@link Http1Connection}: reads the socket, parses requests, and dispatches each one; keeps
 * the bytes of pipelined requests while one is busy and parses them once its response is done. Enforces the head
 * deadline and answers malformed input. Loop thread only.
 */
final class RequestReader {
    /** Pipelined bytes kept while a request is busy before reading pauses. */
    private static final int MAX_PENDING_INPUT = 64 * 1024;

    private final Http1Connection conn;
    private final ResponseWriter output;
    private final HttpServer server;
    private final Loop loop;
    private final SocketChannel channel;
    private final RequestParser parser;
    private ByteBuffer leftover;
    private RequestHead head;
    private byte[] body;
    private int bodyLength;
    private long headStart; // when the head being received started; 0 when none is
    private boolean inputClosed;

    RequestReader(Http1Connection conn, ResponseWriter output, HttpServer server, Loop loop, SocketChannel channel) {
        this.conn = conn;
        this.output = output;
        this.server = server;
        this.loop = loop;
        this.channel = channel;
        this.parser = new RequestParser(server.config().limits(), server.config().compliance());
    }

    /** The connection was registered at {@code now}: the first head's clock starts. */
    void opened(long now) {
        headStart = now;
    }

    void onReadable() {
        ByteBuffer buf = loop.readBuffer(leftover);
        leftover = null;
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            conn.close();
            return;
        }
        buf.flip();
        if (n < 0) {
            inputClosed = true;
            conn.interestOff(OP_READ);
            ChunkedStream s = conn.stream;
            if (s != null) { // a streamed response has nobody left to read it: free it now
                s.fail(new IOException("the client closed the connection"));
                return;
            }
        } else if (n > 0) {
            conn.lastActivity = System.nanoTime();
        }
        if (buf.hasRemaining()) {
            process(buf, true);
        }
        if (inputClosed && !conn.closed && !conn.markInputPending()) {
            conn.close(); // nothing in flight and the peer sends no more: an unfinished request cannot complete
        }
    }

    /** Parses and dispatches what {@code buf} holds, as long as no request is busy. */
    private void process(ByteBuffer buf, boolean loopBuffer) {
        while (!conn.closed) {
            if (!conn.isIdle()) {
                if (!buf.hasRemaining()) {
                    leftover = null; // nothing arrived early: no need to be called back
                    return;
                }
                keep(buf, loopBuffer);
                if (conn.markInputPending()) {
                    if (leftover != null && leftover.remaining() > MAX_PENDING_INPUT) {
                        conn.interestOff(OP_READ);
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

    private void startHeadClock() {
        headStart = System.nanoTime();
        long limit = server.headerTimeoutNanos();
        if (conn.timer.remainingNanos() > limit) {
            conn.timer.reschedule(limit);
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
                ByteBuffer[] out = {ResponseEncoder.continueResponse()};
                output.writeFromLoop(out, null, ResponseWriter.AFTER_FLUSH_NOTHING);
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
        conn.markBusy();
        Exchange ex = new Exchange(server, output, h, b);
        if (ex.route(server.router())) {
            server.dispatcher().dispatch(ex);
        }
    }

    /** Answers a protocol error and closes: a peer that framed one message wrongly cannot be trusted with the next. */
    private void reject(BadMessageException e) {
        server.countProtocolError();
        conn.markBusy();
        leftover = null;
        byte[] bytes = ErrorResponses.encode(e.status(), e.getMessage());
        output.writeFromLoop(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, null, ResponseWriter.AFTER_FLUSH_LINGER);
    }

    /** Called by the loop after the responder cleared BUSY with INPUT_PENDING set. */
    void resumeInput() {
        if (conn.closed) {
            return;
        }
        ByteBuffer buf = leftover;
        leftover = null;
        if (buf != null) {
            process(buf, false);
        }
        if (conn.closed || !conn.isIdle()) {
            return;
        }
        if (inputClosed) {
            conn.close();
        } else if (server.isDraining() && !parser.inMessage()) {
            conn.close();
        } else {
            conn.interestOn(OP_READ);
        }
    }

    /** The connection's timer fired while no request is busy: the head deadline, then the idle timeout. */
    void checkDeadlines(long now) {
        if (headStart != 0 && !parser.inBody()) {
            long left = headStart + server.headerTimeoutNanos() - now;
            if (left > 0) {
                conn.timer.reschedule(left);
            } else if (parser.inMessage() || leftover != null) {
                reject(new BadMessageException(Violation.HEADER_TIMEOUT));
            } else {
                conn.close(); // connected and sent nothing
            }
            return;
        }
        long left = conn.lastActivity + server.idleTimeoutNanos() - now;
        if (left > 0) {
            conn.timer.reschedule(left);
        } else if (parser.inMessage()) {
            reject(new BadMessageException(Violation.HEADER_TIMEOUT, "the body stopped arriving"));
        } else {
            conn.close();
        }
    }

    /** Whether part of a request is here: bytes kept for later or a message half parsed. */
    boolean hasPendingInput() {
        return leftover != null || parser.inMessage();
    }

    /** Whether the peer sent its FIN. */
    boolean isInputClosed() {
        return inputClosed;
    }

    /** Returns the bytes kept for later, or {@code null}, and forgets them. */
    ByteBuffer takeLeftover() {
        ByteBuffer early = leftover;
        leftover = null;
        return early;
    }
}
