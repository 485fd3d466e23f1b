package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.Body;
import io.hayate.server.Server;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streaming responses: read piece by piece, blocking or with futures; a reader that stops makes the server's writer
 * wait (backpressure through the client's buffer, TCP, and the server's); closing early discards the connection.
 */
class HttpClientStreamingTest {
    private static final int PIECE = 64 * 1024;
    private static final long TOTAL = 48L * 1024 * 1024;
    private static final AtomicLong produced = new AtomicLong();
    private static Server server;

    @BeforeAll
    static void start() {
        server = Servers.hayate(app -> app
                .get("/firehose", ctx -> Body.stream(out -> {
                    byte[] piece = new byte[PIECE];
                    for (long sent = 0; sent < TOTAL; sent += PIECE) {
                        piece[0] = (byte) (sent / PIECE); // a marker to check the order
                        out.write(piece);
                        produced.addAndGet(PIECE);
                    }
                }))
                .get("/lines", ctx -> Body.stream(out -> {
                    for (int i = 0; i < 5; i++) {
                        out.write("line " + i + "\n");
                        Thread.sleep(20);
                    }
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_reader_that_stops_holds_back_the_server() throws Exception {
        produced.set(0);
        try (HttpClient client = HttpClient.create()) {
            StreamingResponse r = client.streamBlocking(ClientRequest.get(Servers.url(server, "/firehose")));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.readBlocking()).isNotNull();
            Thread.sleep(700); // not reading
            long whilePaused = produced.get();
            long held = ((StreamBody) r).maxBuffered();

            long total = 0;
            for (ByteBuffer b; (b = r.readBlocking()) != null; ) {
                total += b.remaining();
            }
            r.close();
            assertThat(whilePaused).as("the server's writer waited: kernel buffers, not the whole body").isLessThan(TOTAL / 2);
            assertThat(held).as("the client held at most its stream buffer and one read")
                    .isLessThanOrEqualTo(client.config().streamBuffer() + 64 * 1024);
            assertThat(total).isGreaterThan(TOTAL - 2 * 64 * 1024 - 1); // the first piece was read before the loop
            assertThat(client.stats().idleConnections()).as("read to the end: reusable").isEqualTo(1);
        }
    }

    @Test
    void closing_early_discards_the_connection() throws Exception {
        try (HttpClient client = HttpClient.create()) {
            StreamingResponse r = client.streamBlocking(ClientRequest.get(Servers.url(server, "/firehose")));
            assertThat(r.readBlocking()).isNotNull();
            r.close();
            assertThat(r.readBlocking()).as("closed: the end").isNull();
            Thread.sleep(100);
            assertThat(client.stats().openConnections()).isZero();
        }
    }

    @Test
    void an_input_stream_over_the_body() throws Exception {
        try (HttpClient client = HttpClient.create();
             StreamingResponse r = client.streamBlocking(ClientRequest.get(Servers.url(server, "/lines")))) {
            assertThat(new String(r.inputStream().readAllBytes())).isEqualTo("line 0\nline 1\nline 2\nline 3\nline 4\n");
        }
    }

    @Test
    void futures_read_on_the_loop_without_blocking() throws Exception {
        try (HttpClient client = HttpClient.create()) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            client.stream(ClientRequest.get(Servers.url(server, "/firehose"))).thenAccept(r -> new Consumer<Long>() {
                @Override
                public void accept(Long sum) {
                    r.read().whenComplete((b, t) -> {
                        if (t != null) {
                            done.completeExceptionally(t);
                        } else if (b == null) {
                            done.complete(sum);
                        } else {
                            accept(sum + b.remaining());
                        }
                    });
                }
            }.accept(0L));
            assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(TOTAL);
        }
    }
}
