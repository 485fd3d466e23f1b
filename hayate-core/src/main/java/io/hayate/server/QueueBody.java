package io.hayate.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The article's {@code gevent.queue.Queue} response body: chunks put from any thread are sent as they come, in
 * order; {@link #close()} ends the response. Chunks put before the response started are kept and sent first.
 *
 * <p>{@link #put} follows {@link ResponseStream#write}: off an event loop it waits while the client is more than the
 * high-water mark behind; on a loop it never waits. {@link #offer} never waits and refuses (returns false) instead.
 * Once the client went away, {@code put} and {@code offer} return false and drop the chunk.
 *
 * <p><b>Threading.</b> Safe from any thread.
 */
public final class QueueBody implements Body {
    private List<ByteBuffer> early; // chunks put before the response started; made by the first such put
    private ChunkedStream stream;
    /** The stream being attached: set when {@link #attach} starts, before the early chunks are written. */
    private ChunkedStream attaching;
    private boolean closedEarly;
    private Runnable onClose;

    QueueBody() {}

    /** Under the monitor. */
    private List<ByteBuffer> early() {
        if (early == null) {
            early = new ArrayList<>(4);
        }
        return early;
    }

    /** Sends {@code text} as UTF-8; see the class comment. Returns false if the client went away. */
    public boolean put(String text) {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code bytes}; see the class comment. Returns false if the client went away. */
    public boolean put(byte[] bytes) {
        ChunkedStream s;
        synchronized (this) {
            if (closedEarly) {
                return false;
            }
            s = stream;
            if (s == null) {
                if (attaching != null && !attaching.isOpen()) {
                    return false; // the client left while the early chunks were being written
                }
                early().add(ByteBuffer.wrap(bytes.clone()));
                return true;
            }
        }
        try {
            s.write(ByteBuffer.wrap(bytes), true);
            return true;
        } catch (StreamClosedException e) {
            return false;
        }
    }

    /** Sends {@code text} unless the client is over the high-water mark behind; never waits. */
    public boolean offer(String text) {
        ChunkedStream s;
        synchronized (this) {
            s = stream;
            if (s == null) {
                return put(text);
            }
        }
        if (!s.isWritable()) {
            return false;
        }
        try {
            s.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false);
            return true;
        } catch (StreamClosedException e) {
            return false;
        }
    }

    /** Ends the response once what was put is sent. Idempotent. */
    public void close() {
        ChunkedStream s;
        synchronized (this) {
            s = stream;
            if (s == null) {
                closedEarly = true;
                return;
            }
        }
        s.close();
    }

    /**
     * Puts {@code text} as the last chunk and closes, in one write to the socket: what a long-poll publisher that
     * answers thousands of waiting clients wants. Never waits. Returns false if the client went away or the body was
     * already closed; the body is closed either way.
     */
    public boolean putAndClose(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ChunkedStream s;
        synchronized (this) {
            if (closedEarly) {
                return false;
            }
            s = stream;
            if (s == null) {
                boolean open = attaching == null || attaching.isOpen();
                if (open) {
                    early().add(ByteBuffer.wrap(bytes));
                }
                closedEarly = true;
                return open;
            }
        }
        try {
            s.closeWith(ByteBuffer.wrap(bytes));
            return true;
        } catch (StreamClosedException e) {
            return false;
        }
    }

    /** Whether chunks can still be put: not closed, client still there. */
    public boolean isOpen() {
        ChunkedStream s;
        synchronized (this) {
            s = stream;
            if (s == null) {
                return !closedEarly && (attaching == null || attaching.isOpen());
            }
        }
        return s.isOpen();
    }

    /** Runs {@code task} when the response ends, by {@link #close()} or because the client went away. */
    public void onClose(Runnable task) {
        ChunkedStream s;
        synchronized (this) {
            s = stream != null ? stream : attaching;
            if (s == null) {
                Runnable before = onClose;
                onClose = before == null ? task : () -> {
                    before.run();
                    task.run();
                };
                return;
            }
        }
        s.onClose(task);
    }

    /** The response started: send what was put meanwhile, then pass puts straight through. */
    void attach(ChunkedStream s) {
        List<ByteBuffer> pending;
        boolean close;
        Runnable closeTask;
        synchronized (this) {
            pending = early;
            early = null;
            closeTask = onClose;
            onClose = null;
            attaching = s; // from now on onClose goes to the stream, and a put learns if the client left
            // the stream is published only after the early chunks are written, so no put overtakes them
        }
        if (closeTask != null) {
            s.onClose(closeTask);
        }
        try {
            if (pending != null) {
                for (ByteBuffer b : pending) {
                    s.write(b, false);
                }
            }
        } catch (StreamClosedException e) {
            // the client left already; later puts see a closed stream
        }
        synchronized (this) {
            stream = s;
            if (early != null) { // put while we were writing
                for (ByteBuffer b : early) {
                    try {
                        s.write(b, false);
                    } catch (StreamClosedException e) {
                        break;
                    }
                }
                early = null;
            }
            close = closedEarly;
        }
        if (close) {
            s.close();
        }
    }
}
