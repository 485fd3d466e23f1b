package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An idle blocking-style WebSocket keeps its handler's virtual thread parked in {@code receive()} for as long as the
 * connection lasts, and the thread keeps every frame under the park (over 100 bytes each while interpreted, the
 * first thousands of a burst). So nothing of Hayate's stands between the thread's start and the handler, and the
 * handler's {@code receive()} parks in its own frame: the whole stack is the JDK's park, receive, the handler, the
 * connection's run and the JDK's thread start.
 */
class WebSocketParkedHandlerStackTest {

    @Test
    void an_idle_handler_thread_is_parked_two_frames_above_its_start() throws Exception {
        CompletableFuture<Thread> handlerThread = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(Mode.VIRTUAL, app -> app.ws("/idle", ws -> {
                handlerThread.complete(Thread.currentThread());
                WebSocketMessage m;
                while ((m = ws.receive()) != null) {
                    ws.send(m.text());
                }
            }));
             WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/idle")) {
            Thread t = handlerThread.get(5, TimeUnit.SECONDS);
            assertThat(t.isVirtual()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<String> frames = Arrays.stream(t.getStackTrace())
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .toList();
            int receive = frames.indexOf(WebSocketConnection.class.getName() + ".receive");
            assertThat(receive).as("receive() on the parked stack %s", frames).isPositive();
            assertThat(frames.get(receive - 1)).as("receive() parks itself: %s", frames)
                .isEqualTo("java.util.concurrent.locks.LockSupport.park");
            assertThat(frames.get(receive + 1)).as("the handler called receive(): %s", frames)
                .startsWith(WebSocketParkedHandlerStackTest.class.getName() + ".lambda$");
            assertThat(frames.subList(receive + 2, frames.size())).as("under the handler: %s", frames)
                .containsExactly(WebSocketConnection.class.getName() + ".run", "java.lang.VirtualThread.run");

            ws.sendText("still there");
            assertThat(ws.readText()).isEqualTo("still there");
        }
    }
}
