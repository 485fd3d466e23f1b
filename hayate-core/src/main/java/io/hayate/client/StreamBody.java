package io.hayate.client;

import io.hayate.http.Headers;
import io.hayate.http.ResponseHead;
import io.hayate.loop.Loop;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link StreamingResponse}: the loop puts body pieces in (copies of what it read), the reader takes them out.
 * When more than the high-water mark is held, {@link #onData} asks the connection to stop reading; when the reader
 * has taken it down to half, the connection is told to resume.
 *
 * <p><b>Threading.</b> {@link BodySink} methods on the loop; reader methods from any thread; one lock.
 */
final class StreamBody implements StreamingResponse, BodySink {
    private final Exchange exchange;
    private final Loop loop;
    private final ResponseHead head;
    private final URI uri;
    private final long highWater;
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private long buffered;
    private boolean paused;
    private boolean ended;
    private boolean closed;
    private boolean consumed;
    private Throwable failure;
    private CompletableFuture<ByteBuffer> waiter;
    private long maxBuffered; // for tests: the most ever held

    StreamBody(Exchange exchange, ResponseHead head, int highWater) {
        this.exchange = exchange;
        this.loop = exchange.loop();
        this.head = head;
        this.uri = exchange.request().uri();
        this.highWater = highWater;
    }

    // ---------------------------------------------------------------- loop side

    @Override
    public boolean onData(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        CompletableFuture<ByteBuffer> w;
        synchronized (this) {
            if (closed) {
                return true;
            }
            w = waiter;
            waiter = null;
            if (w == null) {
                chunks.add(copy);
                buffered += copy.remaining();
                maxBuffered = Math.max(maxBuffered, buffered);
                if (buffered >= highWater) {
                    paused = true;
                    return false;
                }
                return true;
            }
        }
        w.complete(copy);
        return true;
    }

    @Override
    public synchronized boolean onResume() {
        return !paused;
    }

    @Override
    public void onEnd() {
        CompletableFuture<ByteBuffer> w;
        synchronized (this) {
            ended = true;
            w = waiter;
            waiter = null;
            if (w != null) {
                consumed = true;
            }
        }
        if (w != null) {
            onLoop(exchange::streamConsumed); // a task: the exchange marks itself done after this returns
            w.complete(null);
        }
    }

    @Override
    public void onError(Throwable t) {
        CompletableFuture<ByteBuffer> w;
        synchronized (this) {
            failure = t;
            w = waiter;
            waiter = null;
        }
        if (w != null) {
            w.completeExceptionally(t);
        }
    }

    // ---------------------------------------------------------------- reader side

    @Override
    public CompletableFuture<ByteBuffer> read() {
        boolean resume = false;
        boolean consumedNow = false;
        CompletableFuture<ByteBuffer> result;
        synchronized (this) {
            ByteBuffer chunk = chunks.poll();
            if (chunk != null) {
                buffered -= chunk.remaining();
                if (paused && buffered <= highWater / 2) {
                    paused = false;
                    resume = true;
                }
                result = CompletableFuture.completedFuture(chunk);
            } else if (failure != null) {
                result = CompletableFuture.failedFuture(failure);
            } else if (ended || closed) {
                consumedNow = ended && !consumed;
                consumed = true;
                result = CompletableFuture.completedFuture(null);
            } else if (waiter != null) {
                throw new IllegalStateException("a read is already pending: one read at a time");
            } else {
                waiter = new CompletableFuture<>();
                result = waiter;
                if (paused) { // nothing held, yet paused: cannot happen, but never leave a reader stuck
                    paused = false;
                    resume = true;
                }
            }
        }
        if (resume) {
            onLoop(exchange::resumeReading);
        }
        if (consumedNow) {
            onLoop(exchange::streamConsumed);
        }
        return result;
    }

    @Override
    public ByteBuffer readBlocking() throws IOException, InterruptedException {
        return Blocking.await(read(), "StreamingResponse.readBlocking");
    }

    @Override
    public InputStream inputStream() {
        return new InputStream() {
            private ByteBuffer current;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                while (current == null || !current.hasRemaining()) {
                    try {
                        current = readBlocking();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while reading the response body");
                    }
                    if (current == null) {
                        return -1;
                    }
                }
                int n = Math.min(len, current.remaining());
                current.get(b, off, n);
                return n;
            }

            @Override
            public void close() {
                StreamBody.this.close();
            }
        };
    }

    @Override
    public void close() {
        CompletableFuture<ByteBuffer> w;
        boolean abandon;
        boolean release;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            abandon = !ended && failure == null;
            release = !abandon && !consumed;
            consumed = true;
            chunks.clear();
            buffered = 0;
            w = waiter;
            waiter = null;
        }
        if (w != null) {
            w.complete(null);
        }
        if (abandon) {
            onLoop(exchange::abandon);
        } else if (release) {
            onLoop(exchange::streamConsumed);
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the client is closed: its connections are gone already
        }
    }

    synchronized long maxBuffered() {
        return maxBuffered;
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public String reason() {
        return head.reason();
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String toString() {
        return head.version() + " " + head.status() + " " + head.reason() + " (streaming) from " + uri;
    }
}
