package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.App;
import io.hayate.server.Mode;
import io.hayate.server.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The demo's long-poll and fan-out endpoints (/fetch, /poll, /publish, /stats, /broadcast) with the JDK's clients. */
class DemoPushTest {
    @TempDir
    Path dir;

    private Server start(Mode mode, LineLog log) {
        return new DemoApp(DemoApp.shippedNumbers(), log, false).routes(App.create()).configure(c -> c.withMode(mode)).start(0);
    }

    private static HttpRequest get(Server server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fetch_streams_the_queue_until_the_worker_closes_it(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(get(server, "/fetch"), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"}) // BLOCKING serves one connection at a time
    void publish_answers_every_held_poll(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                polls.add(client.sendAsync(get(server, "/poll"), HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.send(get(server, "/stats"), HttpResponse.BodyHandlers.ofString()).body().equals("20")) {
                assertThat(System.nanoTime()).as("20 polls held").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(polls).noneMatch(CompletableFuture::isDone);
            assertThat(client.send(get(server, "/publish?msg=news"), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("published to 20\n");
            for (CompletableFuture<HttpResponse<String>> p : polls) {
                assertThat(p.get(5, TimeUnit.SECONDS).body()).isEqualTo("news\n");
            }
            assertThat(client.send(get(server, "/stats"), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("0");
            assertThat(client.send(get(server, "/publish"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void broadcast_reaches_every_open_websocket(Mode mode) throws Exception {
        try (LineLog log = LineLog.to(dir.resolve("log")); Server server = start(mode, log);
             HttpClient client = HttpClient.newHttpClient()) {
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sockets.add(client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/websocket"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                got.add(data.toString());
                                w.request(1);
                                return null;
                            }
                        }).get(5, TimeUnit.SECONDS));
            }
            // the handshake is answered before the endpoint registers the socket: wait until all three are reached
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String answer;
            while (!(answer = client.send(get(server, "/broadcast?msg=hello"), HttpResponse.BodyHandlers.ofString()).body())
                    .equals("broadcast to 3\n")) {
                assertThat(System.nanoTime()).as(answer).isLessThan(deadline);
                Thread.sleep(20);
                got.clear();
            }
            for (int i = 0; i < 3; i++) {
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
            }
            for (WebSocket ws : sockets) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            }
        }
    }
}
