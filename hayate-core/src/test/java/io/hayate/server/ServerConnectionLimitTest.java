package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code maxConnections} (accepting pauses at the limit) and {@code maxInFlight} (handlers running at once). */
class ServerConnectionLimitTest {

    @AllModes
    void third_client_waits_until_one_of_two_closes(Mode mode) throws Exception {
        assumeTrue(mode != Mode.BLOCKING, "BLOCKING serves one connection at a time whatever the limit");
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withMaxConnections(2), app -> app.get("/", ctx -> "in"))) {
            RawClient first = s.connect();
            RawClient second = s.connect();
            assertThat(first.request(RawClient.get("/")).bodyText()).isEqualTo("in");
            assertThat(second.request(RawClient.get("/")).bodyText()).isEqualTo("in");

            RawClient third = s.connect(); // the kernel completes the handshake; the server does not accept it yet
            third.send(RawClient.get("/"));
            assertThat(third.awaitEnd(Duration.ofMillis(500))).as("third client before a slot frees").isEqualTo(RawClient.End.OPEN);
            assertThat(s.server.stats().openConnections()).isEqualTo(2);

            first.close();
            RawResponse r = third.read();
            assertThat(r.bodyText()).isEqualTo("in");
            assertThat(s.server.stats().acceptedConnections()).isEqualTo(3);
            assertThat(second.request(RawClient.get("/")).bodyText()).as("the others are unaffected").isEqualTo("in");
        }
    }

    @AllModes
    void no_more_than_max_in_flight_handlers_run_at_once(Mode mode) throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withMaxInFlight(2), app -> app
                .get("/async", ctx -> {
                    peak.accumulateAndGet(active.incrementAndGet(), Math::max);
                    return ctx.delay(Duration.ofMillis(150)).thenApply(x -> {
                        active.decrementAndGet();
                        return "done";
                    });
                })
                .get("/blocking", ctx -> {
                    peak.accumulateAndGet(active.incrementAndGet(), Math::max);
                    Thread.sleep(150);
                    active.decrementAndGet();
                    return "done";
                }))) {
            List<String> paths = new ArrayList<>(List.of("/async"));
            if (mode != Mode.LOOP) {
                paths.add("/blocking");
            }
            for (String path : paths) {
                peak.set(0);
                long t0 = System.nanoTime();
                List<RawClient> clients = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    clients.add(s.connect().send(RawClient.get(path)));
                }
                for (RawClient c : clients) {
                    assertThat(c.read().bodyText()).isEqualTo("done");
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(peak.get()).as(path + " peak concurrency").isEqualTo(mode == Mode.BLOCKING ? 1 : 2);
                assertThat(took).as("6 requests, 2 at a time, 150 ms each").isGreaterThanOrEqualTo(Duration.ofMillis(400));
                assertThat(s.server.stats().inFlight()).isZero();
            }
        }
    }
}
