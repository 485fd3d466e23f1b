package io.hayate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A functional check, not a benchmark: a thousand requests that each wait one second finish together, and the server
 * starts no thread for them. Waiting is {@code ctx.delay}, a timer on the loop, so no thread is held.
 */
class ServerConcurrencyTest {
    private static final int CLIENTS = 1000;
    private static final byte[] REQUEST = RawClient.get("/slow").getBytes(ISO_8859_1);

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"LOOP", "VIRTUAL"})
    void a_thousand_waiting_requests_finish_together_without_more_threads(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withLoops(2), app -> app
                .get("/slow", ctx -> ctx.delay(Duration.ofSeconds(1)).thenApply(x -> "ok"))
                .get("/", ctx -> "warm"))) {
            for (int i = 0; i < 4; i++) { // starts the virtual-thread scheduler's carriers, if the mode uses them
                s.connect().request(RawClient.get("/"));
            }
            int hayateBefore = hayateThreads();
            int totalBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            Result r = run(s.port());

            assertThat(r.ok).as("200 ok answers").isEqualTo(CLIENTS);
            assertThat(r.took).as("all answered together").isBetween(Duration.ofMillis(950), Duration.ofSeconds(3));
            assertThat(r.peakHayateThreads).as("hayate- threads while serving").isEqualTo(hayateBefore).isEqualTo(2);
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("hayate-carrier-watch")))
                    .as("carrier watches").hasSizeLessThanOrEqualTo(1);
            assertThat(r.peakTotalThreads).as("JVM platform threads while serving (before: " + totalBefore + ")")
                    .isLessThanOrEqualTo(totalBefore + 4); // room for a scheduler thread or two, not for one per request
        }
    }

    record Result(int ok, Duration took, int peakHayateThreads, int peakTotalThreads) {}

    /** Opens every connection at once, sends one request on each, reads every answer; samples threads meanwhile. */
    private static Result run(int port) throws IOException {
        long t0 = System.nanoTime();
        int ok = 0;
        int done = 0;
        int peakHayate = 0;
        int peakTotal = 0;
        List<SocketChannel> channels = new ArrayList<>(CLIENTS);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < CLIENTS; i++) {
                SocketChannel ch = SocketChannel.open();
                channels.add(ch);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                ch.register(selector, SelectionKey.OP_CONNECT, new Conn());
            }
            long deadline = t0 + Duration.ofSeconds(10).toNanos();
            while (done < CLIENTS && System.nanoTime() < deadline) {
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    Conn c = (Conn) key.attachment();
                    if (key.isConnectable()) {
                        ch.finishConnect();
                        ch.write(ByteBuffer.wrap(REQUEST)); // 38 bytes: one write on a fresh socket
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        int n = ch.read(c.in);
                        String text = new String(c.in.array(), 0, c.in.position(), ISO_8859_1);
                        if (n < 0 || text.endsWith("\r\n\r\nok")) {
                            done++;
                            if (text.startsWith("HTTP/1.1 200 ") && text.endsWith("\r\n\r\nok")) {
                                ok++;
                            }
                            key.cancel();
                        }
                    }
                }
                selector.selectedKeys().clear();
                peakHayate = Math.max(peakHayate, hayateThreads());
                peakTotal = Math.max(peakTotal, ManagementFactory.getThreadMXBean().getThreadCount());
            }
        } finally {
            for (SocketChannel ch : channels) {
                ch.close();
            }
        }
        return new Result(ok, Duration.ofNanos(System.nanoTime() - t0), peakHayate, peakTotal);
    }

    private static final class Conn {
        final ByteBuffer in = ByteBuffer.allocate(512);
    }

    /** Hayate's threads but the JVM's carrier watch and rescuers, which every server that carries threads shares. */
    private static int hayateThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("hayate-") && !t.getName().startsWith("hayate-carrier-")).count();
    }
}
