package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** {@code Expect: 100-continue}: an interim 100 after the head, the final answer after the body. */
class ServerExpectContinueTest {

    @TempDir
    Path dir;

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .post("/echo", ctx -> ctx.body())
                .post("/length", ctx -> String.valueOf(ctx.body().length)));
    }

    @AllModes
    void interim_100_comes_before_the_body_is_sent(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse interim = client.read();
            assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(interim.headers()).isEmpty();
            client.send("hello");
            RawResponse r = client.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("hello");
        }
    }

    @AllModes
    void expectation_of_an_http_1_0_request_is_ignored(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request("POST /echo HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok");
            assertThat(r.status()).as("no interim 100 for HTTP/1.0 (RFC 9110 §10.1.1)").isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("ok");
        }
    }

    @AllModes
    void no_interim_100_without_a_body(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request("POST /length HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("0");
            if (s.keepsAlive()) {
                client.assertOpenFor(Duration.ofMillis(50)); // and no stray 100 after the answer
            }
        }
    }

    @AllModes
    void curl_waits_for_100_continue_before_a_large_body(Mode mode) throws Exception {
        Path file = dir.resolve("big.bin");
        Files.write(file, new byte[2 * 1024 * 1024 + 3]);
        try (ServerHarness s = start(mode)) {
            // curl adds Expect: 100-continue by itself to a body this large
            Curl.Result r = Curl.run("--data-binary", "@" + file, "-H", "Content-Type: application/octet-stream",
                    s.uri("/length").toString());
            assertThat(r.exitCode()).as(r.trace()).isZero();
            assertThat(r.trace()).contains("> Expect: 100-continue", "< HTTP/1.1 100 Continue", "< HTTP/1.1 200 OK");
            assertThat(r.bodyText()).isEqualTo(String.valueOf(2 * 1024 * 1024 + 3));
        }
    }
}
