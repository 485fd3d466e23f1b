package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.App;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import io.hayate.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code hayate fetch} run in-process through {@link Main}'s command line, against a real server on a free port or a
 * UNIX socket. The server's {@code /slow?ms=N} answers after N ms from a loop timer and counts how many requests it
 * holds at once, so the client's limit is checked where it matters: on the server.
 */
class FetchCommandTest {
    private static final Pattern OK_LINE = Pattern.compile("(\\d+) (\\S+) (\\d{3}) (\\d+)B (\\d+)ms");
    private static final Pattern ERROR_LINE = Pattern.compile("(\\d+) (\\S+) error (\\d+)ms (\\w+): (.*)");
    private static final Pattern SUMMARY = Pattern.compile("wall=(\\d+\\.\\d{3})s ok=(\\d+) failed=(\\d+) threads=(\\d+) connections=(\\d+)");

    @TempDir
    Path dir;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private Server server;

    private App app(ServerConfig config) {
        return App.create(config.withMode(Mode.LOOP).withLoops(1))
                .get("/slow", ctx -> {
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    String ms = ctx.queryParam("ms");
                    return ctx.delay(Duration.ofMillis(ms == null ? 200 : Long.parseLong(ms))).thenApply(x -> {
                        inFlight.decrementAndGet();
                        return "slow response\n";
                    });
                })
                .get("/", ctx -> "Hello World");
    }

