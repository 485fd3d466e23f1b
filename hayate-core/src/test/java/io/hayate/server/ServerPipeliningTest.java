package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests sent in one write before any answer: responses leave in request order, whatever each handler takes.
 * {@link Mode#BLOCKING} answers the first with {@code Connection: close} and drops the rest.
 */
class ServerPipeliningTest {

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .get("/n/{n}", ctx -> ctx.pathParam("n"))
                .post("/echo", ctx -> ctx.body())
                .get("/async/{ms}", ctx -> ctx.delay(Duration.ofMillis(Long.parseLong(ctx.pathParam("ms"))))
                        .thenApply(x -> "async" + ctx.pathParam("ms")))
                .get("/sleep/{ms}", ctx -> {
                    Thread.sleep(Long.parseLong(ctx.pathParam("ms")));
                    return "sleep" + ctx.pathParam("ms");
                }));
    }

    @AllModes
    void pipelined_requests_are_answered_in_order(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            assertAnsweredInOrder(s, RawClient.get("/n/1") + RawClient.get("/n/2") + RawClient.get("/n/3"), "1", "2", "3");
        }
    }

    @AllModes
    void pipelined_requests_with_bodies_are_answered_in_order(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            String chunked = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nchu\r\n4\r\nnked\r\n0\r\n\r\n";
            assertAnsweredInOrder(s, RawClient.post("/echo", "first body") + chunked + RawClient.get("/n/3"),
                    "first body", "chunked", "3");
        }
    }

    @AllModes
    void a_slow_async_handler_does_not_let_later_answers_overtake_it(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            assertAnsweredInOrder(s, RawClient.get("/async/300") + RawClient.get("/n/2") + RawClient.get("/async/50"),
                    "async300", "2", "async50");
        }
    }

    @AllModes
    void a_slow_blocking_handler_does_not_let_later_answers_overtake_it(Mode mode) throws Exception {
        assumeTrue(mode != Mode.LOOP, "a LOOP handler must not block");
        try (ServerHarness s = start(mode)) {
            assertAnsweredInOrder(s, RawClient.get("/sleep/300") + RawClient.get("/n/2") + RawClient.get("/sleep/20"),
                    "sleep300", "2", "sleep20");
        }
    }

    @AllModes
    void requests_after_connection_close_are_not_served(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            client.send("GET /n/1 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n" + RawClient.get("/n/2"));
            RawResponse r = client.read();
            assertThat(r.bodyText()).isEqualTo("1");
            assertThat(r.saysClose()).isTrue();
            client.assertClosed();
            assertThat(s.server.stats().requests()).isEqualTo(1);
        }
    }

    @AllModes
    void many_pipelined_requests_in_one_write_are_all_answered(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            StringBuilder all = new StringBuilder();
            String[] expected = new String[200];
            for (int i = 0; i < expected.length; i++) {
                all.append(RawClient.get("/n/" + i));
                expected[i] = String.valueOf(i);
            }
            assertAnsweredInOrder(s, all.toString(), expected);
        }
    }

    private static void assertAnsweredInOrder(ServerHarness s, String requests, String... bodies) throws Exception {
        RawClient client = s.connect();
        client.send(requests);
        if (!s.keepsAlive()) {
            RawResponse r = client.read();
            assertThat(r.bodyText()).isEqualTo(bodies[0]);
            assertThat(r.saysClose()).isTrue();
            client.assertClosed();
            return;
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            RawResponse r = client.read();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            got.add(r.bodyText());
        }
        assertThat(got).containsExactly(bodies);
        client.assertOpenFor(Duration.ofMillis(50));
    }
}
