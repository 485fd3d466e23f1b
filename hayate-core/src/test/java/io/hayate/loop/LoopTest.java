package io.hayate.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop on its own: its thread, tasks, timers, channels, buffers and stop. */
class LoopTest {
    private Loop loop;

    @BeforeEach
    void start() {
        loop = Loop.start("loop-test");
    }

    @AfterEach
    void stop() throws Exception {
        loop.close();
        loop.terminated().get(5, TimeUnit.SECONDS);
    }

    private <T> T onLoop(Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void tasks_run_on_the_named_loop_thread_in_the_order_given() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1000);
        List<String> threads = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> {
                order.add(n);
                if (n == 0) {
                    threads.add(Thread.currentThread().getName());
                }
                done.countDown();
            });
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).isSorted().hasSize(1000);
        assertThat(threads).containsExactly("loop-test");
        assertThat(onLoop(() -> Loop.current() == loop && loop.inLoop())).isTrue();
        assertThat(Loop.current()).isNull();
        assertThat(loop.inLoop()).isFalse();
    }

    @Test
    void timers_run_in_deadline_order_and_not_before_their_delay() throws Exception {
        List<Integer> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        long t0 = System.nanoTime();
        long[] firstAt = new long[1];
        loop.schedule(Duration.ofMillis(150), () -> { fired.add(150); done.countDown(); });
        loop.schedule(Duration.ofMillis(50), () -> { firstAt[0] = System.nanoTime(); fired.add(50); done.countDown(); });
        loop.schedule(Duration.ofMillis(100), () -> { fired.add(100); done.countDown(); });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).containsExactly(50, 100, 150);
        assertThat(firstAt[0] - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void a_cancelled_timer_never_runs_and_a_rescheduled_one_runs_once() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        Timer cancelled = loop.schedule(Duration.ofMillis(50), () -> fired.add("cancelled"));
        cancelled.cancel(); // from this thread: takes effect before the loop's next timer check
        Timer moved = onLoop(() -> {
            Timer t = loop.newTimer(() -> fired.add("moved"));
            t.reschedule(TimeUnit.MILLISECONDS.toNanos(500));
            t.reschedule(TimeUnit.MILLISECONDS.toNanos(80)); // moved earlier: runs once, at the new deadline
            return t;
        });
        CountDownLatch later = new CountDownLatch(1);
        loop.schedule(Duration.ofMillis(700), later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).containsExactly("moved");
        assertThat(onLoop(moved::isPending)).isFalse();
        assertThatThrownBy(() -> moved.reschedule(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loop-test");
    }

    @Test
    void a_failing_task_is_logged_and_the_loop_keeps_running() throws Exception {
        loop.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        assertThat(onLoop(() -> "still here")).isEqualTo("still here");
    }

    @Test
    void a_registered_channel_calls_its_handler_on_the_loop() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            CompletableFuture<String> accepted = new CompletableFuture<>();
            onLoop(() -> {
                try {
                    return loop.register(server, SelectionKey.OP_ACCEPT, key -> {
                        SocketChannel c = server.accept();
                        if (c != null) {
                            accepted.complete(Thread.currentThread().getName());
                            c.close();
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(onLoop(loop::channelCount)).isEqualTo(1);
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                assertThat(accepted.get(5, TimeUnit.SECONDS)).isEqualTo("loop-test");
            }
        }
    }

    @Test
    void the_read_buffer_keeps_leftover_bytes_at_its_start() throws Exception {
        // a few bytes: the loop's own buffer, with them first and the rest free for the read
        ByteBuffer small = onLoop(() -> loop.readBuffer(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertThat(small.position()).isEqualTo(3);
        assertThat(small.get(0)).isEqualTo((byte) 1);
        assertThat(small.get(2)).isEqualTo((byte) 3);
        int capacity = small.capacity();
        assertThat(onLoop(() -> loop.readBuffer(null) == loop.readBuffer())).isTrue();
        // more than half of it: a buffer of its own with room for one more full read
        byte[] big = new byte[capacity / 2 + 1];
        big[big.length - 1] = 9;
        ByteBuffer grown = onLoop(() -> loop.readBuffer(ByteBuffer.wrap(big)));
        assertThat(grown.position()).isEqualTo(big.length);
        assertThat(grown.remaining()).isEqualTo(capacity);
        assertThat(grown.get(big.length - 1)).isEqualTo((byte) 9);
        assertThatThrownBy(() -> loop.readBuffer()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_stopped_loop_runs_what_was_queued_and_then_refuses_work() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        loop.close();
        loop.terminated().get(5, TimeUnit.SECONDS);
        assertThat(ran.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.isStopping()).isTrue();
        assertThatThrownBy(() -> loop.execute(() -> {})).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("loop-test");
    }
}
