package io.hayate.server;

import io.hayate.loop.Loop;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only place that knows the {@link Mode}: decides which thread runs a handler, and caps how many run at once
 * ({@code maxInFlight}); requests over the cap wait in arrival order.
 */
final class Dispatcher {
    private final Mode mode;
    private final int maxInFlight;
    private final ExecutorService workers;      // THREADS only
    private final List<Thread> workerThreads = new CopyOnWriteArrayList<>(); // joined on close
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Exchange> waiting = new ConcurrentLinkedQueue<>();

    Dispatcher(ServerConfig config) {
        this.mode = config.mode();
        this.maxInFlight = config.maxInFlight();
        if (mode == Mode.THREADS) {
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(config.threads(), r -> {
                Thread t = new Thread(r, "hayate-worker-" + n.getAndIncrement());
                t.setDaemon(true);
                workerThreads.add(t);
                return t;
            });
        } else {
            workers = null;
        }
    }

    /** Runs the exchange's handler on the mode's thread, now or when a slot frees up. Safe from any thread. */
    void dispatch(Exchange ex) {
        if (inFlight.incrementAndGet() <= maxInFlight) {
            start(ex);
            return;
        }
        inFlight.decrementAndGet();
        waiting.add(ex);
        drainWaiting();
    }

    /** A handler finished: its slot goes to the oldest waiting request. Safe from any thread. */
    void done() {
        inFlight.decrementAndGet();
        if (!waiting.isEmpty()) {
            drainWaiting();
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    private void drainWaiting() {
        while (!waiting.isEmpty()) {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                return;
            }
            Exchange next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                return;
            }
            start(next);
        }
    }

    private void start(Exchange ex) {
        switch (mode) {
            case LOOP -> {
                if (ex.responder.loop().inLoop()) {
                    ex.run();
                } else {
                    ex.responder.loop().execute(ex);
                }
            }
            case THREADS -> workers.execute(ex);
            case VIRTUAL -> ex.responder.loop().virtualThreads().newThread(ex).start();
            case BLOCKING -> ex.run();
        }
    }

    /**
     * Runs long blocking work that is not a request (a blocking-style WebSocket handler): on a virtual thread of
     * {@code loop}, or on a worker in {@link Mode#THREADS}. Not counted against {@code maxInFlight}.
     */
    void runBlocking(Loop loop, Runnable task) {
        if (mode == Mode.THREADS) {
            workers.execute(task);
        } else {
            loop.virtualThreads().newThread(task).start();
        }
    }

    /** Number of platform threads this dispatcher runs. */
    int threads() {
        return workers == null ? 0 : ((java.util.concurrent.ThreadPoolExecutor) workers).getPoolSize();
    }

    /** Stops the workers, interrupting them after {@code timeoutMillis}; returns once their threads have ended. */
    void close(long timeoutMillis) {
        if (workers != null) {
            workers.shutdown();
            try {
                if (workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    for (Thread t : workerThreads) {
                        t.join(1000); // terminated: each thread is past its last task and only exiting
                    }
                } else {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
