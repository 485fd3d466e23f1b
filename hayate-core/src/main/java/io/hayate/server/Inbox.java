package io.hayate.server;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * Messages waiting for a blocking-style WebSocket handler. The loop never waits to put; it pauses reading when the
 * inbox is full and {@code whenDrained} resumes it once the handler has taken half.
 *
 * <p>An idle connection's handler is parked here, so this is built to be small: the queue is made by the first
 * message, and the taker parks itself ({@link LockSupport#park}, in its own frame: {@link #next()} returns
 * {@link #WAIT} first) rather than waiting on a lock's condition, which keeps both the object and the parked virtual
 * thread's stack short. The monitor is held only to move a message or the waiter, never while waiting, so a virtual
 * thread is never pinned to its carrier here.
 */
final class Inbox {
    static final int CAPACITY = 16;

    private final Runnable whenDrained;
    private ArrayDeque<WebSocketMessage> messages; // guarded by this; made by the first put
    private Thread waiter;                         // guarded by this
    private boolean closed;                        // guarded by this
    private boolean full;                          // guarded by this

    Inbox(Runnable whenDrained) {
        this.whenDrained = whenDrained;
    }

    /** Adds a message; returns whether the inbox is now full (the caller should stop reading). Loop thread. */
    boolean put(WebSocketMessage m) {
        Thread wake;
        boolean nowFull;
        synchronized (this) {
            if (messages == null) {
                messages = new ArrayDeque<>(4);
            }
            messages.add(m);
            full = messages.size() >= CAPACITY;
            nowFull = full;
            wake = waiter;
            waiter = null;
        }
        LockSupport.unpark(wake);
        return nowFull;
    }

    /** What {@link #next()} answers when there is no message yet: the caller is the waiter now and should park. */
    static final WebSocketMessage WAIT = new WebSocketMessage("", null);

    /**
     * The next message; {@code null} once closed and empty (interrupts count as closed, the interrupt stays set); or
     * {@link #WAIT}, after which the caller parks ({@code LockSupport.park(inbox)}) and asks again. The caller parks
     * rather than this method, so a parked idle handler's stack holds one frame less (see the class comment). One
     * taker at a time: a second thread asking while one waits is a usage error.
     */
    WebSocketMessage next() {
        Thread me = Thread.currentThread();
        WebSocketMessage m;
        boolean resume = false;
        synchronized (this) {
            if (messages == null || messages.isEmpty()) {
                if (closed || me.isInterrupted()) {
                    if (waiter == me) {
                        waiter = null;
                    }
                    return null;
                }
                if (waiter != null && waiter != me) {
                    throw new IllegalStateException("receive() is already waiting on " + waiter.getName()
                        + ": one thread receives from a WebSocket at a time");
                }
                waiter = me;
                return WAIT;
            }
            m = messages.poll();
            if (full && messages.size() <= CAPACITY / 2) {
                full = false;
                resume = true;
            }
            if (waiter == me) {
                waiter = null;
            }
        }
        if (resume) {
            whenDrained.run();
        }
        return m;
    }

    /** No more messages will come; the taker gets the rest, then {@code null}. */
    void close() {
        Thread wake;
        synchronized (this) {
            closed = true;
            wake = waiter;
            waiter = null;
        }
        LockSupport.unpark(wake);
    }
}
