package io.hayate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.client.ClientRequest;
import io.hayate.client.HttpClient;
import io.hayate.server.App;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import io.hayate.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example against an in-process server whose {@code /slow} answers the article's body after
 * {@code ?ms=} (400 by default) from a loop timer, and checks the shape of the timings with wide margins: sequential
 * about three delays, the concurrent ones about one, nine over three about three, and that the server really saw
 * the concurrency each claims.
 */
class ExamplesTest {
    private static final String BODY = "This is a slow web api";
    private static final long DELAY_MS = 400;
    private static final Pattern REAL = Pattern.compile("real (\\d+\\.\\d{3})s");
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger maxInFlight = new AtomicInteger();
    private static Server server;

    @TempDir
    Path dir;

    private static App app(ServerConfig config) {
        return App.create(config.withMode(Mode.LOOP).withLoops(1)).get("/slow", ctx -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            String ms = ctx.queryParam("ms");
            return ctx.delay(Duration.ofMillis(ms == null ? DELAY_MS : Long.parseLong(ms))).thenApply(x -> {
                inFlight.decrementAndGet();
                return BODY;
            });
        });
    }

    @BeforeAll
    static void start() throws Exception {
        server = app(ServerConfig.defaults()).start(0);
        try (HttpClient warm = HttpClient.create()) { // class loading and JIT would otherwise count in the first test
            warm.gatherBlocking(Collections.nCopies(3, ClientRequest.get(url() + "?ms=1")));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void resetCounter() {
        maxInFlight.set(0);
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port() + "/slow";
    }

    @FunctionalInterface
    private interface Example {
        void run(PrintStream out) throws Exception;
    }

    private record Output(List<String> lines, double real) {}

    /** Runs {@code example}, checks it printed {@code bodies} bodies then {@code real X.XXXs}, and returns the time. */
    private static Output run(Example example, int bodies) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        Matcher m = REAL.matcher(lines.getLast());
        assertThat(m.matches()).as("last line: " + lines.getLast()).isTrue();
        if (bodies > 0) {
            assertThat(lines.subList(0, bodies)).containsOnly(BODY);
            assertThat(lines).hasSize(bodies + 1);
        }
        return new Output(lines, Double.parseDouble(m.group(1)));
    }

    @Test
    void sequential_takes_three_delays_one_at_a_time() throws Exception {
        double real = run(out -> Sequential.run(url(), out), 3).real();
        assertThat(real).isGreaterThanOrEqualTo(1.2).isLessThan(3.0);
        assertThat(maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void platform_threads_take_one_delay() throws Exception {
        double real = run(out -> PlatformThreads.run(url(), out), 3).real();
        assertThat(real).isGreaterThanOrEqualTo(0.4).isLessThan(1.1);
        assertThat(maxInFlight.get()).isEqualTo(3);
    }

    @Test
    void virtual_threads_take_one_delay() throws Exception {
        double real = run(out -> VirtualThreads.run(url(), out), 3).real();
        assertThat(real).isGreaterThanOrEqualTo(0.4).isLessThan(1.1);
        assertThat(maxInFlight.get()).isEqualTo(3);
    }

    @Test
    void async_gather_takes_one_delay() throws Exception {
        double real = run(out -> AsyncGather.run(url(), out), 3).real();
        assertThat(real).isGreaterThanOrEqualTo(0.4).isLessThan(1.1);
        assertThat(maxInFlight.get()).isEqualTo(3);
    }

    @Test
    void bounded_gather_of_nine_over_three_takes_three_delays() throws Exception {
        double real = run(out -> BoundedGather.run(url(), out), 9).real();
        assertThat(real).isGreaterThanOrEqualTo(1.2).isLessThan(2.6);
        assertThat(maxInFlight.get()).as("limit(3) on the server's side").isEqualTo(3);
    }

    @Test
    void process_pool_runs_three_jvms_at_once() throws Exception {
        // a longer delay, so the three requests overlap on the server even if the JVMs start a little apart
        String slow = url() + "?ms=1000";
        double real = run(out -> ProcessPool.run(slow, out), 3).real();
        assertThat(maxInFlight.get()).as("the workers' requests overlapped").isGreaterThanOrEqualTo(2);
        assertThat(real).as("one delay plus starting JVMs, not three delays").isGreaterThanOrEqualTo(1.0).isLessThan(3.0);
    }

    @Test
    void thread_count_gather_starts_only_the_client_loop() throws Exception {
        List<String> lines = run(out -> ThreadCount.run(url(), 200, out), 0).lines();
        assertThat(lines.get(1)).isEqualTo("200 requests gathered: 200 ok, 0 failed, 200 connections");
        Matcher peak = Pattern.compile("platform threads at the peak: \\d+ \\(\\+(\\d+)\\); new while the client was open: \\[(.*)]")
                .matcher(lines.get(2));
        assertThat(peak.matches()).as(lines.get(2)).isTrue();
        assertThat(peak.group(2)).isEqualTo("hayate-client-0");
        assertThat(Integer.parseInt(peak.group(1))).as("the loop, and at most one thread of the test JVM's own").isBetween(1, 2);
        assertThat(maxInFlight.get()).isEqualTo(200);
    }

    @Test
    void unix_socket_client_gathers_three_over_the_socket() throws Exception {
        Path socket = dir.resolve("demo.sock");
        try (Server unix = app(ServerConfig.defaults().withUnixSocket(socket)).start()) {
            assertThat(unix.port()).as("no TCP port").isEqualTo(-1);
            Output o = run(out -> UnixSocketClient.run(socket.toString(), "/slow", out), 0);
            assertThat(o.lines().subList(0, 3)).containsOnly(BODY);
            assertThat(o.lines().get(3)).startsWith("platform threads: ").endsWith("new while the client was open: [hayate-client-0]");
            assertThat(o.real()).isGreaterThanOrEqualTo(0.4).isLessThan(1.1);
            assertThat(maxInFlight.get()).isEqualTo(3);
        }
    }

    @Test
    void the_launcher_entry_point_names_and_lists_the_examples() throws Exception {
        assertThat(Examples.name("BoundedGather")).isEqualTo("bounded-gather");
        assertThat(Examples.name("bounded_gather")).isEqualTo("bounded-gather");
        assertThat(Examples.name("UnixSocketClient")).isEqualTo("unix-socket");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            assertThat(Examples.run(new String[] {"--help"}, o, e)).isZero();
            assertThat(Examples.run(new String[] {"nonesuch"}, o, e)).isEqualTo(2);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sequential", "platform-threads", "virtual-threads",
                "async-gather", "bounded-gather", "process-pool", "unix-socket", "thread-count");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("hayate example: no example 'nonesuch'");
    }
}
