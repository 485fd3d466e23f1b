package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.WebSocketRoutes.Style;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server closing gracefully starts the close handshake of each open WebSocket with 1001 (going away), and stops as
 * soon as the peers have answered, not at its deadline.
 */
class WebSocketServerShutdownTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void closing_the_server_sends_1001_and_waits_only_for_the_answer(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        App app = App.create().configure(c -> c.withMode(mode).withPort(0));
        Server server = WebSocketRoutes.echo(app, "/echo", style, closed).start();
        try (WebSocketRawClient ws = WebSocketRawClient.open(server.port(), "/echo")) {
            ws.sendText("open");
            assertThat(ws.readText()).isEqualTo("open");

            long start = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.close(Duration.ofSeconds(5)));
            WebSocketRawClient.Frame close = ws.read();
            assertThat(close.closeCode()).isEqualTo(1001);
            ws.sendClose(1001, "");
            ws.assertServerClosedTcp();
            stopped.get(10, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to stop").isLessThan(2500);
            assertThat(closed.get(3, TimeUnit.SECONDS)).isEqualTo(1001);
        } finally {
            server.close(Duration.ofSeconds(1));
        }
    }
}
