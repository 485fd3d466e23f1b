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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chat's endpoints with real clients: the JDK's HttpClient for {@code /chat/send}, {@code /chat/poll} and
 * {@code /chat/events}, and its WebSocket client for {@code /chat/ws}, in the server modes where each makes sense
 * (a blocking server holds one connection at a time: it polls without holding and refuses event streams).
 */
class ChatHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Server server;
    private ChatRoom room;
    private HttpClient client;

    private void start(Mode mode, int history, Duration pollTimeout) {
        room = new ChatRoom(history, java.time.Clock.systemUTC());
        server = new DemoApp(DemoApp.shippedNumbers(), LineLog.to(null), false).withChat(room, pollTimeout)
                .routes(App.create()).configure(c -> c.withMode(mode)).start(0);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    private void start(Mode mode) {
        start(mode, ChatRoom.DEFAULT_HISTORY, Duration.ofSeconds(25));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT.multipliedBy(4)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> say(String name, String text) throws Exception {
        HttpResponse<String> r = post("/chat/send", "application/json",
                "{\"name\":" + Json.quote(name) + ",\"text\":" + Json.quote(text) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> array(String json) {
        return (List<Map<String, Object>>) Json.parse(json);
    }

    private static List<Long> ids(List<Map<String, Object>> entries) {
        return entries.stream().filter(e -> "message".equals(e.get("type"))).map(e -> (Long) e.get("id")).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            l.add(i);
        }
        return l;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    // ------------------------------------------------------------------ page and send

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_page_is_plain_html_that_knows_the_mode(Mode mode) throws Exception {
        start(mode);
        HttpResponse<String> r = get("/chat?transport=sse");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        String mine = mode.name().toLowerCase(java.util.Locale.ROOT);
        assertThat(r.body()).contains("<meta name=\"hayate-mode\" content=\"" + mine + "\">",
                "value=\"ws\"", "value=\"sse\"", "value=\"poll\"", "/chat/ws", "/chat/events", "/chat/poll", "/chat/send");
        assertThat(r.body()).as("message text is never parsed as HTML").doesNotContain("innerHTML", "insertAdjacentHTML",
                "outerHTML", "document.write");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_takes_a_form_or_json_and_answers_the_message(Mode mode) throws Exception {
        start(mode);
        HttpResponse<String> form = post("/chat/send", "application/x-www-form-urlencoded",
                "name=alice&text=hello+%3Cb%3Eworld%3C%2Fb%3E");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(object(form.body())).containsEntry("type", "message").containsEntry("id", 1L)
                .containsEntry("name", "alice").containsEntry("text", "hello <b>world</b>").containsKey("time");
        HttpResponse<String> json = post("/chat/send", "application/json; charset=utf-8",
                "{\"name\": \"bob\", \"text\": \"line\\nbreak \\ud83d\\ude00\"}");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(object(json.body())).containsEntry("id", 2L).containsEntry("text", "line\nbreak \uD83D\uDE00");
        assertThat(room.lastId()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_rejects_bad_input_with_a_clear_message(Mode mode) throws Exception {
        start(mode);
        record Case(String type, String body, int status, String error) {}
        List<Case> cases = List.of(
                new Case("application/json", "{\"name\":\"a\",\"text\":\"" + "x".repeat(1001) + "\"}", 400,
                        "text is longer than 1000 characters"),
                new Case("application/json", "{\"name\":\"" + "n".repeat(41) + "\",\"text\":\"x\"}", 400,
                        "name is longer than 40 characters"),
                new Case("application/x-www-form-urlencoded", "name=a&text=", 400, "text is missing"),
                new Case("application/x-www-form-urlencoded", "text=hi", 400, "name is missing"),
                new Case("application/json", "{\"name\":\"a\",\"text\":42}", 400, "name and text must be strings"),
                new Case("application/json", "[\"a\",\"b\"]", 400, "expected a JSON object with name and text"),
                new Case("application/json", "{\"name\":\"a\",", 400, "invalid JSON at offset 12: expected a string key"),
                new Case("application/json", "{\"name\":\"a\\u0000\",\"text\":\"t\"}", 400,
                        "name contains a control character"),
                new Case("text/plain", "hello", 415,
                        "send a form (application/x-www-form-urlencoded) or JSON (application/json) with name and text"));
        for (Case c : cases) {
            HttpResponse<String> r = post("/chat/send", c.type(), c.body());
            assertThat(r.statusCode()).as(c.body()).isEqualTo(c.status());
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(object(r.body())).as(c.body()).isEqualTo(Map.of("error", c.error()));
        }
        assertThat(room.lastId()).as("nothing published").isZero();
        assertThat(get("/chat/send").statusCode()).isEqualTo(405);
    }

    // ------------------------------------------------------------------ long poll

    @ParameterizedTest
    @EnumSource(Mode.class)
    void poll_answers_at_once_when_there_is_something_after_the_id(Mode mode) throws Exception {
        start(mode);
        for (int i = 1; i <= 3; i++) {
            say("a", "m" + i);
        }
        HttpResponse<String> r = get("/chat/poll?after=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(ids(array(r.body()))).containsExactly(2L, 3L);
        assertThat(array(r.body()).get(1)).containsEntry("text", "m3").containsEntry("name", "a");
        assertThat(ids(array(get("/chat/poll").body()))).as("no id: the recent messages").containsExactly(1L, 2L, 3L);
        assertThat(get("/chat/poll?after=abc").statusCode()).isEqualTo(400);
        assertThat(get("/chat/poll?after=-1").body()).contains("after must be the id of a message");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void poll_is_held_until_the_next_message(Mode mode) throws Exception {
        start(mode);
        say("a", "m1");
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(
                HttpRequest.newBuilder(uri("/chat/poll?after=1")).build(), HttpResponse.BodyHandlers.ofString());
        await("the poll to be held", () -> room.subscriberCount() == 1);
        assertThat(held).isNotDone();
        say("b", "m2");
        HttpResponse<String> r = held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> batch = array(r.body());
        assertThat(ids(batch)).containsExactly(2L);
        assertThat(batch.get(0)).containsEntry("name", "b").containsEntry("text", "m2");
        await("the poll to unsubscribe", () -> room.subscriberCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void a_held_poll_times_out_with_an_empty_batch(Mode mode) throws Exception {
        start(mode, 100, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/chat/poll?after=0");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
        assertThat(ms).isBetween(250L, 5_000L);
        await("the poll to unsubscribe", () -> room.subscriberCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void many_held_polls_cost_no_thread_and_all_get_the_message(Mode mode) throws Exception {
        start(mode);
        int n = 200; // far more than the article's 20, and than the THREADS mode's workers
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            polls.add(client.sendAsync(HttpRequest.newBuilder(uri("/chat/poll?after=0")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await(n + " polls to be held", () -> room.subscriberCount() == n);
        say("a", "to everyone");
        for (CompletableFuture<HttpResponse<String>> p : polls) {
            assertThat(ids(array(p.get(WAIT.toSeconds(), TimeUnit.SECONDS).body()))).containsExactly(1L);
        }
    }

    @Test
    void a_blocking_server_answers_polls_at_once_and_refuses_event_streams() throws Exception {
        start(Mode.BLOCKING);
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/chat/poll?after=0");
        assertThat(r.body()).isEqualTo("[]");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
        HttpResponse<String> events = get("/chat/events");
        assertThat(events.statusCode()).isEqualTo(503);
        assertThat(events.body()).contains("one connection at a time", "transport=poll");
        say("a", "still works");
        assertThat(ids(array(get("/chat/poll?after=0").body()))).containsExactly(1L);
    }

    @Test
    void an_id_older_than_the_history_gets_a_missed_marker_and_a_newer_one_a_reset() throws Exception {
        start(Mode.VIRTUAL, 5, Duration.ofSeconds(25));
        for (int i = 1; i <= 8; i++) {
            say("a", "m" + i);
        }
        List<Map<String, Object>> batch = array(get("/chat/poll?after=1").body());
        assertThat(batch.get(0)).isEqualTo(Map.of("type", "missed", "after", 1L, "next", 4L));
        assertThat(ids(batch)).isEqualTo(range(4, 8));
        List<Map<String, Object>> reset = array(get("/chat/poll?after=99").body());
        assertThat(reset.get(0)).isEqualTo(Map.of("type", "reset", "after", 99L, "last", 8L));
        assertThat(ids(reset)).isEqualTo(range(4, 8));
    }

    @Test
    void a_poll_answers_at_most_a_hundred_messages() throws Exception {
        start(Mode.VIRTUAL);
        for (int i = 1; i <= 150; i++) {
            room.publish("a", "m" + i);
        }
        assertThat(ids(array(get("/chat/poll?after=0").body()))).isEqualTo(range(1, 100));
        assertThat(ids(array(get("/chat/poll?after=100").body()))).isEqualTo(range(101, 150));
    }

    // ------------------------------------------------------------------ server-sent events

    /** An event stream read line by line on a virtual thread; events are {@code id}/{@code data} pairs. */
    private final class Sse implements AutoCloseable {
        record Event(String id, String data) {}

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final HttpResponse<Stream<String>> response;
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        Sse(String path, String lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            Thread.ofVirtual().start(() -> {
                String id = null;
                StringBuilder data = null;
                try {
                    Iterator<String> it = response.body().iterator();
                    while (it.hasNext()) {
                        String line = it.next();
                        lines.add(line);
                        if (line.isEmpty()) {
                            if (data != null) {
                                events.add(new Event(id, data.toString()));
                            }
                            id = null;
                            data = null;
                        } else if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (line.startsWith("data: ")) {
                            data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                        }
                    }
                } catch (RuntimeException e) {
                    // closed
                }
                ended.complete(null);
            });
        }

        Event next() throws InterruptedException {
            Event e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e).as("an event within " + WAIT).isNotNull();
            return e;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void events_replay_then_stream_with_ids_and_resume_from_last_event_id(Mode mode) throws Exception {
        start(mode);
        for (int i = 1; i <= 3; i++) {
            say("a", "m" + i);
        }
        try (Sse sse = new Sse("/chat/events?after=1", null)) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            Sse.Event e2 = sse.next();
            assertThat(e2.id()).isEqualTo("2");
            assertThat(object(e2.data())).containsEntry("type", "message").containsEntry("id", 2L).containsEntry("text", "m2");
            assertThat(sse.next().id()).isEqualTo("3");
            say("b", "m4");
            Sse.Event e4 = sse.next();
            assertThat(e4.id()).isEqualTo("4");
            assertThat(object(e4.data())).containsEntry("name", "b");
            assertThat(sse.lines).contains("retry: 1000");
        }
        await("the stream to unsubscribe", () -> room.subscriberCount() == 0);
        say("c", "m5");
        // the browser reconnects to the same URL (still ?after=1) with Last-Event-ID: the header wins
        try (Sse again = new Sse("/chat/events?after=1", "4")) {
            Sse.Event e5 = again.next();
            assertThat(e5.id()).isEqualTo("5");
            assertThat(again.events.poll(200, TimeUnit.MILLISECONDS)).as("nothing else: no duplicate").isNull();
        }
    }

    @Test
    void events_mark_missed_messages_and_count_again_after_a_reset() throws Exception {
        start(Mode.VIRTUAL, 5, Duration.ofSeconds(25));
        for (int i = 1; i <= 8; i++) {
            say("a", "m" + i);
        }
        try (Sse sse = new Sse("/chat/events?after=2", null)) {
            Sse.Event missed = sse.next();
            assertThat(missed.id()).as("a marker leaves Last-Event-ID alone").isNull();
            assertThat(object(missed.data())).isEqualTo(Map.of("type", "missed", "after", 2L, "next", 4L));
            assertThat(sse.next().id()).isEqualTo("4");
        }
        try (Sse sse = new Sse("/chat/events", "1000")) {
            Sse.Event reset = sse.next();
            assertThat(reset.id()).as("a reset starts the count over").isEqualTo("0");
            assertThat(object(reset.data())).containsEntry("type", "reset").containsEntry("last", 8L);
            assertThat(sse.next().id()).isEqualTo("4");
        }
        assertThat(get("/chat/events?after=x").statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ WebSocket

    /** A JDK WebSocket client that queues the text messages it gets. */
    private final class Ws implements AutoCloseable {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final WebSocket socket;

        Ws(String path) throws Exception {
            socket = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path),
                    new WebSocket.Listener() {
                        final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                texts.add(partial.toString());
                                partial.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket ws, Throwable error) {
                            closed.complete(-1);
                        }
                    }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        Map<String, Object> next() throws InterruptedException {
            String t = texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(t).as("a message within " + WAIT).isNotNull();
            return object(t);
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
            try {
                if (!socket.isOutputClosed()) {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing", e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void websocket_replays_streams_and_publishes(Mode mode) throws Exception {
        start(mode);
        for (int i = 1; i <= 3; i++) {
            say("a", "m" + i);
        }
        try (Ws ws = new Ws("/chat/ws?after=1")) {
            assertThat(ws.next()).containsEntry("type", "message").containsEntry("id", 2L).containsEntry("text", "m2");
            assertThat(ws.next()).containsEntry("id", 3L);
            say("b", "over http");
            assertThat(ws.next()).containsEntry("id", 4L).containsEntry("name", "b").containsEntry("text", "over http");
            ws.send("{\"name\":\"carol\",\"text\":\"over the socket\"}");
            assertThat(ws.next()).containsEntry("id", 5L).containsEntry("name", "carol");
            ws.send("{\"name\":\"carol\"}");
            assertThat(ws.next()).containsEntry("type", "error").containsEntry("message", "send {\"name\": \"…\", \"text\": \"…\"}");
            ws.send("{\"name\":\"carol\",\"text\":\"" + "x".repeat(1001) + "\"}");
            assertThat(ws.next()).isEqualTo(Map.of("type", "error", "message", "text is longer than 1000 characters"));
            ws.send("not json");
            assertThat(ws.next()).containsEntry("type", "error");
            assertThat(room.lastId()).isEqualTo(5);
        }
        await("the socket to unsubscribe", () -> room.subscriberCount() == 0);
    }

    @Test
    void websocket_works_on_a_blocking_server_too_holding_it() throws Exception {
        start(Mode.BLOCKING);
        room.publish("a", "before");
        try (Ws ws = new Ws("/chat/ws?after=0")) {
            assertThat(ws.next()).containsEntry("id", 1L);
            ws.send("{\"name\":\"b\",\"text\":\"over the socket\"}");
            assertThat(ws.next()).containsEntry("id", 2L).containsEntry("text", "over the socket");
        }
        assertThat(ids(array(get("/chat/poll?after=1").body()))).containsExactly(2L);
    }

    @Test
    void websocket_with_a_bad_id_is_closed_with_1008() throws Exception {
        start(Mode.VIRTUAL);
        Ws ws = new Ws("/chat/ws?after=nope");
        assertThat(ws.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(room.subscriberCount()).isZero();
    }

    // ------------------------------------------------------------------ all together

    /** A client that reconnects whenever its connection ends, from the last id it saw; collects message ids. */
    private abstract class Resuming {
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();
        volatile boolean stop;
        Future<?> running;

        long last() {
            return ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
        }

        void take(Map<String, Object> entry) {
            if ("message".equals(entry.get("type"))) {
                ids.add((Long) entry.get("id"));
            }
        }

        void start(ExecutorService threads) {
            running = threads.submit(() -> {
                while (!stop) {
                    try {
                        connects.incrementAndGet();
                        session();
                    } catch (Exception e) {
                        Thread.sleep(20);
                    }
                }
                return null;
            });
        }

        /** One connection, until it ends. */
        abstract void session() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void every_transport_sees_every_message_once_in_order_across_drops(Mode mode) throws Exception {
        start(mode);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        Resuming ws = new Resuming() {
            @Override
            void session() throws Exception {
                Ws socket = new Ws("/chat/ws?after=" + last());
                while (!stop && !socket.closed.isDone()) {
                    String t = socket.texts.poll(20, TimeUnit.MILLISECONDS);
                    if (t != null) {
                        take(object(t));
                    }
                }
                String t;
                while ((t = socket.texts.poll()) != null) {
                    take(object(t));
                }
                if (stop) {
                    socket.close();
                }
            }
        };
        Resuming sse = new Resuming() {
            @Override
            void session() throws Exception {
                try (Sse s = new Sse("/chat/events?after=0", ids.isEmpty() ? null : Long.toString(last()))) {
                    while (!stop && !(s.ended.isDone() && s.events.isEmpty())) {
                        Sse.Event e = s.events.poll(20, TimeUnit.MILLISECONDS);
                        if (e != null) {
                            take(object(e.data()));
                        }
                    }
                }
            }
        };
        Resuming poll = new Resuming() {
            @Override
            void session() throws Exception {
                while (!stop) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/chat/poll?after=" + last()))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    array(r.body()).forEach(this::take); // an empty body (dropped) throws: reconnect
                }
            }
        };
        List<Resuming> clients = List.of(ws, sse, poll);
        clients.forEach(c -> c.start(threads));
        await("three clients listening", () -> room.subscriberCount() == 3);

        int publishers = 4;
        int each = 25;
        publishConcurrently(threads, publishers, each, "first");
        await("everyone to have the first half", () -> clients.stream().allMatch(c -> c.ids.size() >= publishers * each));
        await("three clients listening", () -> room.subscriberCount() == 3);
        int dropped = room.disconnectAll(); // the connections end; each client resumes from its last id
        assertThat(dropped).isEqualTo(3);
        publishConcurrently(threads, publishers, each, "second");
        int total = 2 * publishers * each;
        await("everyone to have everything", () -> clients.stream().allMatch(c -> c.ids.size() >= total));
        Thread.sleep(100); // a duplicate would arrive now
        for (Resuming c : clients) {
            c.stop = true;
        }
        room.disconnectAll(); // ends the held poll at once
        for (Resuming c : clients) {
            c.running.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
        }
        threads.close();
        assertThat(ws.ids).as("WebSocket").isEqualTo(range(1, total));
        assertThat(sse.ids).as("SSE").isEqualTo(range(1, total));
        assertThat(poll.ids).as("long poll").isEqualTo(range(1, total));
        assertThat(ws.connects.get()).as("WebSocket reconnected").isGreaterThanOrEqualTo(2);
        assertThat(sse.connects.get()).as("SSE reconnected").isGreaterThanOrEqualTo(2);
    }

    private void publishConcurrently(ExecutorService threads, int publishers, int each, String what) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int me = p;
            done.add(threads.submit(() -> {
                for (int i = 0; i < each; i++) {
                    say("p" + me, what + " " + i);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
        }
    }

    @Test
    void disconnect_all_closes_websockets_with_1012_and_ends_streams_and_polls() throws Exception {
        start(Mode.VIRTUAL);
        try (Ws ws = new Ws("/chat/ws?after=0"); Sse sse = new Sse("/chat/events?after=0", null)) {
            CompletableFuture<HttpResponse<String>> held = client.sendAsync(
                    HttpRequest.newBuilder(uri("/chat/poll?after=0")).build(), HttpResponse.BodyHandlers.ofString());
            await("three listening", () -> room.subscriberCount() == 3);
            assertThat(room.disconnectAll()).isEqualTo(3);
            assertThat(ws.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1012);
            sse.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            HttpResponse<String> r = held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("a dropped poll is answered with nothing").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADS", "LOOP", "VIRTUAL"})
    void clients_that_go_away_are_unsubscribed(Mode mode) throws Exception {
        start(mode);
        List<java.net.Socket> sockets = new ArrayList<>();
        for (String path : List.of("/chat/poll?after=0", "/chat/events", "/chat/poll", "/chat/events?after=0")) {
            java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            assertThat(s.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            sockets.add(s);
        }
        Ws ws = new Ws("/chat/ws");
        await("five listening", () -> room.subscriberCount() == 5);
        for (java.net.Socket s : sockets) {
            s.close();
        }
        ws.socket.abort();
        await("all unsubscribed", () -> room.subscriberCount() == 0);
    }

    @Test
    void lag_counts_only_what_is_sent_while_behind_after_the_replay() {
        Chat.Lag lag = new Chat.Lag();
        assertThat(lag.tooFar(false, 10 * Chat.MAX_BEHIND)).as("the replay may be big").isFalse();
        assertThat(lag.tooFar(false, Chat.MAX_BEHIND / 2)).isFalse();
        assertThat(lag.tooFar(true, 100)).as("caught up").isFalse();
        assertThat(lag.tooFar(false, Chat.MAX_BEHIND / 2)).isFalse();
        assertThat(lag.tooFar(false, Chat.MAX_BEHIND / 2)).isFalse();
        assertThat(lag.tooFar(false, 1)).as("more than MAX_BEHIND while behind").isTrue();
    }

    @Test
    void send_bodies_are_utf8_by_default() throws Exception {
        start(Mode.VIRTUAL);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/chat/send"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray("{\"name\":\"z\u00fc\",\"text\":\"\u65e5\u672c\"}"
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(object(r.body())).containsEntry("name", "z\u00fc").containsEntry("text", "\u65e5\u672c");
    }
}