    @BeforeEach
    void start() {
        server = app(ServerConfig.defaults()).start(0);
        fetch("--repeat", "3", url("/slow?ms=1")); // class loading and JIT would otherwise count in the first test
        maxInFlight.set(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private record Run(int exit, List<String> lines, String err) {
        Matcher summary() {
            Matcher m = SUMMARY.matcher(lines.getLast());
            assertThat(m.matches()).as("summary line: " + lines.getLast()).isTrue();
            return m;
        }

        double wall() {
            return Double.parseDouble(summary().group(1));
        }

        Matcher line(int i, Pattern p) {
            Matcher m = p.matcher(lines.get(i));
            assertThat(m.matches()).as("line " + i + ": " + lines.get(i)).isTrue();
            return m;
        }
    }

    private static Run fetch(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "fetch";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = new picocli.CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all);
        String o = out.toString();
        return new Run(exit, o.isEmpty() ? List.of() : o.lines().toList(), err.toString());
    }

    @Test
    void three_slow_requests_over_tcp_take_one_delay_not_three() {
        Run r = fetch(url("/slow?ms=400"), url("/slow?ms=400"), url("/slow?ms=400"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(4);
        for (int i = 0; i < 3; i++) {
            Matcher m = r.line(i, OK_LINE);
            assertThat(m.group(1)).isEqualTo(String.valueOf(i + 1));
            assertThat(m.group(2)).isEqualTo(url("/slow?ms=400"));
            assertThat(m.group(3)).isEqualTo("200");
            assertThat(m.group(4)).isEqualTo("14"); // "slow response\n"
            assertThat(Long.parseLong(m.group(5))).isGreaterThanOrEqualTo(400);
        }
        Matcher s = r.summary();
        assertThat(s.group(2)).isEqualTo("3");
        assertThat(s.group(3)).isEqualTo("0");
        assertThat(Integer.parseInt(s.group(4))).isPositive();
        assertThat(s.group(5)).isEqualTo("3");
        assertThat(maxInFlight.get()).as("all three at once on the server").isEqualTo(3);
        assertThat(r.wall()).isGreaterThanOrEqualTo(0.4).isLessThan(1.1); // sequential would be 1.2 s
    }

    @Test
    void limit_is_honoured_on_the_server_and_the_times_come_in_waves() {
        Run r = fetch("--limit", "2", "--repeat", "6", url("/slow?ms=200"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(7);
        assertThat(maxInFlight.get()).as("never more than --limit at once on the server").isEqualTo(2);
        assertThat(r.wall()).as("three waves of 200 ms").isGreaterThanOrEqualTo(0.6);
        long first = Long.parseLong(r.line(0, OK_LINE).group(5));
        long last = Long.parseLong(r.line(5, OK_LINE).group(5));
        assertThat(last - first).as("the last wave ends two delays after the first").isGreaterThanOrEqualTo(350);
        assertThat(r.summary().group(5)).as("two connections, reused").isEqualTo("2");
    }

    @Test
    void rate_spaces_the_starts() {
        Run r = fetch("--rate", "20", "--repeat", "5", url("/"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(6);
        assertThat(r.wall()).as("5 starts 50 ms apart").isGreaterThanOrEqualTo(0.19);
        for (int i = 0; i < 5; i++) {
            assertThat(r.line(i, OK_LINE).group(3)).isEqualTo("200");
        }
    }

    @Test
    void lines_come_in_the_order_given_not_the_order_of_completion() {
        Run r = fetch(url("/slow?ms=400"), url("/slow?ms=1"), url("/"));
        assertThat(r.exit()).as(r.err()).isZero();
        long slow = Long.parseLong(r.line(0, OK_LINE).group(5));
        long fast = Long.parseLong(r.line(2, OK_LINE).group(5));
        assertThat(r.line(0, OK_LINE).group(2)).endsWith("ms=400");
        assertThat(r.line(2, OK_LINE).group(2)).endsWith(":" + server.port() + "/");
        assertThat(fast).isLessThan(slow);
    }

    @Test
    void a_404_is_an_answer_and_refused_and_timed_out_requests_fail_on_their_own_lines() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String refused = "http://127.0.0.1:" + closedPort + "/";
        Run r = fetch("--timeout", "250ms", url("/"), url("/missing"), refused, url("/slow?ms=700"));
        assertThat(r.exit()).as("a failure makes the exit code 1").isEqualTo(1);
        assertThat(r.lines()).hasSize(5);
        assertThat(r.line(0, OK_LINE).group(3)).isEqualTo("200");
        assertThat(r.line(1, OK_LINE).group(3)).isEqualTo("404");
        Matcher c = r.line(2, ERROR_LINE);
        assertThat(c.group(2)).isEqualTo(refused);
        assertThat(c.group(4)).isEqualTo("ConnectException");
        assertThat(c.group(5)).contains("cannot connect to 127.0.0.1:" + closedPort).contains("refused")
                .doesNotStartWith("GET");
        Matcher t = r.line(3, ERROR_LINE);
        assertThat(t.group(4)).isEqualTo("RequestTimeoutException");
        assertThat(t.group(5)).contains("250 ms");
        assertThat(Long.parseLong(t.group(3))).isGreaterThanOrEqualTo(250).isLessThan(1500);
        Matcher s = r.summary();
        assertThat(s.group(2)).isEqualTo("2");
        assertThat(s.group(3)).isEqualTo("2");
    }

    @Test
    void unix_socket_by_http_unix_url_and_by_unix_flag() {
        Path socket = dir.resolve("fetch.sock");
        try (Server unix = app(ServerConfig.defaults().withUnixSocket(socket)).start()) {
            assertThat(unix.port()).as("no TCP port").isEqualTo(-1);
            String encoded = URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8);
            String byUrl = "http+unix://" + encoded + "/slow?ms=100";
            Run a = fetch("--repeat", "2", byUrl);
            assertThat(a.exit()).as(a.err()).isZero();
            assertThat(a.line(0, OK_LINE).group(2)).isEqualTo(byUrl);
            assertThat(a.line(1, OK_LINE).group(3)).isEqualTo("200");
            assertThat(a.summary().group(2)).isEqualTo("2");

            Run b = fetch("--unix", socket.toString(), "http://localhost/slow?ms=100", "http://localhost/");
            assertThat(b.exit()).as(b.err()).isZero();
            assertThat(b.line(0, OK_LINE).group(4)).isEqualTo("14");
            assertThat(b.line(1, OK_LINE).group(4)).isEqualTo("11"); // Hello World
            assertThat(b.summary().group(2)).isEqualTo("2");
        }
        Run gone = fetch("--unix", socket.toString(), "http://localhost/");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.line(0, ERROR_LINE).group(4)).isEqualTo("ConnectException");
    }

    @Test
    void a_url_without_a_scheme_is_http() {
        Run r = fetch("127.0.0.1:" + server.port() + "/");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.line(0, OK_LINE).group(2)).isEqualTo(url("/"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "                                      | Missing required parameter",
            "--limit 0 URL                         | --limit must be at least 1, got 0",
            "--limit x URL                         | Invalid value for option",
            "--rate 0 URL                          | --rate must be a positive number",
            "--rate NaN URL                        | --rate must be a positive number",
            "--repeat 0 URL                        | --repeat must be at least 1, got 0",
            "--timeout 5 URL                       | write a number and a unit: 500ms, 2s",
            "--timeout 0s URL                      | at least 1ms",
            "--timeout soon URL                    | is not a duration",
            "https://example.com/                  | TLS is not supported yet",
            "ftp://example.com/                    | scheme must be http",
            "http:///path                          | no host",
            "http://a_b/                           | bad URL",
            "http://[::1/                          | bad URL",
            "--unix /tmp/x.sock http+unix://%2Fx/  | both name a socket",
            "--frobnicate URL                      | Unknown option",
    })
    void usage_errors_exit_2_with_a_message_and_send_nothing(String args, String message) {
        String[] argv = args == null ? new String[0] : args.replace("URL", url("/slow")).split(" ");
        Run r = fetch(argv);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("Usage: hayate fetch");
        assertThat(r.lines()).isEmpty();
        assertThat(inFlight.get() + maxInFlight.get()).as("no request reached the server").isZero();
    }
}
