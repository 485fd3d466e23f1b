package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.Server;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Token-bucket rate limits, measured by the server's arrival times; Retry-After stops the whole bucket. */
class HttpClientRateLimitTest {
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

    private Server recordingServer() {
        return Servers.hayate(app -> app.get("/", ctx -> {
            arrivals.add(System.nanoTime());
            return "ok";
        }));
    }

    private static double perSecond(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        return (sorted.size() - 1) / ((sorted.get(sorted.size() - 1) - sorted.get(0)) / 1e9);
    }

    @Test
    void requests_start_at_the_configured_rate_within_ten_percent() throws Exception {
        try (Server server = recordingServer();
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRateLimit(RateLimit.perSecond(20)))) {
            List<Outcome<ClientResponse>> all = client.gatherBlocking(Collections.nCopies(61, ClientRequest.get(Servers.url(server, "/")))); // 3 s

            assertThat(all).allMatch(Outcome::isSuccess);
            assertThat(perSecond(List.copyOf(arrivals))).isBetween(18.0, 22.0);
        }
    }

    @Test
    void a_burst_goes_at_once_then_the_rate_holds() throws Exception {
        try (Server server = recordingServer();
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRateLimit(RateLimit.perSecond(10).withBurst(5)))) {
            client.sendBlocking(ClientRequest.get(Servers.url(server, "/"))); // connection up; the bucket is reset by the wait below
            Thread.sleep(600);
            arrivals.clear();
            long t0 = System.nanoTime();
            client.gatherBlocking(Collections.nCopies(15, ClientRequest.get(Servers.url(server, "/"))));
            List<Long> sorted = arrivals.stream().sorted().toList();
            assertThat((sorted.get(4) - t0) / 1e6).as("five at once").isLessThan(150);
            assertThat(perSecond(sorted.subList(5, 15))).isBetween(9.0, 11.0);
        }
    }

    @Test
    void a_rate_per_origin_counts_each_origin_apart() throws Exception {
        ConcurrentLinkedQueue<Long> other = new ConcurrentLinkedQueue<>();
        try (Server a = recordingServer();
             Server b = Servers.hayate(app -> app.get("/", ctx -> {
                 other.add(System.nanoTime());
                 return "ok";
             }));
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRateLimit(RateLimit.perSecond(10).forEachOrigin()))) {
            long t0 = System.nanoTime();
            CompletableFuture<List<Outcome<ClientResponse>>> fa = client.gather(Collections.nCopies(11, ClientRequest.get(Servers.url(a, "/"))));
            CompletableFuture<List<Outcome<ClientResponse>>> fb = client.gather(Collections.nCopies(11, ClientRequest.get(Servers.url(b, "/"))));
            fa.get();
            fb.get();
            assertThat((System.nanoTime() - t0) / 1e9).as("both in parallel: about 1 s, not 2").isBetween(0.9, 1.6);
            assertThat(perSecond(List.copyOf(arrivals))).isBetween(9.0, 11.0);
            assertThat(perSecond(List.copyOf(other))).isBetween(9.0, 11.0);
        }
    }

    @Test
    void retry_after_pauses_every_request_of_the_bucket() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (Server server = Servers.hayate(app -> app.get("/", ctx -> {
                arrivals.add(System.nanoTime());
                return n.incrementAndGet() == 3 ? ctx.status(429).header("Retry-After", "1").text("wait") : "ok";
            }));
             HttpClient client = HttpClient.create(ClientConfig.defaults().withRateLimit(RateLimit.perSecond(20)))) {
            List<Outcome<ClientResponse>> all = client.gatherBlocking(Collections.nCopies(10, ClientRequest.get(Servers.url(server, "/"))));

            assertThat(all).allMatch(o -> o.isSuccess() && o.value().status() == 200);
            List<Long> sorted = arrivals.stream().sorted().toList();
            assertThat(sorted).hasSize(11); // the 429'd request came back once
            assertThat((sorted.get(3) - sorted.get(2)) / 1e6).as("nothing arrives during the pause").isGreaterThan(900);
            assertThat((sorted.get(10) - sorted.get(0)) / 1e9).isBetween(1.3, 2.5);
        }
    }
}
