package io.hayate.server;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Messages waiting for a blocking-style WebSocket handler. The loop never waits to put; it pauses reading when the
 * inbox is full and {@code whenDrained} resumes it once the handler has taken half.
 */
final class Inbox {
    static final int CAPACITY = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<WebSocketMessage> messages = new ArrayDeque<>();
    private final Runnable whenDrained;
    private boolean closed;
    private boolean full;

    Inbox(Runnable whenDrained) {
        this.whenDrained = whenDrained;
    }

    /** Adds a message; returns whether the inbox is now full (the caller should stop reading). Loop thread. */
    boolean put(WebSocketMessage m) {
        lock.lock();
        try {
            messages.add(m);
            notEmpty.signal();
            full = messages.size() >= CAPACITY;
            return full;
        } finally {
            lock.unlock();
        }
    }

    /** The next message, waiting for one; {@code null} once closed and empty. Interrupts count as closed. */
    WebSocketMessage take() {
        boolean resume = false;
        WebSocketMessage m;
        lock.lock();
        try {
            while (messages.isEmpty() && !closed) {
                try {
                    notEmpty.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            m = messages.poll();
            if (full && messages.size() <= CAPACITY / 2) {
                full = false;
                resume = true;
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            whenDrained.run();
        }
        return m;
    }

    /** No more messages will come; waiting takers get the rest, then {@code null}. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
