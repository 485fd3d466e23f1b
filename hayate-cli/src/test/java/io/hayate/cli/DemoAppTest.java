package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.App;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoAppTest {
    private static final String NUMBERS = "0:zero\n1:one\n2:two\n3:three\n4:four\n5:five\n";

    @TempDir
    Path dir;

    private HttpResponse<String> get(HttpClient client, Server server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void numbers_logs_six_lines_before_answering(Mode mode) throws Exception {
        Path log = dir.resolve("demo.log");
        try (LineLog lines = LineLog.to(log);
             Server server = new DemoApp(DemoApp.shippedNumbers(), lines, false).routes(App.create())
                     .configure(c -> c.withMode(mode)).start(0);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = get(client, server, "/numbers");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Hello World");
            assertThat(Files.readString(log)).isEqualTo(NUMBERS);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void numbers_later_answers_at_once_and_logs_after_the_delay(Mode mode) throws Exception {
        Path log = dir.resolve("later.log");
        try (LineLog lines = LineLog.to(log);
             Server server = new DemoApp(DemoApp.shippedNumbers(), lines, false, Duration.ofMillis(400)).routes(App.create())
                     .configure(c -> c.withMode(mode)).start(0);
             HttpClient client = HttpClient.newHttpClient()) {
            long start = System.nanoTime();
            HttpResponse<String> r = get(client, server, "/numbers/later");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.body()).isEqualTo("Hello World");
            assertThat(tookMs).isLessThan(400);
            assertThat(Files.exists(log) ? Files.readString(log) : "").isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (Files.readString(log).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(log)).isEqualTo(NUMBERS);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void slow_answers_after_one_second(Mode mode) throws Exception {
        try (LineLog lines = LineLog.to(dir.resolve("slow.log"));
             Server server = new DemoApp(DemoApp.shippedNumbers(), lines, false).routes(App.create())
                     .configure(c -> c.withMode(mode)).start(0);
             HttpClient client = HttpClient.newHttpClient()) {
            long start = System.nanoTime();
            HttpResponse<String> r = get(client, server, "/slow");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(tookMs).isBetween(950L, 3000L);
            assertThat(get(client, server, "/plaintext").body()).isEqualTo("Hello, World!");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void access_log_has_one_line_per_request_when_logging_to_a_file(Mode mode) throws Exception {
        Path log = dir.resolve("access.log");
        try (LineLog lines = LineLog.to(log);
             Server server = new DemoApp(DemoApp.shippedNumbers(), lines, true).routes(App.create())
                     .configure(c -> c.withMode(mode)).start(0);
             HttpClient client = HttpClient.newHttpClient()) {
            get(client, server, "/numbers");
            get(client, server, "/plaintext");
            String text = Files.readString(log);
            assertThat(text).startsWith(NUMBERS);
            assertThat(text.lines().filter(l -> l.contains(" => 200 in ")).count()).isEqualTo(2);
            assertThat(text).contains("GET /numbers HTTP/1.1 => 200", "GET /plaintext HTTP/1.1 => 200");
        }
    }
}
