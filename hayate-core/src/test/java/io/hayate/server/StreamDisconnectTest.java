package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that leaves mid-stream, by closing (FIN) or resetting (RST): the producer's next write fails at once,
 * queue puts return false, an event stream reports closed, onClose runs, and the server goes on serving.
 */
class StreamDisconnectTest {
    private static final Duration TICK = Duration.ofMillis(20);

    enum Leave { CLOSE, RESET }

    static Stream<Arguments> everyModeAndWayToLeave() {
        List<Arguments> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            for (Leave l : Leave.values()) {
                out.add(Arguments.of(m, l));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyModeAndWayToLeave")
    void a_writing_producer_fails_fast_once_the_client_left(Mode mode, Leave leave) throws Exception {
        CompletableFuture<Long> failedAt = new CompletableFuture<>();
        CountDownLatch onClose = new CountDownLatch(1);
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/ticks", ctx -> {
                    if (mode != Mode.LOOP) {
                        return Body.stream(out -> {
                            out.onClose(onClose::countDown);
                            out.write("first");
                            try {
                                for (;;) {
                                    Thread.sleep(TICK.toMillis());
                                    out.write("tick");
                                }
                            } catch (StreamClosedException e) {
                                failedAt.complete(System.nanoTime());
                            }
                        });
                    }
                    return Body.open(out -> {
                        out.onClose(onClose::countDown);
                        out.write("first");
                        tick(ctx, out, failedAt);
                    });
                })
                .get("/ok", ctx -> "ok"))) {
            StreamClient client = new StreamClient(s.port());
            client.send(RawClient.get("/ticks")).readHead();
            assertThat(client.nextChunkText()).isEqualTo("first");
            long leftAt = System.nanoTime();
            leave(client, leave);

            long failed = failedAt.get(3, TimeUnit.SECONDS);
            assertThat((failed - leftAt) / 1_000_000).as("ms from leaving to the failed write").isLessThan(1000);
            assertThat(onClose.await(2, TimeUnit.SECONDS)).as("onClose ran").isTrue();
            assertServes(s);
        }
    }

    private static void tick(Context ctx, ResponseStream out, CompletableFuture<Long> failedAt) {
        ctx.later(TICK, () -> {
            try {
                out.write("tick");
            } catch (StreamClosedException e) {
                failedAt.complete(System.nanoTime());
                return;
            }
            tick(ctx, out, failedAt);
        });
    }

    /** A producer that is not writing learns too: the loop sees the client go, onClose runs, and its next write fails. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyModeAndWayToLeave")
    void an_idle_stream_is_closed_when_the_client_leaves(Mode mode, Leave leave) throws Exception {
        CompletableFuture<ResponseStream> stream = new CompletableFuture<>();
        CountDownLatch onClose = new CountDownLatch(1);
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/idle", ctx -> Body.open(out -> {
                    out.onClose(onClose::countDown);
                    out.write("first");
                    stream.complete(out);
                }))
                .get("/ok", ctx -> "ok"))) {
            StreamClient client = new StreamClient(s.port());
            client.send(RawClient.get("/idle")).readHead();
            assertThat(client.nextChunkText()).isEqualTo("first");
            ResponseStream out = stream.get(3, TimeUnit.SECONDS);
            assertThat(out.isOpen()).isTrue();
            leave(client, leave);

            assertThat(onClose.await(2, TimeUnit.SECONDS)).as("onClose ran without a write").isTrue();
            assertThat(out.isOpen()).isFalse();
            long start = System.nanoTime();
            assertThatThrownBy(() -> out.write("late")).isInstanceOf(StreamClosedException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100);
            assertServes(s);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyModeAndWayToLeave")
    void a_queue_refuses_puts_once_the_client_left(Mode mode, Leave leave) throws Exception {
        CompletableFuture<QueueBody> queue = new CompletableFuture<>();
        CountDownLatch onClose = new CountDownLatch(1);
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/poll", ctx -> {
                    QueueBody q = Body.queue();
                    q.onClose(onClose::countDown);
                    q.put("first");
                    queue.complete(q);
                    return q;
                })
                .get("/ok", ctx -> "ok"))) {
            StreamClient client = new StreamClient(s.port());
            client.send(RawClient.get("/poll")).readHead();
            assertThat(client.nextChunkText()).isEqualTo("first");
            QueueBody q = queue.get(3, TimeUnit.SECONDS);
            leave(client, leave);

            assertThat(onClose.await(2, TimeUnit.SECONDS)).as("onClose ran").isTrue();
            assertThat(q.isOpen()).isFalse();
            assertThat(q.put("late")).isFalse();
            assertThat(q.offer("late")).isFalse();
            q.close(); // harmless
            assertServes(s);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyModeAndWayToLeave")
    void an_event_stream_reports_closed_once_the_client_left(Mode mode, Leave leave) throws Exception {
        CompletableFuture<SseStream> events = new CompletableFuture<>();
        CountDownLatch onClose = new CountDownLatch(1);
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/events", ctx -> Body.sse(sse -> {
                    sse.onClose(onClose::countDown);
                    sse.send("1", "tick", "first");
                    events.complete(sse);
                }))
                .get("/ok", ctx -> "ok"))) {
            StreamClient client = new StreamClient(s.port());
            client.send(RawClient.get("/events")).readHead();
            assertThat(client.nextChunkText()).startsWith("id: 1\n");
            SseStream sse = events.get(3, TimeUnit.SECONDS);
            leave(client, leave);

            assertThat(onClose.await(2, TimeUnit.SECONDS)).as("onClose ran").isTrue();
            assertThat(sse.isOpen()).isFalse();
            assertThatThrownBy(() -> sse.send("late")).isInstanceOf(StreamClosedException.class);
            assertServes(s);
        }
    }

    private static void leave(StreamClient client, Leave leave) throws Exception {
        if (leave == Leave.RESET) {
            client.reset();
        } else {
            client.close();
        }
    }

    /** The server still answers, and once that client is gone too, nothing is left open or in flight. */
    private static void assertServes(ServerHarness s) throws Exception {
        try (RawClient next = new RawClient(s.port())) {
            assertThat(next.request(RawClient.get("/ok")).bodyText()).isEqualTo("ok");
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while ((s.server.stats().openConnections() > 0 || s.server.stats().inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(s.server.stats().openConnections()).as("open connections").isZero();
        assertThat(s.server.stats().inFlight()).as("requests in flight").isZero();
    }
}
