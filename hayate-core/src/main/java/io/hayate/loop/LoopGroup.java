package io.hayate.loop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A fixed set of {@link Loop}s that share the work of a server or client. Channels are spread over the loops
 * round-robin by {@link #next()}.
 *
 * <p>Threads are named {@code <prefix>-0 … <prefix>-(n-1)}; the default prefix is {@code hayate-loop}.
 */
public final class LoopGroup implements AutoCloseable {
    private final List<Loop> loops;
    private final AtomicInteger next = new AtomicInteger();

    /** Starts {@code size} loops named {@code hayate-loop-i}. */
    public LoopGroup(int size) {
        this(size, "hayate-loop");
    }

    /** Starts {@code size} loops named {@code prefix-i}. */
    public LoopGroup(int size, String prefix) {
        this(size, prefix, false);
    }

    /** Starts {@code size} loops named {@code prefix-i}; daemon loops do not keep the JVM alive. */
    public LoopGroup(int size, String prefix, boolean daemon) {
        if (size < 1) {
            throw new IllegalArgumentException("a loop group needs at least one loop, got " + size);
        }
        this.loops = IntStream.range(0, size).mapToObj(i -> Loop.start(prefix + "-" + i, daemon)).toList();
    }

    /** The default size: the number of processors this JVM may use. */
    public static int defaultSize() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The next loop in round-robin order. Safe from any thread. */
    public Loop next() {
        if (loops.size() == 1) {
            return loops.get(0);
        }
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** All loops of the group. */
    public List<Loop> loops() {
        return loops;
    }

    /** Number of loops. */
    public int size() {
        return loops.size();
    }

    /** Stops every loop and waits up to {@code timeout} for their threads to end. */
    public void close(Duration timeout) {
        loops.forEach(Loop::close);
        long end = System.nanoTime() + timeout.toNanos();
        try {
            for (Loop loop : loops) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return; // a loop stuck in user code: its thread ends when that code returns
                }
                loop.awaitThreadEnd(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
