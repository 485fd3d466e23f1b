package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.server.Server;
import io.hayate.server.WebSocketMessage;
import io.hayate.websocket.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket client in both styles against Hayate's server: echo, binary, subprotocols, compression, closing. */
class WebSocketClientTest {
    private static Server server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = Servers.hayate(app -> app
                .ws("/echo", ws -> {
                    WebSocketMessage m;
                    while ((m = ws.receive()) != null) {
                        if (m.isText() && m.text().equals("bye")) {
                            ws.close(4000, "bye to you");
                            return;
                        }
                        if (m.isText()) {
                            ws.send("echo: " + m.text());
                        } else {
                            ws.send(m.asBytes());
                        }
                    }
                })
                .ws("/proto", ws -> ws.send("chose " + ws.subprotocol()), "chat", "superchat")
                .ws("/burst", ws -> {
                    for (int i = 0; i < 200; i++) {
                        ws.send("message " + i + " " + "x".repeat(10_000));
                    }
                    ws.close();
                })
                .get("/plain", ctx -> "not a websocket"));
        client = HttpClient.create();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static ClientRequest ws(String path) {
        return ClientRequest.get("ws://127.0.0.1:" + server.port() + path);
    }

    @Test
    void blocking_style_echo_of_text_and_binary_then_close() throws Exception {
        ClientWebSocket ws = client.webSocketBlocking(ws("/echo"));
        assertThat(ws.isOpen()).isTrue();
        ws.send("hello");
        assertThat(ws.receive().text()).isEqualTo("echo: hello");
        ws.send(new byte[] {1, 2, 3});
        ClientWebSocket.Message binary = ws.receive();
        assertThat(binary.isText()).isFalse();
        assertThat(binary.bytes()).containsExactly(1, 2, 3);
        String big = "compressible ".repeat(50_000);
        ws.send(big);
        assertThat(ws.receive().text()).isEqualTo("echo: " + big);

        ws.close();
        assertThat(ws.receive()).isNull();
        assertThat(ws.receive()).isNull();
        assertThat(ws.isOpen()).isFalse();
        assertThat(ws.closeCode()).isEqualTo(CloseCodes.NORMAL);
        assertThatThrownBy(() -> ws.send("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_server_closes_with_its_code_and_reason() throws Exception {
        ClientWebSocket ws = client.webSocketBlocking(ws("/echo"));
        ws.send("bye");
        assertThat(ws.receive()).isNull();
        assertThat(ws.closeCode()).isEqualTo(4000);
        assertThat(ws.closeReason()).isEqualTo("bye to you");
    }

    @Test
    void callback_style_runs_on_the_loop_in_order() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        ClientWebSocket ws = client.webSocket(ws("/echo"), new ClientWebSocketListener() {
            @Override
            public void onOpen(ClientWebSocket w) {
                events.add("open on " + Thread.currentThread().getName().replaceAll("\\d+$", "N"));
                w.send("one");
            }

            @Override
            public void onText(ClientWebSocket w, String text) {
                events.add(text);
                if (text.equals("echo: one")) {
                    w.send(ByteBuffer.wrap("two".getBytes(StandardCharsets.UTF_8)));
                }
            }

            @Override
            public void onBinary(ClientWebSocket w, ByteBuffer bytes) {
                events.add("binary " + StandardCharsets.UTF_8.decode(bytes));
                w.send("bye");
            }

            @Override
            public void onClose(ClientWebSocket w, int code, String reason) {
                events.add("close " + code + " " + reason);
                closed.complete(code);
            }
        }).get(5, TimeUnit.SECONDS);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(4000);
        assertThat(events).containsExactly("open on hayate-client-N", "echo: one", "binary two", "close 4000 bye to you");
        assertThat(ws.isOpen()).isFalse();
    }

    @Test
    void a_subprotocol_is_offered_and_chosen() throws Exception {
        ClientWebSocket ws = client.webSocketBlocking(ws("/proto").withHeader("Sec-WebSocket-Protocol", "superchat, chat"));
        assertThat(ws.subprotocol()).isEqualTo("superchat");
        assertThat(ws.receive().text()).isEqualTo("chose superchat");
    }

    @Test
    void a_slow_reader_gets_every_message_in_order() throws Exception {
        ClientWebSocket ws = client.webSocketBlocking(ws("/burst"));
        Thread.sleep(300); // the inbox fills, reading pauses
        for (int i = 0; i < 200; i++) {
            assertThat(ws.receive().text()).startsWith("message " + i + " ");
        }
        assertThat(ws.receive()).isNull();
        assertThat(ws.closeCode()).isEqualTo(CloseCodes.NORMAL);
    }

    @Test
    void a_failed_handshake_says_what_the_server_answered() {
        assertThatThrownBy(() -> client.webSocketBlocking(ws("/plain")))
                .isInstanceOf(ClientException.class).hasMessageContaining("handshake failed").hasMessageContaining("200 OK");
        assertThatThrownBy(() -> client.webSocketBlocking(ws("/nothing-here")))
                .isInstanceOf(ClientException.class).hasMessageContaining("404");
    }

    @Test
    void a_dropped_connection_ends_with_1006_and_a_silent_server_times_out() throws Exception {
        try (RawServer raw = new RawServer((conn, i) -> {
                String head = conn.readHead();
                if (i == 0) {
                    String key = head.lines().filter(l -> l.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18))
                            .findFirst().orElseThrow().substring(18).strip();
                    conn.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + io.hayate.websocket.Handshake.accept(key) + "\r\n\r\n");
                    conn.write(new byte[] {(byte) 0x81, 2, 'h', 'i'}); // one text frame, then the connection drops
                    conn.socket.close();
                } else {
                    Thread.sleep(5_000);
                }
            });
             HttpClient quick = HttpClient.create(ClientConfig.defaults().withHeadersTimeout(java.time.Duration.ofMillis(300)))) {
            ClientWebSocket ws = quick.webSocketBlocking(ClientRequest.get(raw.url("/ws")));
            assertThat(ws.receive().text()).isEqualTo("hi");
            assertThat(ws.receive()).isNull();
            assertThat(ws.closeCode()).isEqualTo(CloseCodes.ABNORMAL);

            assertThatThrownBy(() -> quick.webSocketBlocking(ClientRequest.get(raw.url("/ws"))))
                    .isInstanceOf(ResponseTimeoutException.class).hasMessageContaining("no handshake answer within 300 ms");
        }
    }
}
