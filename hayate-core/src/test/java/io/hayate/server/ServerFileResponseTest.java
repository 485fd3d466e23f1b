package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;

/** Files sent with zero-copy transferTo: right length, right bytes, right type; HEAD gives the length only. */
class ServerFileResponseTest {
    private static final int SIZE = 2 * 1024 * 1024 + 123; // more than a socket buffer: partial writes happen

    @TempDir
    Path dir;

    private ServerHarness start(Mode mode, Path file) {
        return ServerHarness.start(mode, app -> app
                .get("/file", ctx -> file)
                .get("/ctx-file", ctx -> ctx.file(dir.resolve("page.html")))
                .get("/missing", ctx -> dir.resolve("nope.txt"))
                .get("/text", ctx -> "after"));
    }

    private Path randomFile() throws Exception {
        byte[] bytes = new byte[SIZE];
        new Random(42).nextBytes(bytes);
        Path file = dir.resolve("data.bin");
        Files.write(file, bytes);
        Files.writeString(dir.resolve("page.html"), "<h1>page</h1>");
        return file;
    }

    @AllModes
    void file_is_sent_whole_with_its_length(Mode mode) throws Exception {
        Path file = randomFile();
        try (ServerHarness s = start(mode, file)) {
            RawClient client = s.connect();
            RawResponse r = client.request(RawClient.get("/file"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
            assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(Arrays.equals(r.body(), Files.readAllBytes(file))).as("bytes equal the file").isTrue();
            if (s.keepsAlive()) {
                assertThat(client.request(RawClient.get("/text")).bodyText()).as("framing intact after the file").isEqualTo("after");
            }
        }
    }

    @AllModes
    void head_of_a_file_has_its_length_and_no_body(Mode mode) throws Exception {
        Path file = randomFile();
        try (ServerHarness s = start(mode, file)) {
            RawClient client = s.connect();
            RawResponse r = client.send("HEAD /file HTTP/1.1\r\nHost: test\r\n\r\n").readHeadResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
            if (s.keepsAlive()) {
                assertThat(client.request(RawClient.get("/text")).bodyText()).isEqualTo("after");
            } else {
                client.assertClosed();
            }
        }
    }

    @AllModes
    void content_type_is_guessed_from_the_name(Mode mode) throws Exception {
        Path file = randomFile();
        try (ServerHarness s = start(mode, file)) {
            var r = s.get("/ctx-file");
            assertThat(r.body()).isEqualTo("<h1>page</h1>");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        }
    }

    @AllModes
    void missing_file_is_404(Mode mode) throws Exception {
        Path file = randomFile();
        try (ServerHarness s = start(mode, file)) {
            assertThat(s.get("/missing").statusCode()).isEqualTo(404);
        }
    }

    @AllModes
    void the_jdk_client_and_curl_download_the_same_bytes(Mode mode) throws Exception {
        Path file = randomFile();
        try (ServerHarness s = start(mode, file)) {
            byte[] expected = Files.readAllBytes(file);
            for (int i = 0; i < 2; i++) {
                var r = s.http().send(HttpRequest.newBuilder(s.uri("/file")).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(Arrays.equals(r.body(), expected)).isTrue();
            }
            Curl.Result c = Curl.run(s.uri("/file").toString());
            assertThat(c.exitCode()).as(c.trace()).isZero();
            assertThat(Arrays.equals(c.body(), expected)).isTrue();
        }
    }
}
