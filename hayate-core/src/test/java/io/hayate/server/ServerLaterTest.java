package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ctx.later(d, task)} runs the task on the event loop after the response went out; it does not delay it. */
class ServerLaterTest {

    record Ran(String thread, long requestsAnswered) {}

    @AllModes
    void later_runs_on_the_loop_after_the_response(Mode mode) throws Exception {
        CompletableFuture<Ran> ran = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        Server[] server = new Server[1];
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/", ctx -> {
            ctx.later(Duration.ofMillis(500), () -> ran.complete(new Ran(Thread.currentThread().getName(),
                    server[0].stats().requests())));
            started.set(true);
            return "answered first";
        }))) {
            server[0] = s.server;
            RawResponse r = s.connect().request(RawClient.get("/"));
            assertThat(r.bodyText()).isEqualTo("answered first");
            assertThat(ran).as("the task waits for its delay, not the response for the task").isNotDone();

            Ran task = ran.get(5, TimeUnit.SECONDS);
            assertThat(task.thread()).startsWith("hayate-loop-");
            assertThat(task.requestsAnswered()).isEqualTo(1);
        }
    }
}
