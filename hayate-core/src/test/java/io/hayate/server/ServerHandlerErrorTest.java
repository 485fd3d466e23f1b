package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** A handler that throws: 500 with no stack trace on the wire, one log line, and the server goes on. */
class ServerHandlerErrorTest {

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .get("/boom", ctx -> {
                    throw new IllegalStateException("secret detail");
                })
                .get("/async-boom", ctx -> ctx.delay(Duration.ofMillis(10)).thenApply(x -> {
                    throw new IllegalStateException("secret detail");
                }))
                .get("/failed-stage", ctx -> CompletableFuture.failedFuture(new java.io.IOException("secret detail")))
                .get("/bad-result", ctx -> 42)
                .get("/ok", ctx -> "ok"));
    }

    @AllModes
    void handler_exception_is_500_without_stack_trace_and_one_log_line(Mode mode) throws Exception {
        for (String path : new String[] {"/boom", "/async-boom", "/failed-stage", "/bad-result"}) {
            try (LogCapture log = LogCapture.server(); ServerHarness s = start(mode)) {
                RawClient client = s.connect();
                RawResponse r = client.request(RawClient.get(path));

                assertThat(r.status()).as(path).isEqualTo(500);
                assertThat(r.bodyText()).isEqualTo("500 Internal Server Error\n");
                assertThat(s.server.stats().handlerErrors()).isEqualTo(1);
                var warnings = log.atLeast(Level.INFO);
                assertThat(warnings).as(path + " log records").hasSize(1);
                LogRecord line = warnings.get(0);
                assertThat(line.getMessage()).contains("GET " + path).doesNotContain("\n");
                assertThat(line.getThrown()).as("no stack trace in the log line").isNull();

                RawClient next = s.keepsAlive() ? client : s.connect();
                assertThat(next.request(RawClient.get("/ok")).bodyText()).isEqualTo("ok");
            }
        }
    }
}
