package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.WebSocketRoutes.Style;
import io.hayate.websocket.Handshake;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a WebSocket tells about the request that opened it (path, path and query parameters, headers, the peer's
 * address), in both styles and every mode, long after the handshake: the connection keeps these, not the HTTP
 * exchange, which the collector can take while the WebSocket lives on. And {@code receive()} is for one thread at a
 * time.
 */
class WebSocketRequestViewTest {

    private static String describe(WebSocket ws) {
        return ws.path() + "|" + ws.pathParam("room") + "|" + ws.pathParams() + "|" + ws.queryParam("who") + "|"
            + ws.queryParam("none") + "|" + ws.headers().get("X-Team") + "|"
            + (ws.remoteAddress() instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress());
    }

    private static App routes(App app, Style style) {
        if (style == Style.BLOCKING) {
            return app.ws("/rooms/{room}", ws -> {
                while (ws.receive() != null) {
                    ws.send(describe(ws));
                }
            });
        }
        return app.ws("/rooms/{room}", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.send(describe(ws));
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void the_opening_request_is_still_known_after_the_handshake(Mode mode, Style style) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> routes(app, style))) {
            String key = Handshake.newKey();
            String request = WebSocketRawClient.upgradeRequest("/rooms/blue%20sky?who=ann%26bob&x=1", key, "X-Team: red\r\n");
            try (WebSocketRawClient ws = WebSocketRawClient.handshake(s.port(), request)) {
                assertThat(ws.handshake.status()).isEqualTo(101);
                for (int i = 0; i < 2; i++) { // the second answer comes from what is kept, not from a first lookup
                    ws.sendText("who?");
                    assertThat(ws.readText()).isEqualTo("/rooms/blue sky|blue sky|{room=blue sky}|ann&bob|null|red|true");
                }
            }
        }
    }

    /** Not BLOCKING: there the one serving thread holds the exchange on its stack until the connection ends. */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"LOOP", "VIRTUAL", "THREADS"})
    void an_open_websocket_does_not_keep_the_http_exchange_it_came_from(Mode mode) throws Exception {
        AtomicReference<WeakReference<Context>> exchange = new AtomicReference<>();
        WebSocketRoute echo = new WebSocketRoute(List.of(), null, new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.send(text);
            }
        });
        try (ServerHarness s = ServerHarness.start(mode, app -> app.route("GET", "/held", ctx -> {
            exchange.set(new WeakReference<>(ctx));
            return echo.handle(ctx);
        }))) {
            try (WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/held")) {
                ws.sendText("one");
                assertThat(ws.readText()).isEqualTo("one");
                WeakReference<Context> ref = exchange.get();
                for (int i = 0; i < 50 && ref.get() != null; i++) {
                    System.gc();
                    Thread.sleep(50);
                }
                assertThat(ref.get()).as("the exchange (and through it the HTTP connection) is still reachable").isNull();
                ws.sendText("two"); // and the WebSocket still works
                assertThat(ws.readText()).isEqualTo("two");
            }
        }
    }

    @Test
    void a_second_thread_waiting_in_receive_is_refused_with_a_clear_error() throws Exception {
        try (ServerHarness s = ServerHarness.start(Mode.VIRTUAL, app -> app.ws("/two", ws -> {
            Thread first = Thread.ofVirtual().start(() -> {
                WebSocketMessage m = ws.receive();
                ws.send("first got " + m.text());
            });
            while (first.getState() != Thread.State.WAITING) {
                Thread.yield(); // lets the first thread run where the loop carries both
            }
            try {
                ws.receive();
                ws.send("second receive() returned");
            } catch (IllegalStateException e) {
                ws.send("refused: " + e.getMessage());
            }
            first.join();
        }))) {
            try (WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/two")) {
                assertThat(ws.readText()).startsWith("refused: receive() is already waiting on")
                    .endsWith("one thread receives from a WebSocket at a time");
                ws.sendText("hello");
                assertThat(ws.readText()).isEqualTo("first got hello");
                WebSocketRawClient.Frame close = ws.read(); // the handler returned
                assertThat(close.opcode()).isEqualTo(WebSocketRawClient.CLOSE);
                assertThat(close.closeCode()).isEqualTo(1000);
            }
        }
    }
}
