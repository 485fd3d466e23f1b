package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code close(deadline)}: stop accepting, let in-flight requests finish with {@code Connection: close}, close idle
 * connections at once, and give up at the deadline.
 */
class ServerGracefulShutdownTest {

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Thread handlerThread;

    private ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .get("/", ctx -> "quick")
                .get("/slow", ctx -> {
                    started.countDown();
                    return ctx.delay(Duration.ofMillis(500)).thenApply(x -> "slow done");
                })
                .get("/never", ctx -> {
                    started.countDown();
                    return new CompletableFuture<String>();
                })
                .get("/stuck", ctx -> {
                    started.countDown();
                    release.await();
                    return "released";
                })
                .get("/deaf", ctx -> { // ignores interrupts: outlives any deadline
                    handlerThread = Thread.currentThread();
                    started.countDown();
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        } catch (InterruptedException ignored) {
                            // keep waiting
                        }
                    }
                    return "too late";
                }));
    }

    @AllModes
    void in_flight_request_finishes_with_connection_close(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            client.send(RawClient.get("/slow"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            long t0 = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> s.server.close(Duration.ofSeconds(5)));

            RawResponse r = client.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("slow done");
            assertThat(r.saysClose()).isTrue();
            client.assertClosed();
            closing.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("close waits for the request, not the deadline")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    @AllModes
    void new_connections_are_refused_while_and_after_closing(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            int port = s.port();
            RawClient client = s.connect();
            client.send(RawClient.get("/slow"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> s.server.close(Duration.ofSeconds(5)));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    Thread.sleep(10);
                } catch (SocketException e) { // refused, or reset by a listener closing during the handshake
                    refused = true;
                }
            }
            assertThat(refused).as("connections refused while the in-flight request still runs").isTrue();
            assertThat(closing).as("still draining").isNotDone();
            assertThat(client.read().bodyText()).isEqualTo("slow done");
            closing.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        }
    }

    @AllModes
    void idle_connection_is_closed_at_once(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient kept = s.connect();
            assertThat(kept.request(RawClient.get("/")).bodyText()).isEqualTo("quick");
            RawClient silent = s.connect(); // connected, never sent a byte
            Thread.sleep(50);

            long t0 = System.nanoTime();
            s.server.close(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("nothing to wait for").isLessThan(Duration.ofSeconds(1));
            kept.assertClosedWithin(Duration.ofMillis(500));
            silent.assertClosedWithin(Duration.ofMillis(500));
        }
    }

    @AllModes
    void close_returns_at_the_deadline_when_a_response_never_comes(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            client.send(RawClient.get("/never"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            long t0 = System.nanoTime();
            s.server.close(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
            assertThat(client.awaitEnd(Duration.ofSeconds(1))).isIn(RawClient.End.EOF, RawClient.End.RESET);
        }
    }

    @AllModes
    void close_returns_at_the_deadline_when_a_handler_blocks_forever(Mode mode) throws Exception {
        assumeTrue(mode != Mode.LOOP, "a LOOP handler must not block");
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            client.send(RawClient.get("/stuck"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            long t0 = System.nanoTime();
            s.server.close(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
            // closed before the handler is interrupted: the interrupted handler's 500 must not slip out
            assertThat(client.awaitEnd(Duration.ofSeconds(1))).isIn(RawClient.End.EOF, RawClient.End.RESET);
        } finally {
            release.countDown(); // a virtual thread is never interrupted: let it end
        }
    }

    @AllModes
    void handler_finishing_after_close_ends_quietly(Mode mode) throws Exception {
        assumeTrue(mode != Mode.LOOP, "a LOOP handler must not block");
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            client.send(RawClient.get("/deaf"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            s.server.close(Duration.ofMillis(200));
            assertThat(client.awaitEnd(Duration.ofSeconds(1))).isIn(RawClient.End.EOF, RawClient.End.RESET);

            release.countDown(); // the response now has nowhere to go
            handlerThread.join(2000);
            assertThat(handlerThread.isAlive()).isFalse();
            assertThat(uncaught).as("exceptions escaping the handler's thread").isEmpty();
        } finally {
            release.countDown();
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
