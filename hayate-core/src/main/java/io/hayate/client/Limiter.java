package io.hayate.client;

import java.util.ArrayDeque;

/**
 * A counting semaphore whose waiters are tasks, not threads: {@link #acquire} runs its task when a permit is free,
 * at once or later on the thread that {@link #release releases} one. Waiters are served in arrival order.
 *
 * <p><b>Threading.</b> Safe from any thread. Tasks run outside the lock; they should only hand work to a loop.
 */
final class Limiter {
    private final int permits;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int used;

    Limiter(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("a limit needs at least one permit, got " + permits);
        }
        this.permits = permits;
    }

    /** Runs {@code task} holding a permit: now if one is free, else when one is released. */
    void acquire(Runnable task) {
        synchronized (this) {
            if (used >= permits) {
                waiting.add(task);
                return;
            }
            used++;
        }
        task.run();
    }

    /** Gives a permit back; the oldest waiter, if any, gets it and runs on this thread. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                used--;
                return;
            }
        }
        next.run();
    }

    int permits() {
        return permits;
    }

    synchronized int inUse() {
        return used;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    @Override
    public synchronized String toString() {
        return "Limiter[" + used + "/" + permits + ", waiting=" + waiting.size() + "]";
    }
}
