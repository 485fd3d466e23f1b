package io.hayate.client;

import io.hayate.loop.Loop;
import io.hayate.websocket.FrameEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The sending side of a client WebSocket, safe from any thread: frames are encoded under one lock (the encoder's
 * masking keys and compression state are per connection) and handed to the loop in that order. Bounded: past the
 * high-water mark a sender off the loop waits until the socket took half of it; a sender on the loop gets
 * {@code false} instead.
 */
final class WsOutbox {
    /** Writes a frame on the loop and runs {@code written} once the socket took it. */
    interface Writer {
        void write(ByteBuffer frame, Runnable written);
    }

    private final Loop loop;
    private final long highWater;
    private final Writer writer;
    private final Runnable onCloseWritten;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private FrameEncoder encoder;
    private long pending;
    private boolean closeSent;
    private boolean ended;
    private volatile boolean closeWritten;

    WsOutbox(Loop loop, long highWater, Writer writer, Runnable onCloseWritten) {
        this.loop = loop;
        this.highWater = highWater;
        this.writer = writer;
        this.onCloseWritten = onCloseWritten;
    }

    /** The handshake is done: frames may go. */
    void open(FrameEncoder encoder) {
        lock.lock();
        try {
            this.encoder = encoder;
        } finally {
            lock.unlock();
        }
    }

    boolean text(String text) {
        return send(e -> e.text(text));
    }

    boolean binary(ByteBuffer bytes) {
        return send(e -> e.binary(bytes));
    }

    void ping(ByteBuffer payload) {
        send(e -> e.ping(payload));
    }

    /** Loop thread: answers a ping; never waits, dropped once a close frame was sent. */
    void pong(ByteBuffer payload) {
        lock.lock();
        try {
            if (encoder != null && !closeSent && !ended) {
                submit(encoder.pong(payload), 0);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a close frame ({@code code} 0: without a status) unless one was sent. Returns whether this call sent it. */
    boolean close(int code, String reason) {
        lock.lock();
        try {
            if (closeSent || ended || encoder == null) {
                return false;
            }
            ByteBuffer frame = code == 0 ? encoder.close() : encoder.close(code, reason);
            closeSent = true;
            pending += frame.remaining();
            int n = frame.remaining();
            hand(frame, () -> {
                written(n);
                closeWritten = true;
                onCloseWritten.run();
            });
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean send(Function<FrameEncoder, ByteBuffer> frame) {
        boolean onLoop = loop.inLoop();
        lock.lock();
        try {
            if (encoder == null) {
                throw new IllegalStateException("the WebSocket is not open yet");
            }
            if (closeSent || ended) {
                throw new IllegalStateException("the WebSocket is closed: nothing can be sent");
            }
            ByteBuffer f = frame.apply(encoder);
            submit(f, f.remaining());
            if (onLoop) {
                return pending <= highWater;
            }
            while (pending > highWater && !ended) {
                drained.awaitUninterruptibly();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock, so frames reach the loop in encoding order. */
    private void submit(ByteBuffer frame, int size) {
        pending += size;
        hand(frame, () -> written(size));
    }

    private void hand(ByteBuffer frame, Runnable written) {
        try {
            loop.execute(() -> writer.write(frame, written));
        } catch (RejectedExecutionException e) {
            ended = true;
        }
    }

    private void written(long size) {
        lock.lock();
        try {
            pending -= size;
            if (pending <= highWater / 2 || ended) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: waiting senders wake, later sends fail. */
    void ended() {
        lock.lock();
        try {
            ended = true;
            if (encoder != null) {
                encoder.release(); // nothing encodes once ended (every use checks it under this lock)
            }
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closeSent() {
        lock.lock();
        try {
            return closeSent;
        } finally {
            lock.unlock();
        }
    }

    boolean closeWritten() {
        return closeWritten;
    }

    boolean isOpen() {
        lock.lock();
        try {
            return encoder != null && !closeSent && !ended;
        } finally {
            lock.unlock();
        }
    }
}
