package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

/** What a handler can answer: status, headers, text, bytes, HttpError, a CompletionStage; Date and Server always. */
class ServerResponseTest {

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .get("/text", ctx -> "plain")
                .get("/built", ctx -> ctx.status(201).header("X-One", "1").addHeader("X-Multi", "a").addHeader("X-Multi", "b")
                        .contentType("application/json").text("{\"ok\":true}"))
                .get("/bytes", ctx -> new byte[] {0, 1, 2, (byte) 255})
                .get("/html", ctx -> ctx.html("<p>hi</p>"))
                .get("/framing", ctx -> ctx.header("Content-Length", "999").header("Transfer-Encoding", "chunked")
                        .header("Connection", "close").text("four"))
                .get("/forbidden", ctx -> {
                    throw new HttpError(403, "members only");
                })
                .get("/later", ctx -> ctx.delay(Duration.ofMillis(100)).thenApply(x -> "after delay"))
                .get("/other-thread", ctx -> CompletableFuture.supplyAsync(() -> "from elsewhere"))
                .get("/nested", ctx -> CompletableFuture.completedFuture(CompletableFuture.completedFuture("nested")))
                .get("/async-error", ctx -> ctx.delay(Duration.ofMillis(10)).thenApply(x -> {
                    throw new HttpError(409, "conflict later");
                }))
                .get("/no-content", ctx -> ctx.status(204)));
    }

    @AllModes
    void status_headers_and_content_type_are_sent(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.get("/built"));
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 201 Created");
            assertThat(r.header("X-One")).isEqualTo("1");
            assertThat(r.headers("X-Multi")).containsExactly("a", "b");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.bodyText()).isEqualTo("{\"ok\":true}");
        }
    }

    @AllModes
    void text_bytes_and_html_bodies_get_their_content_types(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse text = s.connect().request(RawClient.get("/text"));
            assertThat(text.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(text.header("Content-Length")).isEqualTo("5");
            RawResponse bytes = s.connect().request(RawClient.get("/bytes"));
            assertThat(bytes.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(bytes.body()).containsExactly(0, 1, 2, 255);
            RawResponse html = s.connect().request(RawClient.get("/html"));
            assertThat(html.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        }
    }

    @AllModes
    void handler_cannot_break_the_framing(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request(RawClient.get("/framing"));
            assertThat(r.headers("Content-Length")).containsExactly("4");
            assertThat(r.header("Transfer-Encoding")).isNull();
            assertThat(r.bodyText()).isEqualTo("four");
            if (s.keepsAlive()) {
                assertThat(r.header("Connection")).isNull();
                assertThat(client.request(RawClient.get("/text")).bodyText()).isEqualTo("plain");
            }
        }
    }

    @AllModes
    void date_and_server_headers_are_present(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.get("/text"));
            assertThat(r.headers("Server")).containsExactly("hayate");
            assertThat(r.headers("Date")).hasSize(1);
            ZonedDateTime date = ZonedDateTime.parse(r.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME);
            assertThat(Duration.between(date, ZonedDateTime.now()).abs()).isLessThan(Duration.ofSeconds(5));
            RawResponse error = s.connect().request(RawClient.get("/missing"));
            assertThat(error.header("Date")).isNotNull();
            assertThat(error.header("Server")).isEqualTo("hayate");
        }
    }

    @AllModes
    void http_error_answers_with_its_status_and_message(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.get("/forbidden"));
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(r.bodyText()).isEqualTo("403 Forbidden: members only\n");
            assertThat(s.server.stats().handlerErrors()).as("an HttpError is an answer, not a failure").isZero();
        }
    }

    @AllModes
    void completion_stage_is_answered_when_it_completes(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            long t0 = System.nanoTime();
            assertThat(s.get("/later").body()).isEqualTo("after delay");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
            assertThat(s.get("/other-thread").body()).isEqualTo("from elsewhere");
            assertThat(s.get("/nested").body()).isEqualTo("nested");
            var r = s.get("/async-error");
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("conflict later");
        }
    }

    @AllModes
    void no_content_has_no_body_and_no_framing(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request(RawClient.get("/no-content"));
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.header("Content-Type")).isNull();
            if (s.keepsAlive()) {
                assertThat(client.request(RawClient.get("/text")).bodyText()).isEqualTo("plain");
            } else {
                client.assertClosed();
            }
        }
    }
}
