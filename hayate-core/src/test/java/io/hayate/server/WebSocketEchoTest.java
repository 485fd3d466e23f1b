package io.hayate.server;

import static io.hayate.server.WebSocketRawClient.BINARY;
import static io.hayate.server.WebSocketRawClient.CONTINUATION;
import static io.hayate.server.WebSocketRawClient.PING;
import static io.hayate.server.WebSocketRawClient.PONG;
import static io.hayate.server.WebSocketRawClient.TEXT;
import static io.hayate.server.WebSocketRawClient.frame;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.WebSocketRoutes.Style;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages over a real socket, in both endpoint styles and every mode: text and binary echo, a fragmented message
 * reassembled (with a ping between its fragments), ping answered by a pong with the same payload, and the close
 * handshake started by either side.
 */
class WebSocketEchoTest {

    private static ServerHarness start(Mode mode, Style style, CompletableFuture<Integer> closed) {
        return ServerHarness.start(mode, app -> WebSocketRoutes.echo(app, "/echo", style, closed));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void text_and_binary_messages_are_echoed(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = start(mode, style, closed); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/echo")) {
            ws.sendText("héllo wörld ☃");
            assertThat(ws.readText()).isEqualTo("héllo wörld ☃");

            byte[] bytes = new byte[70_000]; // a 64-bit length on the way back
            new Random(1).nextBytes(bytes);
            ws.sendBinary(bytes);
            WebSocketRawClient.Frame back = ws.read();
            assertThat(back.opcode()).isEqualTo(BINARY);
            assertThat(back.payload()).isEqualTo(bytes);

            ws.sendText("");
            assertThat(ws.readText()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void a_fragmented_message_is_reassembled_and_a_ping_between_fragments_answered(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = start(mode, style, closed); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/echo")) {
            byte[] snowman = "☃".getBytes(UTF_8); // a code point split across two fragments
            ws.send(frame(false, 0, TEXT, true, concat("Hel".getBytes(UTF_8), new byte[] {snowman[0]})));
            ws.send(frame(false, 0, CONTINUATION, true, new byte[] {snowman[1], snowman[2], 'l'}));
            ws.send(frame(true, 0, PING, true, "mid".getBytes(UTF_8)));
            ws.send(frame(true, 0, CONTINUATION, true, "o".getBytes(UTF_8)));

            WebSocketRawClient.Frame pong = ws.read();
            assertThat(pong.opcode()).as("the pong comes before the message is complete").isEqualTo(PONG);
            assertThat(pong.text()).isEqualTo("mid");
            assertThat(ws.readText()).isEqualTo("Hel☃lo");

            ws.send(frame(false, 0, BINARY, true, new byte[] {1, 2}));
            ws.send(frame(true, 0, CONTINUATION, true, new byte[] {3}));
            WebSocketRawClient.Frame binary = ws.read();
            assertThat(binary.opcode()).isEqualTo(BINARY);
            assertThat(binary.payload()).containsExactly(1, 2, 3);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void a_ping_is_answered_with_a_pong_carrying_the_same_payload(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = start(mode, style, closed); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/echo")) {
            byte[] payload = new byte[125]; // the most a control frame may carry
            new Random(2).nextBytes(payload);
            ws.send(frame(true, 0, PING, true, payload));
            WebSocketRawClient.Frame pong = ws.read();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.fin()).isTrue();
            assertThat(pong.payload()).isEqualTo(payload);

            ws.send(frame(true, 0, PING, true, new byte[0]));
            assertThat(ws.read().payload()).isEmpty();
            ws.send(frame(true, 0, PONG, true, "unsolicited".getBytes(UTF_8))); // ignored
            ws.sendText("still here");
            assertThat(ws.readText()).isEqualTo("still here");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void a_close_from_the_client_is_echoed_with_its_code_and_the_tcp_connection_closed(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = start(mode, style, closed); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/echo")) {
            ws.sendText("before");
            assertThat(ws.readText()).isEqualTo("before");
            ws.sendClose(4000, "bye");
            ws.expectCloseThenEof(4000);
            assertThat(closed.get(3, TimeUnit.SECONDS)).as("the code the endpoint saw").isEqualTo(4000);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void a_close_without_a_code_is_answered_without_one(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = start(mode, style, closed); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/echo")) {
            ws.send(frame(true, 0, WebSocketRawClient.CLOSE, true, new byte[0]));
            WebSocketRawClient.Frame close = ws.read();
            assertThat(close.opcode()).isEqualTo(WebSocketRawClient.CLOSE);
            assertThat(close.payload()).as("1005 is never sent: the answer has no code either").isEmpty();
            ws.assertServerClosedTcp();
            assertThat(closed.get(3, TimeUnit.SECONDS)).isEqualTo(1005);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void a_close_started_by_the_server_ends_after_the_client_answers(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> {
            if (style == Style.BLOCKING) {
                app.ws("/bye", ws -> {
                    ws.send("last words");
                    ws.close(4100, "done");
                    while (ws.receive() != null) {
                        // wait for the close handshake to finish
                    }
                    closed.complete(ws.closeCode());
                });
            } else {
                app.ws("/bye", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.send("last words");
                        ws.close(4100, "done");
                    }

                    @Override
                    public void onClose(WebSocket ws, int code, String reason) {
                        closed.complete(code);
                    }
                });
            }
        }); WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/bye")) {
            assertThat(ws.readText()).isEqualTo("last words");
            WebSocketRawClient.Frame close = ws.read();
            assertThat(close.closeCode()).isEqualTo(4100);
            assertThat(close.closeReason()).isEqualTo("done");
            ws.sendClose(4100, "");
            ws.assertServerClosedTcp();
            assertThat(closed.get(3, TimeUnit.SECONDS)).isEqualTo(4100);
        }
    }

    @AllModes
    void a_blocking_handler_that_returns_closes_with_1000(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.ws("/once", ws -> ws.send("one")));
             WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/once")) {
            assertThat(ws.readText()).isEqualTo("one");
            assertThat(ws.read().closeCode()).isEqualTo(1000);
            ws.sendClose(1000, "");
            ws.assertServerClosedTcp();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
