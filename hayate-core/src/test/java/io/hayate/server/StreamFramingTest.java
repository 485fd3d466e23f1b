package io.hayate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a streamed body is framed and what the connection does after it: chunked for HTTP/1.1 and kept alive, no body
 * at all for HEAD, unframed and ended by the close for HTTP/1.0.
 */
class StreamFramingTest {
    private static final Duration PAUSE = Duration.ofMillis(20);

    private static ServerHarness start(Mode mode, AtomicInteger produced) {
        Handler stream = StreamRoutes.startMiddleEnd(PAUSE, PAUSE);
        return ServerHarness.start(mode, app -> app
                .get("/stream", ctx -> {
                    produced.incrementAndGet();
                    return stream.handle(ctx);
                })
                .get("/plain", ctx -> "plain"));
    }

    @AllModes
    void the_connection_serves_the_next_request_after_a_finished_stream(Mode mode) throws Exception {
        try (ServerHarness s = start(mode, new AtomicInteger()); StreamClient client = new StreamClient(s.port())) {
            RawResponse head = client.send(RawClient.get("/stream")).readHead();
            assertThat(client.restOfBody()).isEqualTo("STARTMIDDLEEND");
            if (!s.keepsAlive()) {
                assertThat(head.saysClose()).isTrue();
                assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
                return;
            }
            assertThat(head.header("Connection")).isNull();
            assertThat(client.send(RawClient.get("/plain")).readHead().header("Content-Length")).isEqualTo("5");
            assertThat(new String(client.readExactly(5), UTF_8)).isEqualTo("plain");
        }
    }

    @AllModes
    void a_request_pipelined_behind_a_stream_is_answered_after_it(Mode mode) throws Exception {
        try (ServerHarness s = start(mode, new AtomicInteger()); StreamClient client = new StreamClient(s.port())) {
            client.send(RawClient.get("/stream") + RawClient.get("/plain"));
            client.readHead();
            assertThat(client.restOfBody()).isEqualTo("STARTMIDDLEEND");
            if (!s.keepsAlive()) {
                assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
                return;
            }
            assertThat(client.readHead().status()).isEqualTo(200);
            assertThat(new String(client.readExactly(5), UTF_8)).isEqualTo("plain");
        }
    }

    @AllModes
    void head_of_a_streamed_route_has_the_head_and_no_body(Mode mode) throws Exception {
        AtomicInteger produced = new AtomicInteger();
        try (ServerHarness s = start(mode, produced); StreamClient client = new StreamClient(s.port())) {
            RawResponse head = client.send("HEAD /stream HTTP/1.1\r\nHost: test\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            if (!s.keepsAlive()) {
                assertThat(client.closedWithin(Duration.ofSeconds(3))).as("closed with no body byte").isTrue();
                return;
            }
            // a body byte after the head would be read as the next status line
            RawResponse next = client.send(RawClient.get("/plain")).readHead();
            assertThat(next.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(new String(client.readExactly(5), UTF_8)).isEqualTo("plain");
            assertThat(produced).as("the handler ran for HEAD").hasValue(1);
        }
    }

    @AllModes
    void an_http_1_0_client_gets_the_bytes_unframed_and_then_the_close(Mode mode) throws Exception {
        try (ServerHarness s = start(mode, new AtomicInteger()); StreamClient client = new StreamClient(s.port())) {
            RawResponse head = client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Transfer-Encoding")).as("HTTP/1.0 has no chunked coding").isNull();
            assertThat(head.header("Content-Length")).isNull();
            assertThat(head.saysClose()).as("the close ends the body, keep-alive or not").isTrue();
            assertThat(new String(client.readToEnd(), UTF_8)).isEqualTo("STARTMIDDLEEND");
        }
    }
    /**
     * After a stream that ends with the connection (HTTP/1.0 here) and the client's close, the server lets go of the
     * connection at once, every time: it does not wait for its loop to be woken by something else.
     */
    @AllModes
    void the_server_releases_the_connection_as_soon_as_a_closing_stream_is_done(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/s", ctx -> Body.stream(out -> out.write("x"))))) {
            for (int i = 0; i < 100; i++) {
                try (StreamClient client = new StreamClient(s.port())) {
                    client.send("GET /s HTTP/1.0\r\n\r\n").readHead();
                    assertThat(client.readToEnd()).containsExactly('x');
                }
                long deadline = System.nanoTime() + 1_000_000_000L;
                while (s.server.stats().openConnections() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(s.server.stats().openConnections()).as("connections still open 1 s after response " + i).isZero();
            }
        }
    }
}
