package io.hayate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Body#queue()}, the article's {@code gevent.queue.Queue} body: any thread may put, before or after the handler
 * returned, and the chunks arrive in the order put; {@code close()} ends the response. Held requests answered by
 * puts from elsewhere make long polling.
 */
class StreamQueueBodyTest {

    @AllModes
    void puts_from_another_thread_before_and_after_the_handler_returns_arrive_in_order(Mode mode) throws Exception {
        StringBuilder expected = new StringBuilder("a;b;");
        for (int i = 0; i < 50; i++) {
            expected.append(i).append(';');
        }
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/queue", ctx -> {
                    QueueBody q = Body.queue();
                    q.put("a;");
                    q.put("b;");
                    Thread.ofPlatform().name("test-producer").start(() -> {
                        for (int i = 0; i < 50; i++) {
                            q.put(i + ";");
                            if (i % 10 == 0) {
                                sleep(5); // some puts land before the response started, some after
                            }
                        }
                        q.close();
                    });
                    return q;
                })
                .get("/plain", ctx -> "plain"));
             StreamClient client = new StreamClient(s.port())) {
            RawResponse head = client.send(RawClient.get("/queue")).readHead();
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(client.restOfBody()).as("every chunk, in order, then the last chunk").isEqualTo(expected.toString());
            if (s.keepsAlive()) {
                client.send(RawClient.get("/plain")).readHead();
                assertThat(new String(client.readExactly(5), UTF_8)).isEqualTo("plain");
            }
        }
    }

    @AllModes
    void a_queue_closed_before_the_handler_returns_sends_what_was_put(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/queue", ctx -> {
            QueueBody q = Body.queue();
            q.put("only");
            q.close();
            assertThat(q.put("after close")).isFalse();
            return q;
        })); StreamClient client = new StreamClient(s.port())) {
            client.send(RawClient.get("/queue")).readHead();
            assertThat(client.restOfBody()).isEqualTo("only");
        }
    }

    /** Not BLOCKING: it serves one connection at a time, so the publisher could not get in while the poll is held. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void a_held_request_is_answered_by_a_put_from_another_request(Mode mode) throws Exception {
        LinkedBlockingQueue<QueueBody> waiting = new LinkedBlockingQueue<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/poll", ctx -> {
                    QueueBody q = Body.queue();
                    waiting.add(q);
                    return q;
                })
                .post("/publish", ctx -> {
                    int n = 0;
                    for (QueueBody q; (q = waiting.poll()) != null; n++) {
                        q.put(ctx.bodyAsString());
                        q.close();
                    }
                    return "delivered to " + n;
                }));
             StreamClient poller = new StreamClient(s.port())) {
            RawResponse head = poller.send(RawClient.get("/poll")).readHead();
            assertThat(head.status()).isEqualTo(200);
            CompletableFuture<String> body = CompletableFuture.supplyAsync(() -> {
                try {
                    return poller.restOfBody();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            assertThat(body).as("held until something is published").isNotDone();

            try (RawClient publisher = new RawClient(s.port())) {
                assertThat(publisher.request(RawClient.post("/publish", "news")).bodyText()).isEqualTo("delivered to 1");
            }
            assertThat(body.get(3, TimeUnit.SECONDS)).isEqualTo("news");
        }
    }

    @AllModes
    void put_and_close_ends_the_body_with_that_chunk_before_and_after_the_response_started(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/early", ctx -> {
                    QueueBody q = Body.queue();
                    q.put("a;");
                    assertThat(q.putAndClose("last")).isTrue();
                    assertThat(q.putAndClose("again")).as("already closed").isFalse();
                    assertThat(q.put("after")).isFalse();
                    return q;
                })
                .get("/late", ctx -> {
                    QueueBody q = Body.queue();
                    q.put("a;");
                    Thread.ofPlatform().name("test-publisher").start(() -> {
                        sleep(100); // after the response started
                        assertThat(q.putAndClose("last")).isTrue();
                        assertThat(q.putAndClose("again")).isFalse();
                        assertThat(q.isOpen()).isFalse();
                    });
                    return q;
                })
                .get("/plain", ctx -> "plain"));
             StreamClient client = new StreamClient(s.port())) {
            for (String path : new String[] {"/early", "/late"}) {
                if (!s.keepsAlive() && !path.equals("/early")) {
                    break;
                }
                RawResponse head = client.send(RawClient.get(path)).readHead();
                assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(client.restOfBody()).as(path).isEqualTo("a;last");
            }
            if (s.keepsAlive()) {
                client.send(RawClient.get("/plain")).readHead();
                assertThat(new String(client.readExactly(5), UTF_8)).as("the connection stays usable").isEqualTo("plain");
            }
        }
    }

    @AllModes
    void offer_refuses_instead_of_waiting_when_the_client_is_behind(Mode mode) throws Exception {
        CompletableFuture<Integer> accepted = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withStreamHighWater(16 * 1024), app -> app.get("/queue", ctx -> {
            QueueBody q = Body.queue();
            Thread.ofPlatform().start(() -> {
                sleep(100); // after the response started
                String piece = "x".repeat(8 * 1024);
                int n = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (q.offer(piece) && System.nanoTime() < deadline) {
                    n++;
                }
                accepted.complete(n);
                q.close();
            });
            return q;
        })); StreamClient client = new StreamClient(s.port())) {
            client.send(RawClient.get("/queue"));
            int n = accepted.get(15, TimeUnit.SECONDS);
            assertThat((long) n * 8 * 1024).as("offered before the first refusal").isPositive().isLessThan(16L << 20);
            client.readHead();
            assertThat(client.restOfBody()).hasSize(n * 8 * 1024);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
