package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A streamed body whose length the handler announced goes with Content-Length instead of chunked, and is held to it. */
class StreamFixedLengthTest {

    private static Body tenBytes(Context ctx) {
        ctx.header("Content-Length", "10");
        if (ctx.mode() == Mode.LOOP) {
            return Body.open(out -> {
                out.write("hello");
                ctx.later(Duration.ofMillis(50), () -> {
                    out.write("world");
                    out.close();
                });
            });
        }
        return Body.stream(out -> {
            out.write("hello");
            Thread.sleep(50);
            out.write("world");
        });
    }

    @AllModes
    void announced_length_replaces_chunked_framing_and_keeps_the_connection(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/ten", StreamFixedLengthTest::tenBytes).get("/ok", ctx -> "ok"));
             RawClient c = s.connect()) {
            RawResponse r = c.request(RawClient.get("/ten"));
            assertThat(r.header("Content-Length")).isEqualTo("10");
            assertThat(r.header("Transfer-Encoding")).isNull();
            assertThat(r.bodyText()).isEqualTo("helloworld");
            if (s.keepsAlive()) {
                assertThat(c.request(RawClient.get("/ok")).bodyText()).isEqualTo("ok");
            }
        }
    }

    @AllModes
    void http_1_0_client_with_an_announced_length_may_keep_the_connection(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/ten", StreamFixedLengthTest::tenBytes));
             RawClient c = s.connect()) {
            RawResponse r = c.request("GET /ten HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(r.bodyText()).isEqualTo("helloworld");
            if (s.keepsAlive()) {
                assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
                c.assertOpenFor(Duration.ofMillis(200));
            }
        }
    }

    @AllModes
    void writing_past_the_announced_length_is_refused(Mode mode) throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/over", ctx -> {
            ctx.header("Content-Length", "3");
            return Body.open(out -> {
                try {
                    out.write("four");
                    refused.complete(null);
                } catch (RuntimeException e) {
                    refused.complete(e);
                }
                out.write("abc");
                out.close();
            });
        }));
             RawClient c = s.connect()) {
            RawResponse r = c.request(RawClient.get("/over"));
            assertThat(r.bodyText()).isEqualTo("abc");
            assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exceeds the announced Content-Length");
        }
    }

    @AllModes
    void closing_short_of_the_announced_length_drops_the_connection(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/short", ctx -> {
            ctx.header("Content-Length", "10");
            return Body.open(out -> {
                out.write("hello");
                out.close();
            });
        }));
             RawClient c = s.connect()) {
            c.send(RawClient.get("/short"));
            assertThatThrownBy(c::read).isInstanceOf(EOFException.class).hasMessageContaining("after 5 of 10");
        }
    }
}
