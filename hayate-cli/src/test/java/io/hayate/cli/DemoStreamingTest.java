package io.hayate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo's streaming routes as the JDK's own clients see them: {@code /stream} in order and in pieces,
 * {@code /events} resuming after {@code Last-Event-ID}, and both {@code /websocket} endpoints answering the article's
 * way. (The server side of each is tested in depth in hayate-core.)
 */
class DemoStreamingTest {
    @TempDir
    Path dir;

    private Server start(Mode mode, LineLog log) {
        return new DemoApp(DemoApp.shippedNumbers(), log, false).withStreamPauses(Duration.ofMillis(150), Duration.ofMillis(250))
                .routes(App.create()).configure(c -> c.withMode(mode)).start(0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void stream_sends_start_middle_end_each_as_it_is_written(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("demo.log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri(server, "http", "/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            List<String> pieces = new ArrayList<>();
            try (InputStream in = r.body()) {
                byte[] buf = new byte[64];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    pieces.add(new String(buf, 0, n, UTF_8));
                }
            }
            assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            assertThat(String.join("", pieces)).isEqualTo("STARTMIDDLEEND");
            assertThat(pieces).as("read one by one, none held back for the next").containsExactly("START", "MIDDLE", "END");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void events_resume_after_the_last_event_id(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("demo.log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri(server, "http", "/events"))
                    .header("Last-Event-ID", "41").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), UTF_8))) {
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    lines.add(line);
                }
            }
            assertThat(lines).containsExactly("id: 42", "event: tick", "data: event 42");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void both_websocket_endpoints_answer_the_article_way(Mode mode) throws Exception {
        for (String path : List.of("/websocket", "/websocket/callbacks")) {
            try (LineLog log = LineLog.to(dir.resolve("demo.log")); Server server = start(mode, log);
                 HttpClient client = HttpClient.newHttpClient()) {
                CompletableFuture<String> answer = new CompletableFuture<>();
                CompletableFuture<Integer> closed = new CompletableFuture<>();
                WebSocket ws = client.newWebSocketBuilder().buildAsync(uri(server, "ws", path), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            answer.complete(text.toString());
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
                ws.sendText("hello", true);
                assertThat(answer.get(5, TimeUnit.SECONDS)).as(path).isEqualTo("Your message was: 'hello'");
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
                assertThat(closed.get(5, TimeUnit.SECONDS)).as(path + ": the server echoed the close").isEqualTo(1000);
            }
        }
    }

    private static URI uri(Server server, String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }
}
