package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** HTTP/1.0 clients (close unless they ask to keep alive) and HTTP/1.x minor versions above 1 (served as 1.1). */
class ServerHttp10Test {

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .get("/", ctx -> ctx.protocol())
                .post("/echo", ctx -> ctx.body()));
    }

    @AllModes
    void http_1_0_request_is_answered_and_closed(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request("GET / HTTP/1.0\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("HTTP/1.0");
            assertThat(r.saysClose()).isTrue();
            assertThat(r.header("Content-Length")).isEqualTo("8");
            client.assertClosed();
        }
    }

    @AllModes
    void http_1_0_keep_alive_is_honoured_when_asked(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            String request = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
            RawResponse r = client.request(request);
            assertThat(r.bodyText()).isEqualTo("HTTP/1.0");
            if (!s.keepsAlive()) {
                assertThat(r.saysClose()).isTrue();
                client.assertClosed();
                return;
            }
            assertThat(r.header("Connection")).isEqualTo("keep-alive");
            client.assertOpenFor(Duration.ofMillis(50));
            RawResponse second = client.request("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(second.bodyText()).isEqualTo("abc");
            assertThat(second.header("Connection")).isEqualTo("keep-alive");
            RawResponse last = client.request("GET / HTTP/1.0\r\n\r\n");
            assertThat(last.saysClose()).isTrue();
            client.assertClosed();
        }
    }

    @AllModes
    void http_1_2_is_served_as_http_1_1(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request("GET / HTTP/1.2\r\nHost: test\r\n\r\n");
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.bodyText()).isEqualTo("HTTP/1.1");
            if (s.keepsAlive()) {
                assertThat(r.header("Connection")).isNull();
                assertThat(client.request("GET / HTTP/1.9\r\nHost: test\r\n\r\n").bodyText()).isEqualTo("HTTP/1.1");
            }
        }
    }
}
