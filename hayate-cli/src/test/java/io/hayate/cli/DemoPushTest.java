package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.App;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fourth article's endpoints on the demo, in every mode, with the JDK's HTTP and WebSocket clients. */
class DemoPushTest {
    @TempDir
    Path dir;

    private Server start(Mode mode, LineLog log) {
        return new DemoApp(DemoApp.shippedNumbers(), log, false)
                .withStreamPauses(Duration.ofMillis(300), Duration.ofMillis(500))
                .routes(App.create()).configure(c -> c.withMode(mode)).start(0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void stream_sends_each_piece_before_the_next_pause_ends(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fetch")).build(),
                    HttpResponse.BodyHandlers.ofString()); // warms the client's chunked decoding up
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
            List<Long> at = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            try (InputStream in = r.body()) {
                byte[] buf = new byte[64];
                int n;
                while ((n = in.read(buf)) > 0) {
                    text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    at.add((System.nanoTime() - t0) / 1_000_000);
                }
            }
            assertThat(text.toString()).isEqualTo("STARTMIDDLEEND");
            assertThat(at).hasSize(3);
            // each piece arrives on its own, well before the next one (held back, they would arrive together);
            // the margins are wide because a loaded machine delays any thread by tens of milliseconds
            assertThat(at.get(1) - at.get(0)).as("START arrived ~300 ms before MIDDLE").isBetween(100L, 1000L);
            assertThat(at.get(2) - at.get(1)).as("MIDDLE arrived ~500 ms before END").isBetween(170L, 1200L);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fetch_streams_the_queue_until_the_worker_closes_it(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fetch")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void events_resume_after_last_event_id(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/events"))
                    .header("Last-Event-ID", "41").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo("id: 42");
                assertThat(lines.readLine()).isEqualTo("event: tick");
                assertThat(lines.readLine()).isEqualTo("data: event 42");
                assertThat(lines.readLine()).isEmpty();
                assertThat(lines.readLine()).isEqualTo("id: 43");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void websocket_echoes_in_both_styles(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            for (String path : List.of("/websocket", "/websocket/callbacks")) {
                LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
                CompletableFuture<Integer> closed = new CompletableFuture<>();
                WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                got.add(data.toString());
                                w.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                                closed.complete(code);
                                return null;
                            }
                        }).get(5, TimeUnit.SECONDS);
                ws.sendText("Hello, world", true).get(5, TimeUnit.SECONDS);
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("Your message was: 'Hello, world'");
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
                assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
            }
        }
    }
}
