package io.hayate.loop;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a loop that blocked from holding up the virtual threads it carries.
 *
 * <p>A loop never blocks by itself, but code it runs can: a callback that takes a lock a virtual thread holds, or
 * waits on a monitor a virtual thread also waits for. If that virtual thread is carried by the same loop, it can run
 * only once the loop is free, and the loop is free only once it has run: both would wait for good. So this watch,
 * one named thread for the JVM, looks every {@value #PERIOD_MILLIS} ms while slices are queued: a loop found blocked
 * (on a lock, a condition, a sleep) twice in a row with the same slice first in its queue has its slices handed to
 * rescuer threads. Twice, because a loop passes through short waits for locks (the selector's, an outbound's) all
 * the time; a rescue then would only cost a thread. With nothing queued anywhere the watch parks until a slice is
 * queued, so an idle server does not wake it. A loop that is busy rather than blocked (a long computation, a spin, a
 * blocking read) looks RUNNABLE and is left alone, as gevent's hub would be.
 *
 * <p>Threads: {@code hayate-carrier-watch} (one, daemon, from the first loop that carries virtual threads until the
 * last such loop stops) and {@code hayate-carrier-rescue-N} (daemon, made only when a loop is stuck with work for
 * them, at most one per processor, gone after {@value #RESCUER_IDLE_SECONDS} s without work).
 */
final class CarrierWatch implements Runnable {
    static final long PERIOD_MILLIS = 10;
    static final long RESCUER_IDLE_SECONDS = 5;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final System.Logger LOG = System.getLogger(CarrierWatch.class.getName());

    private static final CarrierWatch WATCH = new CarrierWatch();

    private final CopyOnWriteArrayList<Loop> loops = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor rescuers;
    private final AtomicInteger rescued = new AtomicInteger();
    private volatile Thread thread;
    private volatile boolean idle;

    private CarrierWatch() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        rescuers = new ThreadPoolExecutor(n, n, RESCUER_IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "hayate-carrier-rescue-" + count.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
        rescuers.allowCoreThreadTimeOut(true);
    }

    /** Watches {@code loop} from now until it stops. */
    static void add(Loop loop) {
        WATCH.watch(loop);
        loop.terminated().whenComplete((ok, e) -> WATCH.unwatch(loop));
    }

    /** A slice was queued: wake the watch if it sleeps. Cheap when it is awake (one volatile read). */
    static void sliceQueued() {
        CarrierWatch w = WATCH;
        if (w.idle) {
            w.idle = false;
            LockSupport.unpark(w.thread);
        }
    }

    /** Runs a virtual thread's slice on a rescuer: its loop is stuck. On the common pool if no rescuer can start. */
    static void rescue(Runnable slice) {
        WATCH.rescued.incrementAndGet();
        try {
            WATCH.rescuers.execute(slice);
        } catch (RejectedExecutionException | OutOfMemoryError e) { // no thread could be made
            ForkJoinPool.commonPool().execute(slice);
        }
    }

    /** How many loops are watched now. */
    static int watchedLoops() {
        return WATCH.loops.size();
    }

    /** How many slices ran on a rescuer since the JVM started. */
    static int rescued() {
        return WATCH.rescued.get();
    }

    private synchronized void watch(Loop loop) {
        loops.add(loop);
        if (thread == null) {
            Thread t = new Thread(this, "hayate-carrier-watch");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** Called on the loop's thread as it ends; when that was the last loop, returns once the watch has ended too. */
    private void unwatch(Loop loop) {
        loops.remove(loop);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t); // to end if that was the last loop
            // A server's close() leaves no thread behind: wait for the watch to end (microseconds), unless another
            // loop came meanwhile and it goes on.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            try {
                while (loops.isEmpty() && thread == t && t.isAlive() && t != Thread.currentThread()
                        && System.nanoTime() < deadline) {
                    t.join(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the watch's thread if no loop is left to watch; a loop added later starts a new one. */
    private synchronized boolean endIfNothingToWatch() {
        if (loops.isEmpty()) {
            thread = null;
            idle = false;
            return true;
        }
        return false;
    }

    @Override
    public void run() {
        try {
            watchLoops();
        } finally {
            synchronized (this) { // an unexpected end: the next loop added starts a new watch
                if (thread == Thread.currentThread()) {
                    thread = null;
                    idle = false;
                }
            }
        }
    }

    /**
     * Says, at most once a minute per loop, that a loop was stuck and where: a hang averted, but the code that blocked
     * the loop (a callback waiting for a lock that a virtual thread holds) is a bug to find.
     */
    private static void warn(Loop loop) {
        long now = System.nanoTime();
        if (loop.lastStuckWarning != 0 && now - loop.lastStuckWarning < WARN_EVERY_NANOS) {
            return;
        }
        loop.lastStuckWarning = now;
        LOG.log(System.Logger.Level.WARNING, loop.name() + " was blocked with virtual threads waiting for it, at "
                + loop.blockedAt() + "; they run on rescuer threads. Code on a loop (a callback, a timer) should not"
                + " wait for a lock that a virtual thread can hold.");
    }

    private void watchLoops() {
        Executor rescue = CarrierWatch::rescue;
        for (;;) {
            boolean queued = false;
            for (Loop loop : loops) {
                if (loop.stuck()) {
                    warn(loop);
                    loop.handOverSlices(rescue);
                }
                queued |= loop.hasSlices();
            }
            if (queued) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
                continue;
            }
            if (endIfNothingToWatch()) {
                return;
            }
            idle = true; // then look again: a slice queued before this write did not wake us
            if (loops.stream().noneMatch(Loop::hasSlices)) {
                LockSupport.park(this);
            }
            idle = false;
        }
    }
}
