package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Arrays;
import java.util.Random;

/** Request bodies framed by Content-Length or chunked, read as bytes, text or a form. */
class ServerRequestBodyTest {

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .post("/echo", ctx -> ctx.body())
                .post("/length", ctx -> String.valueOf(ctx.body().length))
                .post("/text", ctx -> ctx.bodyAsString())
                .post("/form", ctx -> ctx.formParam("name") + "|" + ctx.formParams().get("tag") + "|" + ctx.formParam("missing")));
    }

    @AllModes
    void content_length_body_is_echoed(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.post("/echo", "hello, body"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("hello, body");
            assertThat(r.header("Content-Length")).isEqualTo("11");
        }
    }

    @AllModes
    void empty_body_with_content_length_zero(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.post("/length", ""));
            assertThat(r.bodyText()).isEqualTo("0");
        }
    }

    @AllModes
    void chunked_body_is_echoed_without_its_framing(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            String request = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n"
                    + "1;ext=\"v\"\r\n,\r\n"
                    + "A\r\n 0123456789\r\n".replace(" ", "")
                    + "0\r\nX-Trailer: t\r\n\r\n";
            RawResponse r = s.connect().request(request);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("hello,0123456789");
        }
    }

    @AllModes
    void body_arriving_in_small_pieces_is_assembled(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            String request = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n";
            for (int i = 0; i < request.length(); i += 7) {
                client.send(request.substring(i, Math.min(request.length(), i + 7)));
                Thread.sleep(2);
            }
            assertThat(client.read().bodyText()).isEqualTo("abcdefg");
        }
    }

    @AllModes
    void large_body_arrives_whole(Mode mode) throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        try (ServerHarness s = start(mode)) {
            var r = s.http().send(HttpRequest.newBuilder(s.uri("/echo")).POST(BodyPublishers.ofByteArray(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Arrays.equals(r.body(), body)).as("echoed bytes equal the sent ones").isTrue();
        }
    }

    @AllModes
    void text_body_is_decoded_with_its_charset(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            var r = s.send(HttpRequest.newBuilder(s.uri("/text"))
                    .header("Content-Type", "text/plain; charset=ISO-8859-1")
                    .POST(BodyPublishers.ofString("café", java.nio.charset.StandardCharsets.ISO_8859_1)));
            assertThat(r.body()).isEqualTo("café");
        }
    }

    @AllModes
    void form_body_is_parsed(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            var r = s.send(HttpRequest.newBuilder(s.uri("/form"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(BodyPublishers.ofString("name=J%C3%BCrgen+Smith&tag=a&tag=b%26c")));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Jürgen Smith|[a, b&c]|null");
        }
    }
}
