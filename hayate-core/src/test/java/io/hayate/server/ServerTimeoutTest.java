package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The header-read timeout (slowloris) and the keep-alive idle timeout, with small configured values. */
class ServerTimeoutTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(300);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(500);

    private final AtomicInteger calls = new AtomicInteger();

    private ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, c -> c.withHeaderTimeout(HEADER_TIMEOUT).withIdleTimeout(IDLE_TIMEOUT),
                app -> app.get("/", ctx -> "hi " + calls.incrementAndGet()).post("/", ctx -> "posted " + calls.incrementAndGet()));
    }

    @AllModes
    void trickled_head_gets_408_and_is_closed(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            long t0 = System.nanoTime();
            client.send("GET / HTTP/1.1\r\n");
            try (Trickler t = new Trickler(client, "X-Slow: header\r\n", 50)) {
                RawResponse r = client.read();
                Duration took = since(t0);
                assertThat(r.status()).as(r.toString()).isEqualTo(408);
                assertThat(r.saysClose()).isTrue();
                assertThat(took).as("the head keeps arriving, but too slowly").isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
                client.assertClosed();
            }
            assertThat(calls).hasValue(0);
            assertThat(s.connect().request(RawClient.get("/")).status()).isEqualTo(200);
        }
    }

    @AllModes
    void slow_head_on_a_kept_alive_connection_gets_408(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            assertThat(client.request(RawClient.get("/")).status()).isEqualTo(200);
            if (!s.keepsAlive()) {
                client.assertClosed();
                return;
            }
            Thread.sleep(200); // idle, but less than the idle timeout
            long t0 = System.nanoTime();
            client.send("GET / HTTP/1.1\r\n");
            try (Trickler t = new Trickler(client, "X-Slow: header\r\n", 50)) {
                RawResponse r = client.read();
                assertThat(r.status()).isEqualTo(408);
                assertThat(since(t0)).as("counted from the head's first byte").isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
                client.assertClosed();
            }
        }
    }

    @AllModes
    void silent_connection_is_closed_after_the_header_timeout(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            long t0 = System.nanoTime();
            RawClient.End end = client.awaitEnd(Duration.ofSeconds(3));
            if (end == RawClient.End.DATA) { // answering 408 to a client that said nothing is allowed too
                assertThat(client.read().status()).isEqualTo(408);
                end = client.awaitEnd(Duration.ofSeconds(3));
            }
            assertThat(end).isEqualTo(RawClient.End.EOF);
            assertThat(since(t0)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
        }
    }

    @AllModes
    void idle_keep_alive_connection_is_closed_after_the_idle_timeout(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            assertThat(client.request(RawClient.get("/")).status()).isEqualTo(200);
            long t0 = System.nanoTime();
            client.assertClosed();
            if (s.keepsAlive()) {
                assertThat(since(t0)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(2));
            }
        }
    }

    @AllModes
    void every_request_restarts_the_idle_clock(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            if (!s.keepsAlive()) {
                return;
            }
            RawClient client = s.connect();
            for (int i = 0; i < 4; i++) { // 4 × 200 ms: longer than the idle timeout in total
                assertThat(client.request(RawClient.get("/")).status()).isEqualTo(200);
                Thread.sleep(200);
            }
            assertThat(client.request(RawClient.get("/")).status()).isEqualTo(200);
        }
    }

    @AllModes
    void body_that_stops_arriving_gets_408(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");
            long t0 = System.nanoTime();
            RawResponse r = client.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(since(t0)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
            client.assertClosed();
            assertThat(calls).hasValue(0);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Sends a header line every few milliseconds until closed or the server stops listening. */
    private static final class Trickler implements AutoCloseable {
        private final Thread thread;

        Trickler(RawClient client, String line, long everyMs) {
            thread = Thread.ofPlatform().daemon().name("test-trickler").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(everyMs);
                        client.send(line);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed, or the test is done
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(1000);
        }
    }
}
