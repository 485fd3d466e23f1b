package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.Mode;
import io.hayate.server.Server;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code limit(n)} (the article's asyncio.Semaphore) and {@code gather}: the server counts the requests it handles
 * at once, and the client never starts a thread per request.
 */
class HttpClientLimitTest {
    private final AtomicInteger inHandler = new AtomicInteger();
    private final AtomicInteger maxInHandler = new AtomicInteger();

    private Server slowServer(long millis) {
        return Servers.hayate(app -> app.get("/slow", ctx -> {
            int now = inHandler.incrementAndGet();
            maxInHandler.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(millis);
            } finally {
                inHandler.decrementAndGet();
            }
            return "slot " + ctx.queryParam("i");
        }));
    }

    private static List<ClientRequest> requests(Server server, int n) {
        return IntStream.range(0, n).mapToObj(i -> ClientRequest.get(Servers.url(server, "/slow?i=" + i))).toList();
    }

    @Test
    void limit_is_never_exceeded_and_gather_keeps_the_order() throws Exception {
        try (Server server = slowServer(100); HttpClient client = HttpClient.create()) {
            HttpClient five = client.limit(5);
            List<Outcome<ClientResponse>> results = five.gatherBlocking(requests(server, 30));

            assertThat(maxInHandler).as("at most 5 at once, and the limit was used").hasValue(5);
            for (int i = 0; i < 30; i++) {
                assertThat(results.get(i).get().bodyAsString()).isEqualTo("slot " + i);
            }
        }
    }

    @Test
    void the_articles_nine_requests_three_at_a_time_take_three_rounds() throws Exception {
        try (Server server = slowServer(200); HttpClient client = HttpClient.create()) {
            long t0 = System.nanoTime();
            List<Outcome<ClientResponse>> results = client.limit(3).gatherBlocking(requests(server, 9));
            long ms = (System.nanoTime() - t0) / 1_000_000;

            assertThat(results).allMatch(Outcome::isSuccess);
            assertThat(ms).isBetween(590L, 1500L);
            assertThat(maxInHandler).hasValue(3);
        }
    }

    @Test
    void a_view_of_a_view_obeys_both_limits_and_views_share_the_pool() throws Exception {
        try (Server server = slowServer(50); HttpClient client = HttpClient.create()) {
            HttpClient four = client.limit(4);
            HttpClient two = four.limit(2);
            CompletableFuture<List<Outcome<ClientResponse>>> a = two.gather(requests(server, 10));
            CompletableFuture<List<Outcome<ClientResponse>>> b = four.gather(requests(server, 10));
            assertThat(a.get()).allMatch(Outcome::isSuccess);
            assertThat(b.get()).allMatch(Outcome::isSuccess);
            assertThat(maxInHandler.get()).isLessThanOrEqualTo(4);
            assertThat(server.stats().acceptedConnections()).isLessThanOrEqualTo(4);
            two.close(); // closes nothing
            assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/slow?i=x"))).bodyAsString()).isEqualTo("slot x");
        }
    }

    @Test
    void gather_reports_each_failure_in_its_slot() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Server server = slowServer(10);
             RawServer garbage = new RawServer((conn, i) -> {
                 conn.readRequest();
                 conn.write("HTTP/1.1 OK 200\r\n\r\n");
             });
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(0))) {
            List<Outcome<ClientResponse>> results = client.limit(2).gatherBlocking(List.of(
                    ClientRequest.get(Servers.url(server, "/slow?i=0")),
                    ClientRequest.get("http://127.0.0.1:" + closedPort + "/"),
                    ClientRequest.get(garbage.url("/")),
                    ClientRequest.get(Servers.url(server, "/slow?i=3"))));

            assertThat(results.get(0).value().bodyAsString()).isEqualTo("slot 0");
            assertThat(results.get(1).failure()).isInstanceOf(java.net.ConnectException.class);
            assertThat(results.get(2).failure()).isInstanceOf(MalformedResponseException.class);
            assertThat(results.get(3).value().bodyAsString()).isEqualTo("slot 3");
        }
    }

    @Test
    void a_stream_holds_its_permit_until_it_is_closed() throws Exception {
        try (Server server = slowServer(1); HttpClient client = HttpClient.create()) {
            HttpClient one = client.limit(1);
            StreamingResponse stream = one.streamBlocking(ClientRequest.get(Servers.url(server, "/slow?i=s")));
            CompletableFuture<ClientResponse> next = one.send(ClientRequest.get(Servers.url(server, "/slow?i=n")));
            Thread.sleep(200);
            assertThat(next).as("waiting for the stream's permit").isNotDone();
            stream.close();
            assertThat(next.get(5, TimeUnit.SECONDS).bodyAsString()).isEqualTo("slot n");
        }
    }

    @Test
    void a_thousand_concurrent_requests_use_only_the_loop_threads() throws Exception {
        try (Server server = Servers.hayate(c -> c.withMode(Mode.LOOP), app -> app.get("/wait",
                    ctx -> ctx.delay(Duration.ofMillis(700)).thenApply(x -> "done")));
             HttpClient client = HttpClient.create()) {
            client.sendBlocking(ClientRequest.get(Servers.url(server, "/wait"))); // warm up
            var threads = ManagementFactory.getThreadMXBean();
            int before = threads.getThreadCount();
            java.util.Set<String> namesBefore = platformThreads();

            List<CompletableFuture<ClientResponse>> inFlight = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                inFlight.add(client.send(ClientRequest.get(Servers.url(server, "/wait"))));
            }
            Thread.sleep(400);
            int during = threads.getThreadCount();
            java.util.Set<String> started = platformThreads();
            started.removeAll(namesBefore);
            int open = client.stats().openConnections();
            for (CompletableFuture<ClientResponse> f : inFlight) {
                assertThat(f.get(20, TimeUnit.SECONDS).bodyAsString()).isEqualTo("done");
            }
            assertThat(open).as("all in flight at once").isEqualTo(1000);
            assertThat(started).as("threads started while 1000 requests were in flight").isEmpty();
            assertThat(during).as("platform threads").isLessThanOrEqualTo(before);
            assertThat(client.stats().threads()).isEqualTo(1);
        }
    }

    private static java.util.Set<String> platformThreads() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }
}
