package io.hayate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Each written chunk reaches the client when it is written, not with the next one: START is seen before the first
 * pause ends (before MIDDLE is written) and MIDDLE before the second ends (the article's {@code yield} with
 * {@code sleep}s between). Client and server share one clock, {@link System#nanoTime()}, so no margin is needed.
 */
class StreamChunkTimingTest {
    private static final Duration FIRST = Duration.ofMillis(300);
    private static final Duration SECOND = Duration.ofMillis(500);

    @AllModes
    void each_chunk_arrives_before_the_next_pause_ends(Mode mode) throws Exception {
        AtomicLongArray written = new AtomicLongArray(3);
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/stream", StreamRoutes.startMiddleEnd(FIRST, SECOND, written)));
             StreamClient client = new StreamClient(s.port())) {
            RawResponse head = client.send(RawClient.get("/stream")).readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");

            StreamClient.Chunk start = client.nextChunk();
            StreamClient.Chunk middle = client.nextChunk();
            StreamClient.Chunk end = client.nextChunk();
            assertThat(client.nextChunk()).as("the last chunk").isNull();

            assertThat(List.of(start.text(), middle.text(), end.text())).containsExactly("START", "MIDDLE", "END");
            assertThat(start.arrivedNanos()).as("START seen before the first pause ended").isLessThan(written.get(1));
            assertThat(middle.arrivedNanos()).as("MIDDLE seen before the second pause ended").isLessThan(written.get(2));
            assertThat(middle.arrivedNanos()).as("MIDDLE not before it was written").isGreaterThan(written.get(1));
        }
    }

    @AllModes
    void the_jdk_client_reads_each_chunk_as_it_comes(Mode mode) throws Exception {
        AtomicLongArray written = new AtomicLongArray(3);
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/stream", StreamRoutes.startMiddleEnd(FIRST, SECOND, written)))) {
            HttpResponse<InputStream> r = s.http().send(HttpRequest.newBuilder(s.uri("/stream")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            StringBuilder body = new StringBuilder();
            long startSeen = 0;
            long middleSeen = 0;
            try (InputStream in = r.body()) {
                byte[] buf = new byte[64];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    body.append(new String(buf, 0, n, UTF_8));
                    long now = System.nanoTime();
                    if (startSeen == 0 && body.toString().startsWith("START")) {
                        startSeen = now;
                    }
                    if (middleSeen == 0 && body.toString().startsWith("STARTMIDDLE")) {
                        middleSeen = now;
                    }
                }
            }
            assertThat(body.toString()).isEqualTo("STARTMIDDLEEND");
            assertThat(startSeen).as("START seen before the first pause ended").isLessThan(written.get(1));
            assertThat(middleSeen).as("MIDDLE seen before the second pause ended").isLessThan(written.get(2));
        }
    }
}
