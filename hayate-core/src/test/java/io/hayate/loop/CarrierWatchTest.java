package io.hayate.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A loop that blocks on a lock does not keep the virtual threads it carries from running: the ones that must run for
 * it to go on move to a rescuer thread. Each test below is a deadlock without {@link CarrierWatch} (the loop waits for
 * a monitor that only a thread it carries can give back).
 */
class CarrierWatchTest {
    private Loop loop;

    @BeforeEach
    void loopCarriers() {
        System.setProperty(CarriedVirtualThreads.PROPERTY, "loop");
        loop = Loop.start("carrier-watch-test");
    }

    @AfterEach
    void stop() {
        loop.close();
        System.clearProperty(CarriedVirtualThreads.PROPERTY);
    }

    /**
     * A virtual thread holds a monitor and parks; a loop task unparks it (so its next slice is queued on this very
     * loop) and then enters the monitor. The watch sees the loop blocked with a slice queued and hands it over.
     */
    @Test
    void a_slice_queued_before_its_loop_blocked_runs_on_a_rescuer() throws Exception {
        ThreadFactory vts = loop.virtualThreads();
        Object monitor = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        AtomicReference<String> resumedOn = new AtomicReference<>();
        Thread holder = vts.newThread(() -> {
            synchronized (monitor) {
                holding.countDown();
                LockSupport.park();
                resumedOn.set(Thread.currentThread().toString()); // a mounted virtual thread names its carrier
            }
        });
        holder.start();
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        awaitState(holder, Thread.State.WAITING);
        int rescuedBefore = CarrierWatch.rescued();
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(CarrierWatch.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            CompletableFuture<Void> loopGotIt = new CompletableFuture<>();
            loop.execute(() -> {
                LockSupport.unpark(holder);
                synchronized (monitor) {
                    loopGotIt.complete(null);
                }
            });

            loopGotIt.get(5, TimeUnit.SECONDS);
        } finally {
            log.removeHandler(capture);
        }
        assertThat(resumedOn.get()).contains("@hayate-carrier-rescue-");
        assertThat(CarrierWatch.rescued()).isGreaterThan(rescuedBefore);
        assertThat(warnings).as("one warning that says which loop blocked, and where").singleElement()
                .satisfies(r -> assertThat(r.getMessage())
                        .startsWith("carrier-watch-test was blocked with virtual threads waiting for it, at ")
                        .contains("CarrierWatchTest.lambda$a_slice_queued_before_its_loop_blocked"));
    }

    /**
     * The loop and a virtual thread it carries both wait for a monitor held by a platform thread; the release wakes one
     * of them. If that is the virtual thread, it is made runnable while its loop is blocked and runs on a rescuer.
     */
    @Test
    void a_thread_woken_while_its_loop_is_blocked_runs_elsewhere() throws Exception {
        ThreadFactory vts = loop.virtualThreads();
        for (int round = 0; round < 20; round++) {
            Object monitor = new Object();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread owner = Thread.ofPlatform().name("owner").start(() -> {
                synchronized (monitor) {
                    held.countDown();
                    awaitQuietly(release);
                }
            });
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> virtualGotIt = new CompletableFuture<>();
            Thread waiter = vts.newThread(() -> {
                synchronized (monitor) {
                    virtualGotIt.complete(null);
                }
            });
            waiter.start();
            awaitState(waiter, Thread.State.BLOCKED);
            CompletableFuture<Void> loopGotIt = new CompletableFuture<>();
            loop.execute(() -> {
                synchronized (monitor) {
                    loopGotIt.complete(null);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!loop.isBlocked()) { // the loop waits for the monitor too; the release may wake either
                assertThat(System.nanoTime()).as("the loop never blocked").isLessThan(deadline);
                Thread.onSpinWait();
            }
            release.countDown();

            CompletableFuture.allOf(virtualGotIt, loopGotIt).get(5, TimeUnit.SECONDS);
            owner.join();
        }
    }

    /** With nothing queued the watch sleeps: it does not wake an idle server. */
    @Test
    void the_watch_parks_when_no_slice_waits() throws Exception {
        ThreadFactory vts = loop.virtualThreads();
        Thread t = vts.newThread(() -> { });
        t.start();
        t.join();
        Thread watch = Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().equals("hayate-carrier-watch") && th.isAlive()).findFirst().orElseThrow();
        assertThat(watch.isDaemon()).isTrue();
        awaitState(watch, Thread.State.WAITING); // parked without a deadline, not TIMED_WAITING
    }

    /** The watch lives as long as some loop carries virtual threads: after the last one stops, no thread is left. */
    @Test
    void the_watch_ends_with_the_last_loop_it_watches() throws Exception {
        Thread t = loop.virtualThreads().newThread(() -> { });
        t.start();
        t.join();
        assumeTrue(CarrierWatch.watchedLoops() == 1, "another loop that carries virtual threads is still running");
        assertThat(watches()).isEqualTo(1);
        loop.close();
        loop.terminated().get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (watches() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(watches()).as("carrier watch threads after the loop stopped").isZero();

        loop = Loop.start("carrier-watch-test-2");
        Thread again = loop.virtualThreads().newThread(() -> { });
        again.start();
        again.join();
        assertThat(watches()).isEqualTo(1);
    }

    private static long watches() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().equals("hayate-carrier-watch") && th.isAlive()).count();
    }

    private static void awaitState(Thread t, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != state) {
            assertThat(System.nanoTime()).as(t + " never reached " + state).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
