package io.hayate.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event loop: one named thread, one {@link Selector}, a task queue and timers.
 *
 * <p>This is the only class in Hayate that selects. Channels registered here, their {@link IoHandler}s, timers and
 * tasks all run on the loop's thread, one at a time, in this order on every turn: queued tasks, the ready channels,
 * the due timers.
 *
 * <p><b>Threading.</b> {@link #execute}, {@link #schedule} and {@link #close} are safe from any thread;
 * {@link #register} and {@link Timer#reschedule} must be called on the loop thread. Code on a loop thread must not
 * block: a blocked loop stalls every connection it owns.
 */
public final class Loop implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Loop.class.getName());
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int MAX_TASKS_PER_TURN = 4096;

    private final String name;
    private final LoopThread thread;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // Slices of the virtual threads this loop carries, apart from the tasks so that CarrierWatch can take them away
    // from a loop that blocked.
    private final ConcurrentLinkedQueue<Runnable> slices = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean selecting = new AtomicBoolean();
    final TimerHeap timers = new TimerHeap();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    private ByteBuffer writeBuffer; // direct, allocated on first use
    private volatile boolean stopping;
    private java.nio.channels.Channel[] closing = new java.nio.channels.Channel[16];
    private int closingCount;
    private volatile ThreadFactory virtualThreads; // made on first use
    private Runnable firstAtLastLook; // CarrierWatch's thread only
    long lastStuckWarning;            // CarrierWatch's thread only

    /** Creates and starts a loop whose thread is called {@code name}. */
    public static Loop start(String name) {
        return start(name, false);
    }

    /**
     * Creates and starts a loop whose thread is called {@code name}. A daemon loop does not keep the JVM alive: for
     * helpers such as a resolver behind {@code InetAddress}, which must not stop an application from exiting.
     */
    public static Loop start(String name, boolean daemon) {
        Loop loop = new Loop(name);
        loop.thread.setDaemon(daemon);
        loop.thread.start();
        return loop;
    }

    private Loop(String name) {
        this.name = Objects.requireNonNull(name, "name");
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for loop " + name, e);
        }
        this.thread = new LoopThread(this, name);
    }

    /** The loop whose thread is calling, or {@code null} when not called on a loop thread. */
    public static Loop current() {
        return Thread.currentThread() instanceof LoopThread t ? t.loop : null;
    }

    /** The name of the loop, which is also its thread's name. */
    public String name() {
        return name;
    }

    /**
     * Virtual threads (named {@code hayate-vt}) for work that may block, carried by this loop's thread where the JDK
     * allows it (see {@link #virtualThreadCarrier()}): such a thread runs on the loop until it blocks, and the loop
     * goes on meanwhile. Code on them is not {@linkplain #inLoop() in the loop} and may block. Safe from any thread.
     */
    public ThreadFactory virtualThreads() {
        ThreadFactory f = virtualThreads;
        if (f == null) {
            f = CarriedVirtualThreads.factory(this, "hayate-vt");
            virtualThreads = f;
        }
        return f;
    }

    /**
     * Where {@link #virtualThreads} run: {@code "the loops"} (the default), or {@code "the JDK's scheduler"} and why
     * ({@code -Dhayate.virtual.carrier=jdk}, an older JDK, {@code java.lang} not opened to Hayate).
     */
    public static String virtualThreadCarrier() {
        String why = CarriedVirtualThreads.whyNot();
        return why == null ? "the loops" : "the JDK's scheduler (" + why + ")";
    }

    /**
     * Whether the loop is at work rather than waiting in select: a task {@linkplain #execute given} now runs before it
     * waits again, with no wake-up (no system call). True, for one, while the loop carries a virtual thread.
     */
    public boolean isBusy() {
        return !selecting.get();
    }

    /** Whether the caller runs on this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void assertInLoop() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("must be called on " + name + ", was called on " + Thread.currentThread().getName());
        }
    }

    /**
     * Runs {@code task} on the loop thread, after the tasks queued before it. Safe from any thread; never blocks.
     *
     * @throws RejectedExecutionException when the loop has stopped
     */
    @Override
    public void execute(Runnable task) {
        enqueue(tasks, Objects.requireNonNull(task, "task"), true);
    }

    /**
     * Queues {@code task} on {@code queue} and, if {@code wake}, wakes the loop when it waits in select and the caller
     * is another thread.
     *
     * @throws RejectedExecutionException when the loop has stopped
     */
    private void enqueue(ConcurrentLinkedQueue<Runnable> queue, Runnable task, boolean wake) {
        if (terminated.isDone()) {
            throw new RejectedExecutionException(name + " has stopped");
        }
        queue.offer(task);
        // The loop may have run its last drain between the check above and the offer: nothing would ever run this
        // one. It completes terminated before that drain, so either the drain takes the task or this does.
        if (terminated.isDone() && queue.remove(task)) {
            throw new RejectedExecutionException(name + " has stopped");
        }
        if (wake && Thread.currentThread() != thread && selecting.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /**
     * Runs the next slice of a virtual thread this loop carries, at the loop's next turn (or on a rescuer if the loop
     * blocks meanwhile, see {@link CarrierWatch}). Safe from any thread; never blocks.
     *
     * @throws RejectedExecutionException when the loop has stopped
     */
    void executeSlice(Runnable slice) {
        enqueue(slices, slice, true);
        CarrierWatch.sliceQueued();
    }

    /**
     * Whether the loop's thread waits for a lock, a condition or a sleep, which a loop never does of its own accord:
     * code it runs does, and the virtual threads it carries cannot run meanwhile. Any thread.
     */
    boolean isBlocked() {
        return switch (thread.getState()) {
            case BLOCKED, WAITING, TIMED_WAITING -> true;
            default -> false;
        };
    }

    /**
     * Whether the loop is blocked with the same slice first in its queue as at the watch's last look: it has not
     * taken a slice since, so it is stuck, not just passing through a lock. The watch's thread only.
     */
    boolean stuck() {
        Runnable first = slices.peek();
        if (first == null || !isBlocked()) {
            firstAtLastLook = null;
            return false;
        }
        boolean same = first == firstAtLastLook;
        firstAtLastLook = first;
        return same;
    }

    /**
     * Where the loop's thread is now: its top frame, then the first three outside the JDK, innermost first. Any
     * thread; it takes a safepoint, so only for a warning.
     */
    String blockedAt() {
        StackTraceElement[] frames = thread.getStackTrace();
        StringBuilder at = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < frames.length && shown < 4; i++) {
            String c = frames[i].getClassName();
            if (i == 0 || !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) {
                at.append(shown++ == 0 ? "" : " <- ").append(frames[i]);
            }
        }
        return shown == 0 ? "(no stack)" : at.toString();
    }

    /** Whether virtual-thread slices wait for this loop. Any thread. */
    boolean hasSlices() {
        return !slices.isEmpty();
    }

    /** Hands every waiting virtual-thread slice to {@code to}. Any thread; each slice runs once, there or here. */
    void handOverSlices(Executor to) {
        firstAtLastLook = null;
        Runnable slice;
        while ((slice = slices.poll()) != null) {
            to.execute(slice);
        }
    }

    /**
     * Queues {@code task} without waking the loop: it runs at the loop's next turn, whatever wakes it (a ready
     * channel, a timer, another task). For work that is not urgent and whose channel is about to wake the loop
     * anyway, such as closing a connection whose peer was just sent a FIN. Safe from any thread.
     */
    public void executeLazily(Runnable task) {
        enqueue(tasks, Objects.requireNonNull(task, "task"), false);
    }

    /** Runs {@code task} on the loop thread once {@code delay} has passed. Safe from any thread. */
    public Timer schedule(Duration delay, Runnable task) {
        return schedule(delay.toNanos(), TimeUnit.NANOSECONDS, task);
    }

    /** Runs {@code task} on the loop thread once the delay has passed. Safe from any thread. */
    public Timer schedule(long delay, TimeUnit unit, Runnable task) {
        Objects.requireNonNull(task, "task");
        Timer timer = new Timer(this, task, System.nanoTime() + unit.toNanos(Math.max(0, delay)));
        if (inLoop()) {
            timers.add(timer);
        } else {
            execute(() -> timers.add(timer));
        }
        return timer;
    }

    /**
     * Creates a timer that is not scheduled yet; {@link Timer#reschedule} arms it. Loop thread only. Meant for
     * per-connection deadlines that are moved on every request.
     */
    public Timer newTimer(Runnable task) {
        return new Timer(this, task, 0);
    }

    /**
     * Registers a non-blocking channel for {@code ops} with {@code handler}. Loop thread only.
     */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        assertInLoop();
        return channel.register(selector, ops, handler);
    }

    /**
     * A buffer the loop lends to the handler it is calling, for reading a socket without allocating. Loop thread
     * only; its content is gone when the handler returns.
     */
    public ByteBuffer readBuffer() {
        assertInLoop();
        return readBuffer.clear();
    }

    /**
     * The buffer for the next read of a handler that kept {@code leftover}, the unconsumed bytes of its last read (or
     * {@code null}): they are copied to its start, and the read goes after them. The loop's {@link #readBuffer()}
     * while they fill at most half of it, else a heap buffer with room for them and one more full read.
     */
    public ByteBuffer readBuffer(ByteBuffer leftover) {
        ByteBuffer buf = readBuffer();
        if (leftover == null) {
            return buf;
        }
        if (leftover.remaining() > buf.capacity() / 2) {
            buf = ByteBuffer.allocate(leftover.remaining() + buf.capacity());
        }
        return buf.put(leftover);
    }

    /**
     * Calls {@code action} with the handler of every channel registered here. Loop thread only; the action may
     * close channels.
     */
    public void forEachHandler(java.util.function.Consumer<IoHandler> action) {
        assertInLoop();
        for (SelectionKey key : selector.keys().toArray(new SelectionKey[0])) {
            if (key.isValid() && key.attachment() instanceof IoHandler h) {
                action.accept(h);
            }
        }
    }

    /**
     * Cancels {@code key} and closes its channel once the selector has dropped it, at the start of the loop's next
     * turn. Loop thread only. Closing a channel the selector still holds makes the JDK shut the socket down with two
     * extra system calls first ({@code getsockopt(SO_LINGER)}, {@code shutdown}); on a busy server that is a tenth
     * of the cost of a short connection.
     */
    public void cancelAndClose(SelectionKey key) {
        assertInLoop();
        key.cancel();
        if (closingCount == closing.length) {
            closing = java.util.Arrays.copyOf(closing, closingCount * 2);
        }
        closing[closingCount++] = key.channel();
    }

    private void closeCancelled() throws IOException {
        if (closingCount == 0) {
            return;
        }
        int n = closingCount;
        selector.selectNow(this::onReady); // deregisters the cancelled keys; handlers may cancel more meanwhile
        for (int i = 0; i < n; i++) {
            try {
                closing[i].close();
            } catch (IOException ignored) {
                // the peer is gone either way
            }
        }
        int more = closingCount - n; // cancelled during selectNow: their keys are dropped at the next turn
        System.arraycopy(closing, n, closing, 0, more);
        java.util.Arrays.fill(closing, more, closingCount, null);
        closingCount = more;
    }

    /**
     * A direct buffer the loop lends to the handler it is calling, for encoding and writing without an allocation or
     * a copy into the JDK's temporary native buffer. Loop thread only; what is not written before the handler
     * returns must be copied out.
     */
    public ByteBuffer writeBuffer() {
        assertInLoop();
        if (writeBuffer == null) {
            writeBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
        }
        return writeBuffer.clear();
    }

    /** Number of channels registered with this loop. */
    public int channelCount() {
        return selector.isOpen() ? selector.keys().size() : 0;
    }

    /** Stops the loop: queued tasks run, registered channels are closed, the thread ends. Safe from any thread. */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
    }

    /** Completes when the loop thread has ended. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Waits up to {@code timeout} for the loop's thread to end (not only {@link #terminated()}: the thread still runs
     * for a moment after that). Returns whether it ended; false at once when called on the loop's own thread.
     */
    boolean awaitThreadEnd(Duration timeout) throws InterruptedException {
        if (Thread.currentThread() == thread) {
            return false;
        }
        return thread.join(timeout);
    }

    /** Whether {@link #close()} was called. */
    public boolean isStopping() {
        return stopping;
    }

    private void run() {
        try {
            while (!stopping) {
                runTasks();
                closeCancelled();
                select();
                runTimers();
            }
            runTasks();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, name + " stopped on an unexpected error", t);
        } finally {
            try {
                closeCancelled();
            } catch (IOException | RuntimeException ignored) {
                // closing anyway
            }
            closeChannels();
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
            terminated.complete(null);
            runRemainingTasksAfterStop();
        }
    }

    private void select() throws IOException {
        long timeoutMs;
        Timer next = timers.peek();
        if (next == null) {
            timeoutMs = 0; // block until woken or a channel is ready
        } else {
            long nanos = next.deadline - System.nanoTime();
            if (nanos <= 0) {
                selector.selectNow(this::onReady);
                return;
            }
            timeoutMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        }
        selecting.set(true);
        if (!tasks.isEmpty() || !slices.isEmpty() || stopping || closingCount > 0) {
            selecting.set(false);
            selector.selectNow(this::onReady);
            return;
        }
        selector.select(this::onReady, timeoutMs);
        selecting.set(false);
    }

    private void onReady(SelectionKey key) {
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.onReady(key);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name + ": " + handler + " failed; closing its channel", t);
            closeQuietly(key);
        }
    }

    private void runTasks() {
        runQueued(tasks);
        runQueued(slices);
    }

    private void runQueued(ConcurrentLinkedQueue<Runnable> queue) {
        for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
            Runnable task = queue.poll();
            if (task == null) {
                return;
            }
            runSafely(task);
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.pollDue(now)) != null) {
            runSafely(t.task);
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name + ": a task failed", t);
        }
    }

    private void closeChannels() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof IoHandler h) {
                try {
                    h.onLoopClosing();
                } catch (Throwable t) {
                    LOG.log(Level.DEBUG, "onLoopClosing failed", t);
                }
            }
            closeQuietly(key);
        }
    }

    private void runRemainingTasksAfterStop() {
        Runnable task;
        while ((task = tasks.poll()) != null || (task = slices.poll()) != null) {
            runSafely(task);
        }
    }

    private static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    @Override
    public String toString() {
        return name + "[channels=" + channelCount() + ", timers=" + timers.size() + ", tasks=" + tasks.size()
                + ", slices=" + slices.size()
                + (stopping ? ", stopping" : "") + "]";
    }

    /** The loop's thread; lets {@link #current()} find the loop without a ThreadLocal. */
    private static final class LoopThread extends Thread {
        final Loop loop;

        LoopThread(Loop loop, String name) {
            super(name);
            this.loop = loop;
        }

        @Override
        public void run() {
            loop.run();
        }
    }
}
