package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.server.Body;
import io.hayate.server.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each timeout: connect, response head, whole request, a stalled body; each failing with its own exception. */
class HttpClientTimeoutTest {
    private static final ClientConfig NO_RETRIES = ClientConfig.defaults().withRetries(0);

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void connect_timeout_when_the_server_does_not_accept() throws Exception {
        // A listener whose accept queue is full drops further SYNs: a connect that neither succeeds nor fails.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
                    fillers.add(ch);
                }
                Thread.sleep(100);
                try (HttpClient client = HttpClient.create(NO_RETRIES.withConnectTimeout(Duration.ofMillis(300)))) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get("http://127.0.0.1:" + listener.getLocalPort() + "/")))
                            .isInstanceOf(ConnectTimeoutException.class)
                            .hasMessageContaining("no connection to 127.0.0.1:" + listener.getLocalPort() + " within 300 ms (connectTimeout)");
                    assertThat(millisSince(t0)).isBetween(250L, 2000L);
                    assertThat(client.stats().openConnections()).isZero();
                }
            } finally {
                for (SocketChannel ch : fillers) {
                    ch.close();
                }
            }
        }
    }

    @Test
    void headers_timeout_when_the_server_never_answers() throws Exception {
        try (RawServer raw = new RawServer((conn, i) -> {
                conn.readRequest();
                Thread.sleep(10_000);
            });
             HttpClient client = HttpClient.create(NO_RETRIES.withHeadersTimeout(Duration.ofMillis(300)))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(raw.url("/silent"))))
                    .isInstanceOf(ResponseTimeoutException.class)
                    .hasMessage("GET " + raw.url("/silent") + ": no response head within 300 ms (headersTimeout)")
                    .satisfies(e -> assertThat(((ResponseTimeoutException) e).headReceived()).isFalse());
            assertThat(millisSince(t0)).isBetween(250L, 2000L);
            assertThat(client.stats().openConnections()).as("the connection is discarded").isZero();
        }
    }

    @Test
    void request_timeout_covers_the_whole_body() throws Exception {
        try (Server server = Servers.hayate(app -> app.get("/trickle", ctx -> Body.stream(out -> {
                for (int i = 0; i < 50; i++) {
                    out.write("tick\n");
                    Thread.sleep(100);
                }
            })));
             HttpClient client = HttpClient.create(NO_RETRIES.withRequestTimeout(Duration.ofMillis(500)))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(Servers.url(server, "/trickle"))))
                    .isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("not complete within 500 ms (requestTimeout)");
            assertThat(millisSince(t0)).as("the body kept coming, but too slowly").isBetween(450L, 2000L);
            Thread.sleep(50);
            assertThat(client.stats().openConnections()).isZero();

            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(Servers.url(server, "/trickle")).withTimeout(Duration.ofMillis(200))))
                    .isInstanceOf(RequestTimeoutException.class).hasMessageContaining("within 200 ms (request timeout)");
        }
    }

    @Test
    void idle_timeout_when_the_body_stalls() throws Exception {
        try (RawServer raw = new RawServer((conn, i) -> {
                conn.readRequest();
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab");
                Thread.sleep(10_000);
            });
             HttpClient client = HttpClient.create(NO_RETRIES.withIdleTimeout(Duration.ofMillis(300)))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(raw.url("/stall"))))
                    .isInstanceOf(ResponseTimeoutException.class)
                    .hasMessageContaining("the response body stalled for 300 ms (idleTimeout)")
                    .satisfies(e -> assertThat(((ResponseTimeoutException) e).headReceived()).isTrue());
            assertThat(millisSince(t0)).isBetween(250L, 2000L);
            assertThat(raw.requests()).as("a response had started: never re-sent").isEqualTo(1);
        }
    }

    @Test
    void a_stream_request_timeout_stops_at_the_head() throws Exception {
        try (Server server = Servers.hayate(app -> app.get("/trickle", ctx -> Body.stream(out -> {
                for (int i = 0; i < 8; i++) {
                    out.write("tick\n");
                    Thread.sleep(100);
                }
            })));
             HttpClient client = HttpClient.create(NO_RETRIES.withRequestTimeout(Duration.ofMillis(300)))) {
            try (StreamingResponse r = client.streamBlocking(ClientRequest.get(Servers.url(server, "/trickle")))) {
                int n = 0;
                while (r.readBlocking() != null) {
                    n++;
                }
                assertThat(n).isPositive();
            }
        }
    }
}
