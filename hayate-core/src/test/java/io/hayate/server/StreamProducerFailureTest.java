package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A producer that throws after the head went out: the client sees the body cut short (no last chunk, then the
 * close), never a stack trace; the server logs one line and goes on serving.
 */
class StreamProducerFailureTest {

    @AllModes
    void a_failing_producer_truncates_the_body_and_logs_one_line(Mode mode) throws Exception {
        for (String path : List.of("/stream", "/open", "/sse")) {
            try (LogCapture log = LogCapture.server();
                 ServerHarness s = ServerHarness.start(mode, app -> app
                         .get("/stream", ctx -> Body.stream(out -> {
                             out.write("partial");
                             throw new IllegalStateException("secret detail");
                         }))
                         .get("/open", ctx -> Body.open(out -> {
                             out.write("partial");
                             throw new IllegalStateException("secret detail");
                         }))
                         .get("/sse", ctx -> Body.sse(events -> {
                             events.send("partial");
                             throw new IllegalStateException("secret detail");
                         }))
                         .get("/ok", ctx -> "ok"));
                 StreamClient client = new StreamClient(s.port())) {
                RawResponse head = client.send(RawClient.get(path)).readHead();
                assertThat(head.status()).as(path).isEqualTo(200);
                String first = client.nextChunkText();
                assertThat(first).as(path).contains("partial");

                String rest = new String(client.readToEnd(), ISO_8859_1);
                assertThat(rest).as(path + ": no last chunk (0 CRLF CRLF) after the failure, only the close").isEmpty();

                List<LogRecord> lines = log.atLeast(Level.INFO);
                assertThat(lines).as(path + " log records").hasSize(1);
                assertThat(lines.get(0).getMessage()).contains("GET " + path).contains("secret detail").doesNotContain("\n");
                assertThat(lines.get(0).getThrown()).isNull();

                try (RawClient next = new RawClient(s.port())) {
                    assertThat(next.request(RawClient.get("/ok")).bodyText()).isEqualTo("ok");
                }
            }
        }
    }

    @AllModes
    void a_producer_that_throws_before_writing_still_ends_the_response(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/stream", ctx -> Body.stream(out -> {
            throw new IOException("backend down");
        }))); StreamClient client = new StreamClient(s.port())) {
            assertThat(client.send(RawClient.get("/stream")).readHead().status()).isEqualTo(200);
            assertThat(client.closedWithin(Duration.ofSeconds(3))).as("cut short: closed without a last chunk").isTrue();
        }
    }
}
