package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.loop.Loop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * By default (and with {@code -Dhayate.virtual.carrier=loop}) a {@link Mode#VIRTUAL} handler's virtual thread is
 * carried by the loop that owns its connection (the tests run with {@code --add-opens java.base/java.lang}, as
 * {@code hayate.jar} does) and leaves the loop free whenever it blocks; with {@code jdk} it runs on the JDK's
 * scheduler.
 */
class VirtualThreadCarrierTest {

    @BeforeEach
    @AfterEach
    void theDefault() {
        System.clearProperty("hayate.virtual.carrier");
    }

    @Test
    void by_default_its_loop_carries_a_handler_thread() throws Exception {
        assertThat(Loop.virtualThreadCarrier()).isEqualTo("the loops");
        AtomicReference<String> thread = new AtomicReference<>();
        try (ServerHarness s = ServerHarness.start(Mode.VIRTUAL, c -> c.withLoops(2), app -> app.get("/", ctx -> {
            thread.set(Thread.currentThread().toString()); // a mounted virtual thread names its carrier after '@'
            return "ok";
        }))) {
            assertThat(s.get("/").body()).isEqualTo("ok");
        }
        assertThat(thread.get()).contains("hayate-vt").matches(".*@hayate-loop-[01]$");
    }

    /**
     * One loop, so both requests' threads share one carrier: the first waits, inside a {@code synchronized} block,
     * for the second to run. If a blocked virtual thread kept the loop, the second request would never be read.
     */
    @Test
    void a_blocked_handler_leaves_its_loop_to_the_others() throws Exception {
        Object monitor = new Object();
        CountDownLatch second = new CountDownLatch(1);
        try (ServerHarness s = ServerHarness.start(Mode.VIRTUAL, c -> c.withLoops(1), app -> app
                .get("/first", ctx -> {
                    synchronized (monitor) {
                        return second.await(10, TimeUnit.SECONDS) ? "released" : "timed out";
                    }
                })
                .get("/second", ctx -> {
                    second.countDown();
                    return "ran";
                }))) {
            RawClient first = s.connect().send(RawClient.get("/first"));
            assertThat(s.get("/second").body()).isEqualTo("ran");
            assertThat(first.read().bodyText()).isEqualTo("released");
        }
    }

    /** A handler still blocked when the loops stop finishes elsewhere instead of staying parked for good. */
    @Test
    void a_handler_blocked_past_shutdown_still_ends() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        ServerHarness s = ServerHarness.start(Mode.VIRTUAL, c -> c.withLoops(1), app -> app.get("/", ctx -> {
            try {
                entered.countDown();
                release.await();
                return "late";
            } finally {
                ended.countDown();
            }
        }));
        s.connect().send(RawClient.get("/"));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        s.server.close(Duration.ofMillis(100));
        release.countDown();
        assertThat(ended.await(5, TimeUnit.SECONDS)).as("the handler's thread ran to its end").isTrue();
        s.close();
    }

    @Test
    void the_jdk_scheduler_on_request() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        System.setProperty("hayate.virtual.carrier", "jdk");
        try (ServerHarness s = ServerHarness.start(Mode.VIRTUAL, app -> app.get("/", ctx -> {
            thread.set(Thread.currentThread().toString());
            return "ok";
        }))) {
            assertThat(Loop.virtualThreadCarrier()).startsWith("the JDK's scheduler");
            assertThat(s.get("/").body()).isEqualTo("ok");
        }
        assertThat(thread.get()).contains("hayate-vt").doesNotContain("@hayate-loop");
    }

    @Test
    void a_misspelt_choice_is_named_and_gets_the_jdk_scheduler() {
        System.setProperty("hayate.virtual.carrier", "loops");
        try {
            assertThat(Loop.virtualThreadCarrier())
                    .isEqualTo("the JDK's scheduler (-Dhayate.virtual.carrier=loops, which is neither loop nor jdk)");
        } finally {
            System.setProperty("hayate.virtual.carrier", "loop");
        }
        assertThat(Loop.virtualThreadCarrier()).isEqualTo("the loops");
    }

    /**
     * The demo's chat room shape, which once hung a test run: loop callbacks and handler threads of the same loop
     * share one monitor, and a handler holds it while it waits for something the loop does. With one loop, every
     * request's thread rides the loop that must also run the callbacks.
     */
    @Test
    void loop_callbacks_and_handler_threads_may_share_a_lock() throws Exception {
        Object room = new Object();
        java.util.List<String> said = new java.util.ArrayList<>();
        try (ServerHarness s = ServerHarness.start(Mode.VIRTUAL, c -> c.withLoops(1), app -> app
                .get("/say/{n}", ctx -> {
                    synchronized (room) {
                        said.add(ctx.pathParam("n"));
                        java.util.concurrent.CompletableFuture<Void> tick = new java.util.concurrent.CompletableFuture<>();
                        ctx.later(Duration.ofMillis(1), () -> {
                            synchronized (room) { // the loop waits for the room while the handler holds it
                                tick.complete(null);
                            }
                        });
                        Thread.sleep(2); // the handler's thread parks holding the room; the timer fires meanwhile
                        return "ok";
                    }
                }))) {
            java.util.List<RawClient> clients = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                clients.add(s.connect().send(RawClient.get("/say/" + i)));
            }
            for (RawClient c : clients) {
                assertThat(c.read().bodyText()).isEqualTo("ok");
            }
        }
        assertThat(said).hasSize(50);
    }
}
