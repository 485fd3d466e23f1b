package io.hayate.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * Bytes on their way to a non-blocking socket: written at once with a gathering write as far as the socket takes
 * them, the rest queued (without copying) until the owner sees {@code OP_WRITE} and calls {@link #flush()}.
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class WriteQueue {
    private static final int GATHER = 16;

    private record Entry(ByteBuffer buffer, Runnable done) {}

    private final SocketChannel channel;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    private long pending;

    WriteQueue(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Writes {@code buffers} in order behind what is queued. {@code done} (may be null) runs once the last of them
     * reached the socket: before this returns if the socket took everything, else from a later {@link #flush()}.
     *
     * @return whether nothing is left queued
     */
    boolean write(Runnable done, ByteBuffer... buffers) throws IOException {
        int first = 0;
        if (queue.isEmpty()) {
            long left = 0;
            for (ByteBuffer b : buffers) {
                left += b.remaining();
            }
            while (left > 0) {
                long n = channel.write(buffers, first, buffers.length - first);
                if (n <= 0) {
                    break;
                }
                left -= n;
                while (first < buffers.length && !buffers[first].hasRemaining()) {
                    first++;
                }
            }
            if (left == 0) {
                if (done != null) {
                    done.run();
                }
                return true;
            }
        }
        for (int i = first; i < buffers.length; i++) {
            ByteBuffer b = buffers[i];
            if (b.hasRemaining() || i == buffers.length - 1) {
                queue.add(new Entry(b, i == buffers.length - 1 ? done : null));
                pending += b.remaining();
            }
        }
        return false;
    }

    /** Writes what is queued as far as the socket takes it. Returns whether the queue is now empty. */
    boolean flush() throws IOException {
        while (!queue.isEmpty()) {
            int n = 0;
            for (Entry e : queue) {
                gather[n++] = e.buffer;
                if (n == GATHER) {
                    break;
                }
            }
            long written = channel.write(gather, 0, n);
            java.util.Arrays.fill(gather, 0, n, null);
            pending -= written;
            Entry e;
            while ((e = queue.peek()) != null && !e.buffer.hasRemaining()) {
                queue.poll();
                if (e.done != null) {
                    e.done.run();
                }
            }
            if (written <= 0 || !queue.isEmpty() && queue.peek().buffer.hasRemaining()) {
                break; // the socket is full
            }
        }
        return queue.isEmpty();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Bytes queued and not yet written. */
    long pending() {
        return pending;
    }

    /** Drops everything queued (the connection is closing); callbacks do not run. */
    void clear() {
        queue.clear();
        pending = 0;
    }
}
