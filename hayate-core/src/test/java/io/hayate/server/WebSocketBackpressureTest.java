package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

/**
 * A blocking-style handler that does not call {@code receive()} makes the server stop reading its connection once a
 * few messages wait (no unbounded inbox): the client's writes stall in TCP flow control. Once the handler catches up,
 * reading resumes and every message arrives, in order.
 */
class WebSocketBackpressureTest {
    private static final int MESSAGE = 64 * 1024;
    private static final int COUNT = 1024; // 64 MiB: more than every socket buffer on the way can hold
    /**
     * The socket buffers between the writer and the silent server (a few MiB on loopback; receive buffers may autotune
     * further) plus the inbox's 16 messages: at most half of what the client has to send.
     */
    private static final long MAX_SENT_WHILE_HANDLER_WAITS = 32L << 20;

    @AllModes
    void a_handler_that_does_not_receive_makes_the_server_stop_reading(Mode mode) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<String> result = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> app.ws("/slow", ws -> {
            go.await();
            int expected = 0;
            WebSocketMessage m;
            while (expected < COUNT && (m = ws.receive()) != null) {
                int seq = m.asBytes().getInt();
                if (seq != expected || m.bytes().length != MESSAGE) {
                    result.complete("message " + seq + " (" + m.bytes().length + " bytes) where " + expected + " was due");
                    return;
                }
                expected++;
            }
            result.complete("received " + expected);
            ws.send("done");
        })); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/slow")) {
            AtomicLong sent = new AtomicLong();
            Thread writer = Thread.ofPlatform().name("test-writer").start(() -> {
                byte[] payload = new byte[MESSAGE];
                try {
                    for (int i = 0; i < COUNT; i++) {
                        ByteBuffer.wrap(payload).putInt(i);
                        ws.send(WebSocketRawClient.frame(true, 0, WebSocketRawClient.BINARY, true, payload));
                        sent.addAndGet(MESSAGE);
                    }
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            });
            long plateau = StreamBackpressureTest.awaitPlateau(sent::get);
            assertThat(plateau).as("bytes the client got written while the handler waits")
                    .isLessThan((long) COUNT * MESSAGE).isLessThan(MAX_SENT_WHILE_HANDLER_WAITS);

            go.countDown();
            assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("received " + COUNT);
            writer.join(5000);
            assertThat(ws.readText()).isEqualTo("done");
        }
    }
    /**
     * The other direction: a peer that reads nothing makes a blocking-style {@code send} wait once the high-water mark
     * is passed, and a reset wakes it with {@link StreamClosedException}; the connection is then released, quietly.
     */
    @AllModes
    void a_peer_that_reads_nothing_makes_send_wait_until_it_leaves(Mode mode) throws Exception {
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Long> failedAt = new CompletableFuture<>();
        try (LogCapture log = LogCapture.server(); ServerHarness s = ServerHarness.start(mode, app -> app.ws("/flood", ws -> {
            byte[] piece = new byte[MESSAGE];
            try {
                for (int i = 0; i < COUNT * 16; i++) { // 1 GiB, were nothing to stop it
                    ws.send(piece);
                    sent.addAndGet(MESSAGE);
                }
            } catch (StreamClosedException e) {
                failedAt.complete(System.nanoTime());
            }
        })); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/flood")) {
            long plateau = StreamBackpressureTest.awaitPlateau(sent::get);
            assertThat(plateau).as("bytes sent before send waits").isLessThan(16L << 20);

            long leftAt = System.nanoTime();
            ws.socket.setSoLinger(true, 0);
            ws.close();
            long failed = failedAt.get(3, TimeUnit.SECONDS);
            assertThat((failed - leftAt) / 1_000_000).as("ms from the reset to the failed send").isLessThan(1000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (s.server.stats().openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(s.server.stats().openConnections()).as("connections left open after the peer reset").isZero();
            assertThat(log.atLeast(Level.WARNING)).as("a peer that leaves is no server failure").isEmpty();
        }
    }
}
