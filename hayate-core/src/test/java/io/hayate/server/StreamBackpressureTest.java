package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that stops reading makes the producer wait; the server's heap does not grow with what the producer
 * would write. Once the client goes, the waiting write fails at once and the stream's onClose runs.
 */
class StreamBackpressureTest {
    private static final long GIB = 1L << 30;
    private static final int PIECE = 64 * 1024;
    /**
     * What may be written before the producer waits: the kernel's socket buffers (loopback send buffers autotune to
     * 4 MiB at most, the silent client's receive buffer grows little as it reads nothing), the 64 KiB high-water
     * mark, and the piece being written; with a wide margin, and still far below 1 GiB.
     */
    private static final long MAX_WRITTEN_WHILE_BLOCKED = 16L << 20;
    private static final long MAX_HEAP_GROWTH = 64L << 20;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"BLOCKING", "THREADS", "VIRTUAL"})
    void a_client_that_reads_nothing_makes_the_producer_wait_and_the_heap_stay_flat(Mode mode) throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch onClose = new CountDownLatch(1);
        CompletableFuture<Long> failedAt = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/gib", ctx -> Body.stream(out -> {
                    out.onClose(onClose::countDown);
                    byte[] piece = new byte[PIECE];
                    try {
                        while (written.get() < GIB) {
                            out.write(piece);
                            written.addAndGet(piece.length);
                        }
                    } catch (StreamClosedException e) {
                        failedAt.complete(System.nanoTime());
                        throw e;
                    }
                }))
                .get("/ok", ctx -> "ok"))) {
            long heapBefore = usedHeapAfterGc();
            StreamClient silent = new StreamClient(s.port());
            silent.send(RawClient.get("/gib"));

            long plateau = awaitPlateau(written::get);
            assertThat(plateau).as("bytes written before the producer waits").isPositive().isLessThan(MAX_WRITTEN_WHILE_BLOCKED);
            Thread.sleep(300);
            assertThat(written.get()).as("the producer is still waiting").isEqualTo(plateau);
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertThat(heapGrowth).as("heap growth while the producer waits (bytes)").isLessThan(MAX_HEAP_GROWTH);

            long closedAt = System.nanoTime();
            silent.close(); // with unread bytes in its buffer, the client's kernel answers with a reset
            long failed = failedAt.get(3, TimeUnit.SECONDS);
            assertThat((failed - closedAt) / 1_000_000).as("ms from the close to the failed write").isLessThan(1000);
            assertThat(onClose.await(2, TimeUnit.SECONDS)).as("onClose ran").isTrue();
            assertThat(written.get()).isEqualTo(plateau);

            try (RawClient next = new RawClient(s.port())) {
                assertThat(next.request(RawClient.get("/ok")).bodyText()).isEqualTo("ok");
            }
        }
    }

    /**
     * Several threads sending to one event stream (a chat fanning out from many publishers): past the high-water mark
     * every one of them waits, none is lost when the client reads again, and every one wakes with the failure when
     * the client goes instead.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"THREADS", "VIRTUAL"})
    void several_writers_wait_together_and_all_resume_or_all_fail(Mode mode) throws Exception {
        int writers = 4;
        int eventsEach = 400; // more than the socket buffers hold: no writer can be done before all of them wait
        String data = "x".repeat(16 * 1024);
        for (boolean clientReads : new boolean[] {true, false}) {
            AtomicLong sent = new AtomicLong();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch allDone = new CountDownLatch(writers);
            try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/fan", ctx -> Body.sse(events -> {
                    for (int w = 0; w < writers; w++) {
                        Thread.ofVirtual().name("writer-" + w).start(() -> {
                            try {
                                for (int i = 0; i < eventsEach; i++) {
                                    events.send(data);
                                    sent.incrementAndGet();
                                }
                            } catch (StreamClosedException e) {
                                failed.incrementAndGet();
                            } finally {
                                allDone.countDown();
                            }
                        });
                    }
                    try {
                        allDone.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    events.close();
                })))) {
                StreamClient client = new StreamClient(s.port(), 16 * 1024);
                client.send(RawClient.get("/fan"));
                long plateau = awaitPlateau(sent::get);
                assertThat(plateau).as("events sent before every writer waits").isLessThan((long) writers * eventsEach);
                Thread.sleep(200);
                assertThat(sent.get()).as("all writers still waiting").isEqualTo(plateau);
                if (clientReads) {
                    assertThat(client.readHead().status()).isEqualTo(200);
                    String body = client.restOfBody();
                    int events = body.split("\n\n", -1).length - 1;
                    assertThat(events).as("every event of every writer arrived").isEqualTo(writers * eventsEach);
                    assertThat(allDone.await(5, TimeUnit.SECONDS)).isTrue();
                    assertThat(failed.get()).isZero();
                } else {
                    client.close();
                    assertThat(allDone.await(3, TimeUnit.SECONDS)).as("every waiting writer woke").isTrue();
                    assertThat(failed.get()).as("writers that got the failure").isEqualTo(writers);
                }
                client.close();
            }
        }
    }

    /**
     * The event-loop style: {@code write} never waits on a loop (in {@link Mode#BLOCKING}, the timer loop); it returns
     * false past the high-water mark, and {@code onWritable} calls back once the client has read enough.
     */
    @AllModes
    void on_the_loop_write_returns_false_past_the_high_water_mark_and_on_writable_resumes(Mode mode) throws Exception {
        int total = 8 << 20;
        int piece = 16 * 1024;
        AtomicLong sent = new AtomicLong();
        AtomicInteger refusals = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        CompletableFuture<Boolean> writableAtRefusal = new CompletableFuture<>();
        CompletableFuture<String> wrongThread = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/pump", ctx -> Body.open(out ->
                // started from a loop callback in every mode, so writes never wait
                ctx.later(Duration.ZERO, new Runnable() {
                    @Override
                    public void run() {
                        if (!ctx.loop().inLoop()) {
                            wrongThread.complete(Thread.currentThread().getName());
                        }
                        byte[] bytes = new byte[piece];
                        while (sent.get() < total) {
                            boolean more = out.write(bytes);
                            sent.addAndGet(piece);
                            if (!more) {
                                refusals.incrementAndGet();
                                writableAtRefusal.complete(out.isWritable());
                                out.onWritable(() -> {
                                    resumes.incrementAndGet();
                                    run();
                                });
                                return;
                            }
                        }
                        out.close();
                    }
                }))));
             StreamClient client = new StreamClient(s.port())) {
            client.send(RawClient.get("/pump"));
            assertThat(writableAtRefusal.get(5, TimeUnit.SECONDS)).as("isWritable() when write said false").isFalse();
            long plateau = awaitPlateau(sent::get);
            assertThat(plateau).isLessThan(MAX_WRITTEN_WHILE_BLOCKED).isLessThan(total);
            int resumesWhileSilent = resumes.get();

            client.readHead();
            long received = 0;
            for (StreamClient.Chunk c; (c = client.nextChunk()) != null; ) {
                received += c.bytes().length;
            }
            assertThat(received).isEqualTo(total);
            assertThat(resumes.get()).as("onWritable called back once the client read").isGreaterThan(resumesWhileSilent);
            assertThat(refusals.get()).isEqualTo(resumes.get());
            assertThat(wrongThread).isNotDone();
        }
    }

    /**
     * A write plus close made in an {@code onWritable} callback, more than the socket takes at once: everything still
     * reaches the client, and the last chunk after it (the stream does not count as sent while bytes wait).
     */
    @AllModes
    void a_stream_closed_from_on_writable_after_a_large_write_sends_it_all(Mode mode) throws Exception {
        int big = 16 << 20;
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/tail", ctx -> Body.open(out -> ctx.later(Duration.ZERO, () -> {
            byte[] piece = new byte[PIECE];
            while (out.write(piece)) {
                // until past the high-water mark
            }
            out.onWritable(() -> {
                out.write(new byte[big]);
                out.close();
            });
        }))).get("/ok", ctx -> "ok"));
             StreamClient client = new StreamClient(s.port())) {
            client.send(RawClient.get("/tail")).readHead();
            long received = 0;
            for (StreamClient.Chunk c; (c = client.nextChunk()) != null; ) {
                received += c.bytes().length;
            }
            assertThat(received % PIECE).isZero();
            assertThat(received).isGreaterThan(big);
            if (s.keepsAlive()) {
                client.send(RawClient.get("/ok")).readHead();
                assertThat(client.readExactly(2)).containsExactly('o', 'k');
            }
        }
    }

    /** Samples {@code counter} until it has not moved for 300 ms; fails after 10 s. */
    static long awaitPlateau(LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        int steady = 0;
        while (System.nanoTime() < deadline) {
            long now = counter.getAsLong();
            if (now == last && now > 0) {
                if (++steady == 3) {
                    return now;
                }
            } else {
                steady = 0;
                last = now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("still growing after 10 s: " + counter.getAsLong());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
