package io.hayate.loop;

/**
 * A task scheduled on a {@link Loop} to run once after a delay.
 *
 * <p>Created by {@link Loop#schedule}. The task runs on the loop thread. {@link #cancel()} is safe from any
 * thread; from the loop thread it takes effect at once, from another thread before the loop's next timer check.
 */
public final class Timer {
    final Loop loop;
    final Runnable task;
    long deadline;     // System.nanoTime() value
    int index = -1;    // position in the loop's heap, -1 when not scheduled

    Timer(Loop loop, Runnable task, long deadline) {
        this.loop = loop;
        this.task = task;
        this.deadline = deadline;
    }

    /** Cancels the timer if it has not run yet. Returns at once; idempotent. */
    public void cancel() {
        if (loop.inLoop()) {
            loop.timers.remove(this);
        } else {
            loop.execute(() -> loop.timers.remove(this));
        }
    }

    /**
     * Moves the deadline to {@code delayNanos} from now, scheduling the timer again if it already ran or was
     * cancelled. Loop thread only; this is how per-connection timeouts are re-armed without allocating.
     */
    public void reschedule(long delayNanos) {
        loop.assertInLoop();
        loop.timers.remove(this);
        deadline = System.nanoTime() + delayNanos;
        loop.timers.add(this);
    }

    /** Whether the timer is waiting to run. Meaningful on the loop thread. */
    public boolean isPending() {
        return index >= 0;
    }

    /** Nanoseconds until the deadline (negative when due). */
    public long remainingNanos() {
        return deadline - System.nanoTime();
    }
}
