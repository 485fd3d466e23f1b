package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events on the wire: {@code id}, {@code event}, one {@code data} line per line of data, {@code retry},
 * comments; a heartbeat comment while idle; and the {@code Last-Event-ID} of a reconnect handed to the handler so
 * it resumes after it.
 */
class SseStreamTest {

    @AllModes
    void events_are_framed_with_id_event_multi_line_data_and_retry(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/events", ctx -> Body.sse(events -> {
            events.retry(Duration.ofSeconds(2));
            events.send(new SseEvent("1", "greeting", "line one\nline two\r\nline three", null));
            events.send("plain");
            events.comment("note");
            events.send(new SseEvent("2", null, "", Duration.ofMillis(1500)));
            events.close();
        }))); StreamClient client = new StreamClient(s.port())) {
            RawResponse head = client.send(RawClient.get("/events")).readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(head.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(client.restOfBody()).isEqualTo("""
                    retry: 2000

                    id: 1
                    event: greeting
                    data: line one
                    data: line two
                    data: line three

                    data: plain

                    : note

                    id: 2
                    retry: 1500
                    data:\s

                    """);
        }
    }

    @AllModes
    void an_idle_stream_gets_a_heartbeat_comment(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withSseHeartbeat(Duration.ofMillis(200)),
                app -> app.get("/events", ctx -> Body.sse(events -> events.send("hello"))));
             StreamClient client = new StreamClient(s.port())) {
            long requested = System.nanoTime();
            client.send(RawClient.get("/events")).readHead();
            StreamClient.Chunk event = client.nextChunk();
            assertThat(event.text()).isEqualTo("data: hello\n\n");
            StreamClient.Chunk beat = client.nextChunk();
            assertThat(beat.text()).isEqualTo(": heartbeat\n\n");
            assertThat((beat.arrivedNanos() - requested) / 1_000_000).as("ms from the request to the first heartbeat")
                    .isBetween(190L, 3000L);
            assertThat(client.nextChunkText()).as("and again while still idle").isEqualTo(": heartbeat\n\n");
        }
    }

    @AllModes
    void a_busy_stream_gets_no_heartbeat(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withSseHeartbeat(Duration.ofMillis(300)),
                app -> app.get("/events", ctx -> Body.sse(events -> tickEvery(ctx, events, Duration.ofMillis(40), 1, 12))));
             StreamClient client = new StreamClient(s.port())) {
            client.send(RawClient.get("/events")).readHead();
            assertThat(client.restOfBody()).doesNotContain("heartbeat").contains("data: 12\n\n");
        }
    }

    /** Sends events {@code next..last} from loop timers, then closes: never blocks, so it runs alike in every mode. */
    private static void tickEvery(Context ctx, SseStream events, Duration every, int next, int last) {
        ctx.later(every, () -> {
            events.send(Integer.toString(next));
            if (next == last) {
                events.close();
            } else {
                tickEvery(ctx, events, every, next + 1, last);
            }
        });
    }

    @AllModes
    void a_reconnect_with_last_event_id_resumes_after_it(Mode mode) throws Exception {
        List<String> seenIds = new CopyOnWriteArrayList<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/events", ctx -> Body.sse(events -> {
            String last = events.lastEventId();
            seenIds.add(String.valueOf(last));
            long next = last == null ? 1 : Long.parseLong(last) + 1;
            for (long id = next; id < next + 3; id++) {
                events.send(Long.toString(id), "tick", "event " + id);
            }
            events.close();
        })))) {
            List<String> first;
            try (StreamClient client = new StreamClient(s.port())) {
                client.send(RawClient.get("/events")).readHead();
                first = ids(client.restOfBody());
            }
            assertThat(first).containsExactly("1", "2", "3");

            List<String> resumed;
            try (StreamClient client = new StreamClient(s.port())) {
                client.send("GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\nLast-Event-ID: " + first.getLast() + "\r\n\r\n").readHead();
                resumed = ids(client.restOfBody());
            }
            assertThat(resumed).containsExactly("4", "5", "6");
            assertThat(seenIds).containsExactly("null", "3");
        }
    }

    @AllModes
    void events_sent_from_another_thread_arrive_as_sent(Mode mode) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/events", ctx -> Body.sse(events ->
                Thread.ofPlatform().start(() -> {
                    for (int i = 1; i <= 20; i++) {
                        events.send(Integer.toString(i), null, "n" + i);
                    }
                    events.close();
                    done.complete(null);
                }))));
             StreamClient client = new StreamClient(s.port())) {
            client.send(RawClient.get("/events")).readHead();
            List<String> ids = ids(client.restOfBody());
            done.get(3, TimeUnit.SECONDS);
            assertThat(ids).hasSize(20).first().isEqualTo("1");
            assertThat(ids).isSortedAccordingTo(Comparator.comparingInt(Integer::parseInt));
        }
    }

    private static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("id: ")) {
                ids.add(line.substring(4));
            }
        }
        return ids;
    }
}
