package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.server.Server;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keep-alive pooling: reuse, the per-origin maximum, idle eviction, dead and stale connections. Servers count accepts. */
class HttpClientPoolTest {

    @Test
    void sequential_requests_reuse_one_connection() throws Exception {
        try (Server server = Servers.hayate(app -> app.get("/", ctx -> "hi"));
             HttpClient client = HttpClient.create()) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/"))).bodyAsString()).isEqualTo("hi");
            }
            assertThat(server.stats().acceptedConnections()).isEqualTo(1);
            assertThat(client.stats().connectionsOpened()).isEqualTo(1);
            assertThat(client.stats().requests()).isEqualTo(5);
            assertThat(client.stats().idleConnections()).isEqualTo(1);
        }
    }

    @Test
    void the_jdk_server_sees_one_connection_too() throws Exception {
        try (Servers.Jdk jdk = new Servers.Jdk().route("/", ex -> Servers.Jdk.send(ex, 200, "jdk".getBytes()));
             HttpClient client = HttpClient.create()) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.sendBlocking(ClientRequest.get(jdk.url("/"))).bodyAsString()).isEqualTo("jdk");
            }
            assertThat(jdk.clientPorts).hasSize(1);
        }
    }

    @Test
    void concurrent_requests_open_at_most_the_maximum_per_origin() throws Exception {
        try (Server server = Servers.hayate(app -> app.get("/slow", ctx -> {
                Thread.sleep(100);
                return "ok";
            }));
             HttpClient client = HttpClient.create(ClientConfig.defaults().withMaxConnectionsPerOrigin(4))) {
            List<Outcome<ClientResponse>> all = client.gatherBlocking(Collections.nCopies(20, ClientRequest.get(Servers.url(server, "/slow"))));

            assertThat(all).allMatch(Outcome::isSuccess);
            assertThat(server.stats().acceptedConnections()).isEqualTo(4);
            assertThat(client.stats().connectionsOpened()).isEqualTo(4);
            assertThat(client.stats().idleConnections()).isEqualTo(4);
        }
    }

    @Test
    void idle_connections_are_closed_after_the_idle_timeout() throws Exception {
        try (Server server = Servers.hayate(app -> app.get("/", ctx -> "hi"));
             HttpClient client = HttpClient.create(ClientConfig.defaults().withIdleTimeout(Duration.ofMillis(200)))) {
            client.sendBlocking(ClientRequest.get(Servers.url(server, "/")));
            assertThat(client.stats().openConnections()).isEqualTo(1);
            Thread.sleep(500);
            assertThat(client.stats().openConnections()).isZero();
            assertThat(client.stats().idleConnections()).isZero();
            client.sendBlocking(ClientRequest.get(Servers.url(server, "/")));
            assertThat(server.stats().acceptedConnections()).isEqualTo(2);
        }
    }

    @Test
    void a_pooled_connection_the_server_closed_is_dropped_before_it_is_used() throws Exception {
        try (Server server = Servers.hayate(c -> c.withIdleTimeout(Duration.ofMillis(200)).withHeaderTimeout(Duration.ofMillis(200)), app -> app.get("/", ctx -> "hi"));
             HttpClient client = HttpClient.create()) {
            client.sendBlocking(ClientRequest.get(Servers.url(server, "/")));
            Thread.sleep(600); // the server closes its side; the client sees the EOF while the connection is idle
            assertThat(client.stats().openConnections()).isZero();
            assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/"))).bodyAsString()).isEqualTo("hi");
            assertThat(client.stats().retries()).as("nothing failed: no retry").isZero();
            assertThat(server.stats().acceptedConnections()).isEqualTo(2);
        }
    }

    /** The server answers one request per connection, then reads the next and closes without answering. */
    private static RawServer closesAfterOne() throws Exception {
        return new RawServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
            conn.readRequest();
            conn.socket.close();
        });
    }

    @Test
    void a_stale_connection_is_replaced_at_once_for_an_idempotent_request() throws Exception {
        try (RawServer raw = closesAfterOne(); HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(0))) {
            assertThat(client.sendBlocking(ClientRequest.get(raw.url("/a"))).bodyAsString()).isEqualTo("first");
            assertThat(client.sendBlocking(ClientRequest.get(raw.url("/b"))).bodyAsString()).as("re-sent on a new connection").isEqualTo("first");
            assertThat(raw.accepted()).isEqualTo(2);
            assertThat(raw.requests()).isEqualTo(3);
            assertThat(client.stats().retries()).isEqualTo(1);
        }
    }

    @Test
    void a_post_on_a_stale_connection_fails_and_is_not_re_sent() throws Exception {
        try (RawServer raw = closesAfterOne(); HttpClient client = HttpClient.create()) {
            client.sendBlocking(ClientRequest.get(raw.url("/a")));
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.post(raw.url("/b"), RequestBody.of("once"))))
                    .isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("POST " + raw.url("/b"))
                    .hasMessageContaining("closed the connection before responding")
                    .satisfies(e -> assertThat(((ConnectionClosedException) e).responseStarted()).isFalse());
            assertThat(raw.requests()).as("the POST reached the server once").isEqualTo(2);
            assertThat(raw.accepted()).isEqualTo(1);
        }
    }
}
