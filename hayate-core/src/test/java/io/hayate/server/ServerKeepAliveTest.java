package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Several requests on one connection; {@link Mode#BLOCKING} answers one and closes. */
class ServerKeepAliveTest {

    @AllModes
    void several_requests_share_one_connection(Mode mode) throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/n", ctx -> String.valueOf(n.incrementAndGet())))) {
            RawClient client = s.connect();
            if (!s.keepsAlive()) {
                RawResponse r = client.request(RawClient.get("/n"));
                assertThat(r.bodyText()).isEqualTo("1");
                assertThat(r.saysClose()).isTrue();
                client.assertClosed();
                return;
            }
            for (int i = 1; i <= 5; i++) {
                RawResponse r = client.request(RawClient.get("/n"));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo(String.valueOf(i));
                assertThat(r.header("Connection")).as("an HTTP/1.1 keep-alive response needs no Connection header").isNull();
            }
            client.assertOpenFor(Duration.ofMillis(100));
            assertThat(s.server.stats().acceptedConnections()).isEqualTo(1);
        }
    }

    @AllModes
    void connection_close_is_answered_then_closed(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/", ctx -> "bye"))) {
            RawClient client = s.connect();
            RawResponse r = client.request("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            assertThat(r.bodyText()).isEqualTo("bye");
            assertThat(r.saysClose()).isTrue();
            client.assertClosed();
        }
    }

    @AllModes
    void the_jdk_client_reuses_its_connection(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/", ctx -> "hi"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(s.get("/").body()).isEqualTo("hi");
            }
            assertThat(s.server.stats().acceptedConnections()).isEqualTo(s.keepsAlive() ? 1 : 3);
        }
    }
}
