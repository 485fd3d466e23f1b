package io.hayate.client;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages of a blocking-style client WebSocket waiting for {@link ClientWebSocket#receive()}. Bounded by bytes:
 * at the high-water mark the loop stops reading the socket; when the reader has taken it down to half, reading
 * resumes. After the end every receive returns {@code null}.
 */
final class WsInbox {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long highWater;
    private final Runnable resume;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile boolean ended;

    WsInbox(long highWater, Runnable resume) {
        this.highWater = highWater;
        this.resume = resume;
    }

    /** Loop thread. Returns false when reading should pause. */
    boolean put(ClientWebSocket.Message m) {
        boolean more = bytes.addAndGet(size(m)) < highWater;
        if (!more) {
            paused.set(true); // before the message is visible, so the reader that takes it sees the pause
        }
        queue.add(m);
        return more;
    }

    /** Loop thread: no more messages. */
    void end() {
        queue.add(END);
    }

    ClientWebSocket.Message take() throws InterruptedException {
        if (ended) {
            return null;
        }
        Object o = queue.take();
        if (o == END) {
            ended = true;
            return null;
        }
        ClientWebSocket.Message m = (ClientWebSocket.Message) o;
        long left = bytes.addAndGet(-size(m));
        if (left <= highWater / 2 && paused.compareAndSet(true, false)) {
            resume.run();
        }
        return m;
    }

    private static long size(ClientWebSocket.Message m) {
        return m.text() != null ? m.text().length() : m.bytes().length;
    }
}
