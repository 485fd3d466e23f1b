package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;

/**
 * An {@code aiohttp} client reads an event stream line by line, as the articles' stack would: the events resume after
 * the {@code Last-Event-ID} it sent, multi-line data arrives whole, heartbeat comments come while the stream idles,
 * and hanging up closes the stream on the server.
 */
class SseAiohttpClientTest {

    @BeforeAll
    static void pythonModulesAreInstalled() throws Exception {
        PythonPeer.require("aiohttp");
    }

    @AllModes
    void aiohttp_reads_events_resumed_after_its_last_event_id(Mode mode) throws Exception {
        List<String> lastIds = new CopyOnWriteArrayList<>();
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withSseHeartbeat(Duration.ofMillis(100)), app -> app.get("/events",
                ctx -> Body.sse(events -> {
                    events.onClose(hungUp::countDown);
                    String last = events.lastEventId();
                    lastIds.add(String.valueOf(last));
                    long next = last == null ? 1 : Long.parseLong(last) + 1;
                    events.retry(Duration.ofSeconds(3));
                    events.send(Long.toString(next), "tick", "event " + next + "\nsecond line");
                    // the next one after a silence, so a heartbeat comes between
                    ctx.later(Duration.ofMillis(350), () -> events.send(Long.toString(next + 1), null, "later"));
                })))) {
            Properties r = PythonPeer.run("sse_aiohttp_client.py", "http://127.0.0.1:" + s.port() + "/events", "41", "3");

            assertThat(r.getProperty("status")).isEqualTo("200");
            assertThat(r.getProperty("content_type")).isEqualTo("text/event-stream");
            assertThat(r.getProperty("cache_control")).isEqualTo("no-cache");
            assertThat(r.getProperty("events")).isEqualTo("3");
            assertThat(r.getProperty("event.0.retry")).isEqualTo("3000");
            assertThat(r.getProperty("event.1.id")).isEqualTo("42");
            assertThat(r.getProperty("event.1.event")).isEqualTo("tick");
            assertThat(r.getProperty("event.1.data")).isEqualTo("event 42\nsecond line");
            assertThat(r.getProperty("comment.0")).as("a heartbeat during the silence").isEqualTo("heartbeat");
            assertThat(r.getProperty("event.2.id")).isEqualTo("43");
            assertThat(r.getProperty("event.2.data")).isEqualTo("later");
            assertThat(lastIds).containsExactly("41");
            assertThat(hungUp.await(3, TimeUnit.SECONDS)).as("the stream closed when aiohttp hung up").isTrue();
        }
    }
}
