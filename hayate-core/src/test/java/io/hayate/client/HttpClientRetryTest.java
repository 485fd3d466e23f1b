package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.HttpDate;
import io.hayate.http.ResponseViolation;
import io.hayate.server.Server;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries: only idempotent requests, only before any response byte, with backoff; and Retry-After on 429/503. */
class HttpClientRetryTest {

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Closes the first {@code failures} connections after reading their request; answers on later ones. */
    private static RawServer failingFirst(int failures) throws Exception {
        return new RawServer((conn, index) -> {
            while (conn.readRequest() != null) {
                if (index < failures) {
                    conn.socket.close();
                    return;
                }
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        });
    }

    @Test
    void an_idempotent_request_is_re_sent_with_exponential_backoff() throws Exception {
        try (RawServer raw = failingFirst(2);
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(2).withRetryBackoff(Duration.ofMillis(100)))) {
            long t0 = System.nanoTime();
            ClientResponse r = client.sendBlocking(ClientRequest.get(raw.url("/")));
            assertThat(r.bodyAsString()).isEqualTo("ok");
            assertThat(millisSince(t0)).as("100 ms, then 200 ms").isGreaterThanOrEqualTo(290);
            assertThat(raw.requests()).isEqualTo(3);
            assertThat(client.stats().retries()).isEqualTo(2);
        }
    }

    @Test
    void a_post_is_never_re_sent() throws Exception {
        try (RawServer raw = failingFirst(1); HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(3))) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.post(raw.url("/"), RequestBody.of("pay once"))))
                    .isInstanceOf(ConnectionClosedException.class);
            assertThat(raw.requests()).isEqualTo(1);
            assertThat(client.stats().retries()).isZero();
        }
    }

    @Test
    void retries_give_up_with_the_last_failure() throws Exception {
        try (RawServer raw = failingFirst(100);
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(2).withRetryBackoff(Duration.ofMillis(10)))) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(raw.url("/"))))
                    .isInstanceOf(ConnectionClosedException.class).hasMessageContaining("before responding");
            assertThat(raw.requests()).isEqualTo(3);
        }
    }

    @Test
    void a_headers_timeout_re_sends_a_get_but_not_a_post() throws Exception {
        try (RawServer raw = new RawServer((conn, i) -> {
                conn.readRequest();
                Thread.sleep(5_000);
            });
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(2).withRetryBackoff(Duration.ofMillis(10))
                     .withHeadersTimeout(Duration.ofMillis(150)))) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(raw.url("/")))).isInstanceOf(ResponseTimeoutException.class);
            assertThat(raw.requests()).isEqualTo(3);
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.post(raw.url("/"), RequestBody.of("x"))))
                    .isInstanceOf(ResponseTimeoutException.class);
            assertThat(raw.requests()).isEqualTo(4);
        }
    }

    @Test
    void nothing_is_re_sent_once_a_response_byte_arrived() throws Exception {
        try (RawServer raw = new RawServer((conn, i) -> {
                conn.readRequest();
                conn.write("HTTP/1.1 200 OK\r\nContent-Le");
                conn.socket.close();
            });
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(3))) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(raw.url("/"))))
                    .isInstanceOf(MalformedResponseException.class)
                    .satisfies(e -> assertThat(((MalformedResponseException) e).violation()).isEqualTo(ResponseViolation.TRUNCATED_HEAD));
            assertThat(raw.requests()).isEqualTo(1);
        }
    }

    @Test
    void retry_after_in_seconds_is_waited_for_then_the_request_re_sent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Server server = Servers.hayate(app -> app.get("/busy", ctx -> calls.incrementAndGet() == 1
                    ? ctx.status(429).header("Retry-After", "1").text("slow down") : "welcome"));
             HttpClient client = HttpClient.create()) {
            long t0 = System.nanoTime();
            ClientResponse r = client.sendBlocking(ClientRequest.get(Servers.url(server, "/busy")));
            assertThat(r.bodyAsString()).isEqualTo("welcome");
            assertThat(millisSince(t0)).isBetween(950L, 2500L);
            assertThat(calls).hasValue(2);
            assertThat(server.stats().acceptedConnections()).as("the 429's body was read: the connection was reused").isEqualTo(1);
        }
    }

    @Test
    void retry_after_as_an_http_date_on_503() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Server server = Servers.hayate(app -> app.get("/maintenance", ctx -> calls.incrementAndGet() == 1
                    ? ctx.status(503).header("Retry-After", HttpDate.format(System.currentTimeMillis() / 1000 + 2)).text("later")
                    : "back"));
             HttpClient client = HttpClient.create()) {
            long t0 = System.nanoTime();
            assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/maintenance"))).bodyAsString()).isEqualTo("back");
            assertThat(millisSince(t0)).as("the date is whole seconds: 1 to 2 s ahead").isBetween(900L, 3000L);
        }
    }

    @Test
    void retry_after_is_not_waited_for_when_too_long_or_not_idempotent() throws Exception {
        try (Server server = Servers.hayate(app -> app
                    .get("/far", ctx -> ctx.status(429).header("Retry-After", "3600").text("tomorrow"))
                    .post("/busy", ctx -> ctx.status(429).header("Retry-After", "1").text("no")));
             HttpClient client = HttpClient.create(ClientConfig.defaults().withMaxRetryDelay(Duration.ofSeconds(10)))) {
            long t0 = System.nanoTime();
            assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/far"))).status()).isEqualTo(429);
            assertThat(client.sendBlocking(ClientRequest.post(Servers.url(server, "/busy"), RequestBody.of("x"))).status()).isEqualTo(429);
            assertThat(millisSince(t0)).isLessThan(900);
        }
    }
}
