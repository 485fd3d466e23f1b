package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link ResponseStream} of one response: frames each write as a chunk, or passes it through when the handler
 * announced a Content-Length (checked: no more, and closing short drops the connection) or for an HTTP/1.0 client
 * (whose body then ends with the connection), and hands it to the connection's {@link Outbound}.
 */
final class ChunkedStream implements ResponseStream {
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(ISO_8859_1);

    /** The connection side of a stream. */
    interface Owner {
        /** Everything, the last chunk included, has been written, or the stream failed. Called once, any thread. */
        void streamFinished(ChunkedStream stream, boolean failed);
    }

    private final Outbound out;
    private final boolean chunked;
    private final Owner owner;
    private static final VarHandle CLOSED;
    private static final VarHandle FINISHED;
    private static final VarHandle OWED;
    private static final VarHandle CLOSE_TASKS;
    private static final Object TASKS_RUN = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSED = l.findVarHandle(ChunkedStream.class, "closed", boolean.class);
            FINISHED = l.findVarHandle(ChunkedStream.class, "finished", boolean.class);
            OWED = l.findVarHandle(ChunkedStream.class, "owed", long.class);
            CLOSE_TASKS = l.findVarHandle(ChunkedStream.class, "closeTasks", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // fields, not Atomic* objects: one stream per held poll or SSE client, and there may be 10,000 of them
    private volatile boolean closed;
    private volatile boolean finished;
    /** null, one Runnable or a Runnable[]; {@link #TASKS_RUN} once they ran. Changed by compare-and-set only. */
    private volatile Object closeTasks;
    private volatile boolean lastQueued;
    private volatile boolean aborted;
    /** Bytes still owed when the length was announced; -1 when it was not. */
    private volatile long owed;

    ChunkedStream(Outbound out, boolean chunked, long length, Owner owner) {
        this.out = out;
        this.chunked = chunked;
        this.owed = length;
        this.owner = owner;
    }

    /** The stream of {@code ex}'s streamed body, framed as {@link Exchange#streamHeadLength()} announced it. */
    static ChunkedStream of(Exchange ex, Outbound out, Owner owner) {
        boolean bodyAllowed = ex.hasBody();
        long length = ex.streamLength();
        return new ChunkedStream(out, ex.head.minorVersion() == 1 && bodyAllowed && length < 0, bodyAllowed ? length : -1, owner);
    }

    Outbound outbound() {
        return out;
    }

    @Override
    public boolean write(String text) {
        return write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public boolean write(byte[] bytes) {
        return write(ByteBuffer.wrap(bytes), true);
    }

    @Override
    public boolean write(ByteBuffer bytes) {
        return write(bytes, true);
    }

    /** Writes a chunk; {@code mayWait} as in {@link Outbound#write}. */
    boolean write(ByteBuffer data, boolean mayWait) {
        if (closed) {
            throw new StreamClosedException("the response stream is closed", out.failure());
        }
        int n = data.remaining();
        if (n == 0) {
            return out.isWritable();
        }
        reserve(n);
        try {
            return out.write(frame(data, false), mayWait);
        } catch (IOException e) {
            fail(e);
            throw new StreamClosedException("the client went away", e);
        }
    }

    /** Counts {@code n} bytes against an announced Content-Length. */
    private void reserve(int n) {
        for (long left; (left = owed) >= 0; ) {
            if (n > left) {
                throw new IllegalStateException("writing " + n + " bytes exceeds the announced Content-Length by " + (n - left));
            }
            if (OWED.compareAndSet(this, left, left - n)) {
                return;
            }
        }
    }

    /** A copy of {@code data} as it goes on the wire: a chunk (followed by the last chunk if {@code last}), or as is. */
    private ByteBuffer frame(ByteBuffer data, boolean last) {
        int n = data.remaining();
        if (!chunked) {
            return ByteBuffer.allocate(n).put(data).flip();
        }
        String size = Integer.toHexString(n);
        ByteBuffer frame = ByteBuffer.allocate(size.length() + 4 + n + (last ? LAST_CHUNK.length : 0));
        frame.put(size.getBytes(ISO_8859_1)).put((byte) '\r').put((byte) '\n').put(data).put((byte) '\r').put((byte) '\n');
        if (last) {
            frame.put(LAST_CHUNK);
        }
        return frame.flip();
    }

    @Override
    public boolean isWritable() {
        return !closed && out.isWritable();
    }

    @Override
    public void onWritable(Runnable task) {
        out.whenWritable(task);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void onClose(Runnable task) {
        Objects.requireNonNull(task, "task");
        for (Object cur; (cur = closeTasks) != TASKS_RUN; ) {
            Object next;
            if (cur == null) {
                next = task;
            } else if (cur instanceof Runnable one) {
                next = new Runnable[] {one, task};
            } else {
                Runnable[] many = (Runnable[]) cur;
                Runnable[] more = Arrays.copyOf(many, many.length + 1);
                more[many.length] = task;
                next = more;
            }
            if (CLOSE_TASKS.compareAndSet(this, cur, next)) {
                return;
            }
        }
        task.run(); // closed and its tasks ran already
    }

    @Override
    public void close() {
        closeWith(null);
    }

    /**
     * Writes {@code last} (may be null) and ends the body in one write, so a fan-out that answers many waiting
     * clients costs one system call each. Never waits.
     *
     * @throws StreamClosedException if the stream was already closed and {@code last} has bytes
     */
    void closeWith(ByteBuffer last) {
        int n = last == null ? 0 : last.remaining();
        if (n > 0) {
            if (closed) {
                throw new StreamClosedException("the response stream is closed", out.failure());
            }
            reserve(n);
        }
        if (owed > 0) {
            abort(); // shorter than announced: only closing the connection tells the client
            return;
        }
        if (!CLOSED.compareAndSet(this, false, true)) {
            if (n > 0) {
                throw new StreamClosedException("the response stream is closed", out.failure());
            }
            return;
        }
        boolean failed = false;
        try {
            if (chunked) {
                out.write(n > 0 ? frame(last, true) : ByteBuffer.wrap(LAST_CHUNK), false);
            } else if (n > 0) {
                out.write(frame(last, false), false);
            }
        } catch (IOException e) {
            failed = true;
        }
        lastQueued = true;
        runCloseTasks();
        if (failed || out.isEmpty()) {
            finish(failed);
        }
        // else the loop finishes once the outbound has drained (see drained())
    }

    /**
     * The producer failed: ends the body without its last chunk, so the client sees it cut short rather than
     * complete, and the connection is dropped once what was written has been sent. Any thread.
     */
    void abort() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        aborted = true;
        lastQueued = true;
        runCloseTasks();
        if (out.isEmpty() || out.failure() != null) {
            finish(true);
        }
        // else the loop finishes (failed) once the outbound has drained
    }

    /** Called by the loop after a flush emptied the outbound. */
    void drained() {
        if (lastQueued) {
            finish(aborted);
        }
    }

    /** The connection is gone (peer closed or reset, write failed, server stopped). Any thread. */
    void fail(IOException cause) {
        out.fail(cause);
        if (CLOSED.compareAndSet(this, false, true)) {
            runCloseTasks();
        }
        finish(true);
    }

    private void finish(boolean failed) {
        if (FINISHED.compareAndSet(this, false, true)) {
            owner.streamFinished(this, failed);
        }
    }

    private void runCloseTasks() {
        Object taken = CLOSE_TASKS.getAndSet(this, TASKS_RUN);
        if (taken == null || taken == TASKS_RUN) {
            return;
        }
        Runnable[] tasks = taken instanceof Runnable one ? new Runnable[] {one} : (Runnable[]) taken;
        for (Runnable t : tasks) {
            try {
                t.run();
            } catch (RuntimeException e) {
                System.getLogger("io.hayate.server").log(System.Logger.Level.WARNING, "an onClose task failed: " + e);
            }
        }
    }
}
