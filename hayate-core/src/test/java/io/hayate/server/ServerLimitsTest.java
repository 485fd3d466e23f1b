package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.http.HttpLimits;
import java.util.concurrent.atomic.AtomicInteger;

/** Configured size limits: body (413, decided before the body is read), request line (414), headers (431). */
class ServerLimitsTest {
    private static final HttpLimits SMALL = HttpLimits.DEFAULTS.withMaxBodySize(1024).withMaxRequestLine(100)
            .withMaxHeaderSize(256).withMaxHeaderCount(5);

    private final AtomicInteger calls = new AtomicInteger();

    private ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, c -> c.withLimits(SMALL), app -> app
                .post("/upload", ctx -> {
                    calls.incrementAndGet();
                    return String.valueOf(ctx.body().length);
                })
                .get("/{p}", ctx -> {
                    calls.incrementAndGet();
                    return "ok";
                }));
    }

    @AllModes
    void body_over_the_limit_is_refused_from_its_content_length_alone(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            // only the head: the 413 must come back without waiting for a gigabyte
            RawResponse r = client.request("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000000\r\n\r\n");
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.saysClose()).isTrue();
            client.assertClosed();
            assertThat(calls).hasValue(0);
        }
    }

    @AllModes
    void body_over_the_limit_gets_413_instead_of_100_continue(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 1025\r\nExpect: 100-continue\r\n\r\n");
            assertThat(r.status()).isEqualTo(413);
            client.assertClosed();
        }
    }

    @AllModes
    void body_at_the_limit_is_accepted(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.post("/upload", "x".repeat(1024)));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("1024");
        }
    }

    @AllModes
    void chunked_body_over_the_limit_is_refused(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            String chunk = "200\r\n" + "y".repeat(512) + "\r\n";
            RawResponse r = client.request("POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk + chunk + "1\r\nz\r\n0\r\n\r\n");
            assertThat(r.status()).isEqualTo(413);
            client.assertClosed();
            assertThat(calls).hasValue(0);
        }
    }

    @AllModes
    void request_line_over_the_limit_is_414(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            assertThat(client.request(RawClient.get("/" + "a".repeat(70))).status()).as("under the limit").isEqualTo(200);
            RawClient other = s.connect();
            RawResponse r = other.request(RawClient.get("/" + "a".repeat(100)));
            assertThat(r.status()).isEqualTo(414);
            other.assertClosed();
        }
    }

    @AllModes
    void headers_over_the_size_limit_are_431(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request("GET /a HTTP/1.1\r\nHost: test\r\nX-Big: " + "b".repeat(300) + "\r\n\r\n");
            assertThat(r.status()).isEqualTo(431);
            client.assertClosed();
            assertThat(calls).hasValue(0);
        }
    }

    @AllModes
    void headers_over_the_count_limit_are_431(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            String five = "Host: test\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n";
            assertThat(s.connect().request("GET /a HTTP/1.1\r\n" + five + "\r\n").status()).isEqualTo(200);
            RawClient client = s.connect();
            RawResponse r = client.request("GET /a HTTP/1.1\r\n" + five + "E: 5\r\n\r\n");
            assertThat(r.status()).isEqualTo(431);
            client.assertClosed();
        }
    }
}
