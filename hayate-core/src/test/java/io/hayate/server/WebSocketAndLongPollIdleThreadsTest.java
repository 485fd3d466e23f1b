package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Idle connections cost no thread: hundreds of open callback-style WebSockets and held long-poll requests leave the
 * JVM's platform thread count where it was, and each of them still answers at once when woken.
 */
class WebSocketAndLongPollIdleThreadsTest {
    private static final int CONNECTIONS = 200;
    /** Threads the JVM may start on its own meanwhile (compiler, GC, the virtual-thread scheduler's spares). */
    private static final int SLACK = 6;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"LOOP", "VIRTUAL"})
    void idle_websockets_and_held_long_polls_hold_no_thread(Mode mode) throws Exception {
        LinkedBlockingQueue<QueueBody> held = new LinkedBlockingQueue<>();
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withLoops(2), app -> app
                .get("/poll", ctx -> {
                    QueueBody q = Body.queue();
                    held.add(q);
                    return q;
                })
                .ws("/ws", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.send(text);
                    }

                    @Override
                    public void onBinary(WebSocket ws, ByteBuffer bytes) {
                        ws.send(bytes);
                    }
                }))) {
            // warm up: the first of each kind starts whatever is started once (scheduler carriers, timers)
            List<AutoCloseable> open = new ArrayList<>();
            try {
                WebSocketRawClient first = WebSocketRawClient.open(s.port(), "/ws");
                open.add(first);
                first.sendText("warm");
                assertThat(first.readText()).isEqualTo("warm");
                StreamClient firstPoll = new StreamClient(s.port());
                open.add(firstPoll);
                firstPoll.send(RawClient.get("/poll")).readHead();
                Thread.sleep(200);
                int before = platformThreads();

                List<WebSocketRawClient> sockets = new ArrayList<>();
                List<StreamClient> polls = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/ws");
                    open.add(ws);
                    sockets.add(ws);
                    StreamClient poll = new StreamClient(s.port());
                    open.add(poll);
                    poll.send(RawClient.get("/poll")).readHead();
                    polls.add(poll);
                }
                Thread.sleep(200);
                int during = platformThreads();
                assertThat(held).hasSize(CONNECTIONS + 1);
                assertThat(during - before).as("platform threads added by " + CONNECTIONS + " idle WebSockets and "
                        + CONNECTIONS + " held requests (" + before + " before)").isLessThanOrEqualTo(SLACK);

                // all of them are alive and answer when woken
                for (QueueBody q; (q = held.poll()) != null; ) {
                    q.put("woken");
                    q.close();
                }
                for (StreamClient poll : polls) {
                    assertThat(poll.restOfBody()).isEqualTo("woken");
                }
                for (int i = 0; i < sockets.size(); i++) {
                    sockets.get(i).sendText("ping " + i);
                }
                for (int i = 0; i < sockets.size(); i++) {
                    assertThat(sockets.get(i).readText()).isEqualTo("ping " + i);
                }
            } finally {
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
        }
    }

    private static int platformThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getThreadCount(); // live platform threads; virtual threads are not counted
    }
}
