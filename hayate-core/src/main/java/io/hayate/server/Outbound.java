package io.hayate.server;

import io.hayate.loop.Loop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Bytes on their way to a non-blocking socket from any thread, for responses that last (streams, server-sent events)
 * and for WebSockets. Bounded: past the high-water mark a writer off the loop waits, and a writer on the loop is
 * told to stop (its {@code write} returns false) and called back below the low-water mark. So a client that stops
 * reading makes its producers wait; it never makes the heap grow.
 *
 * <p><b>Threading.</b> {@link #write} from any thread; {@link #flush()} and {@link #fail} from the loop. Writes that
 * find the queue empty go straight to the socket on the writer's thread, so a steady stream costs no hop to the loop.
 * The state is guarded by this object's monitor, held only for non-blocking work; a writer that has to wait parks
 * outside it ({@link LockSupport#park}), so a virtual thread never waits while pinned to its carrier, on any JDK. A
 * monitor rather than a ReentrantLock with a condition: 84 bytes less for every connection that holds an outbound.
 */
final class Outbound {
    /** What the connection does for its outbound on the loop. */
    interface Owner {
        /** Start or stop asking the selector for OP_WRITE. Loop thread. */
        void writeInterest(boolean on);
    }

    private final SocketChannel channel;
    private final Loop loop;
    private final Owner owner;
    private final long highWater;
    private final long lowWater;
    private Object waiters; // writers parked until the queue drains: null, a Thread or an ArrayList<Thread>
    // Both made when first needed: most connections never queue (an idle WebSocket, a held poll), and there are many.
    private ArrayDeque<ByteBuffer> queue;
    private List<Runnable> whenWritable;
    private long pending;
    private volatile long lastProgress = System.nanoTime();
    private boolean interestRequested;
    private IOException failure;

    Outbound(SocketChannel channel, Loop loop, Owner owner, long highWater) {
        this.channel = channel;
        this.loop = loop;
        this.owner = owner;
        this.highWater = highWater;
        this.lowWater = highWater / 2;
    }

    /**
     * Queues {@code bytes} (taking ownership) behind what is queued, writing at once when nothing is.
     *
     * @param mayWait whether the caller may be parked while the queue is over the high-water mark; ignored (no
     *                wait) on the loop thread
     * @return whether the queue is under the high-water mark (false: slow down, see {@link #whenWritable})
     * @throws IOException when the connection failed or was closed; the bytes are dropped
     */
    boolean write(ByteBuffer bytes, boolean mayWait) throws IOException {
        boolean onLoop = loop.inLoop();
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            if (!queued()) {
                try {
                    while (bytes.hasRemaining() && channel.write(bytes) > 0) {
                        lastProgress = System.nanoTime();
                    }
                } catch (IOException e) {
                    failLocked(e);
                    throw failure;
                }
            }
            if (bytes.hasRemaining()) {
                if (queue == null) {
                    queue = new ArrayDeque<>(4);
                }
                queue.add(bytes);
                pending += bytes.remaining();
                if (!interestRequested) {
                    interestRequested = true;
                    if (onLoop) {
                        owner.writeInterest(true);
                    } else {
                        requestInterestFromLoop();
                    }
                }
            }
            if (!mayWait || onLoop || pending <= highWater) {
                // Under the mark, the bytes are the socket's or queued: done, even if the connection fails a moment
                // later (the next write learns it). Checking the failure here made a write the client had read fail.
                return pending <= highWater;
            }
        }
        awaitWritable();
        return true;
    }

    private void requestInterestFromLoop() { // under the monitor
        try {
            loop.execute(() -> owner.writeInterest(true));
        } catch (RejectedExecutionException e) {
            failLocked(new IOException("the server stopped"));
        }
    }

    /**
     * Waits (off the loop) until the queue is under the high-water mark, parked outside the monitor; an interrupt
     * does not end the wait and is kept for the caller.
     *
     * @throws IOException if the connection failed
     */
    void awaitWritable() throws IOException {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        try {
            for (;;) {
                synchronized (this) {
                    if (failure != null || pending <= highWater) {
                        removeWaiter(me); // woken by something else than the drain: keep no stale thread
                        if (failure != null) {
                            throw failure;
                        }
                        return;
                    }
                    addWaiter(me);
                }
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** Whether the queue is under the high-water mark. Any thread. */
    synchronized boolean isWritable() {
        return failure == null && pending <= highWater;
    }

    /** Whether everything written has reached the socket. Any thread. */
    synchronized boolean isEmpty() {
        return !queued();
    }

    /**
     * Runs {@code task} once the queue is under the low-water mark: at once (on the calling thread) if it is, else on
     * the loop when it gets there. Dropped if the connection fails.
     */
    void whenWritable(Runnable task) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            if (pending > lowWater) {
                if (whenWritable == null) {
                    whenWritable = new ArrayList<>(1);
                }
                whenWritable.add(task);
                return;
            }
        }
        task.run();
    }

    /** The socket can take more: write what is queued. Loop thread. Returns whether the queue is now empty. */
    boolean flush() {
        List<Runnable> ready = null;
        boolean empty;
        synchronized (this) {
            ByteBuffer b;
            try {
                while (queue != null && (b = queue.peek()) != null) {
                    int before = b.remaining();
                    if (channel.write(b) > 0) {
                        lastProgress = System.nanoTime();
                    }
                    pending -= before - b.remaining();
                    if (b.hasRemaining()) {
                        break;
                    }
                    queue.poll();
                }
            } catch (IOException e) {
                failLocked(e);
            }
            empty = !queued();
            if (empty && interestRequested) {
                interestRequested = false;
                owner.writeInterest(false);
            }
            if (pending <= lowWater || failure != null) {
                signalDrained();
                if (failure == null && whenWritable != null && !whenWritable.isEmpty()) {
                    ready = new ArrayList<>(whenWritable);
                    whenWritable.clear();
                }
            }
        }
        if (ready != null) {
            ready.forEach(Runnable::run);
            return isEmpty(); // the tasks may have written (and closed) more: the emptiness above is stale
        }
        return empty;
    }

    /** The connection is gone: writers get {@code cause} from now on, waiting ones are woken. Any thread. */
    synchronized void fail(IOException cause) {
        failLocked(cause);
    }

    /** When the socket last took bytes (System.nanoTime()). */
    long lastProgress() {
        return lastProgress;
    }

    /** The failure that ended this outbound, or {@code null}. */
    synchronized IOException failure() {
        return failure;
    }

    /** Under the monitor. */
    @SuppressWarnings("unchecked")
    private void addWaiter(Thread t) {
        if (waiters == null || waiters == t) {
            waiters = t;
        } else if (waiters instanceof Thread other) {
            ArrayList<Thread> list = new ArrayList<>(2);
            list.add(other);
            list.add(t);
            waiters = list;
        } else if (!((ArrayList<Thread>) waiters).contains(t)) {
            ((ArrayList<Thread>) waiters).add(t);
        }
    }

    /** Under the monitor. */
    private void removeWaiter(Thread t) {
        if (waiters == t) {
            waiters = null;
        } else if (waiters instanceof ArrayList<?> list) {
            list.remove(t);
        }
    }

    /** Wakes every parked writer; each looks again under the monitor. Under the monitor. */
    @SuppressWarnings("unchecked")
    private void signalDrained() {
        Object w = waiters;
        waiters = null;
        if (w instanceof Thread t) {
            LockSupport.unpark(t);
        } else if (w != null) {
            ((ArrayList<Thread>) w).forEach(LockSupport::unpark);
        }
    }

    /** Whether bytes wait in the queue. Under the monitor. */
    private boolean queued() {
        return queue != null && !queue.isEmpty();
    }

    private void failLocked(IOException cause) {
        if (failure == null) {
            failure = cause;
            if (queue != null) {
                queue.clear();
            }
            pending = 0;
            if (whenWritable != null) {
                whenWritable.clear();
            }
        }
        signalDrained();
    }
}
