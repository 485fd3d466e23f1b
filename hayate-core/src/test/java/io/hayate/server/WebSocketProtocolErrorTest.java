package io.hayate.server;

import static io.hayate.server.WebSocketRawClient.BINARY;
import static io.hayate.server.WebSocketRawClient.CONTINUATION;
import static io.hayate.server.WebSocketRawClient.PING;
import static io.hayate.server.WebSocketRawClient.TEXT;
import static io.hayate.server.WebSocketRawClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.WebSocketRoutes.Style;
import io.hayate.websocket.WsLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that breaks RFC 6455 gets a close frame with the code for what it broke (1002 protocol error, 1007
 * invalid UTF-8, 1009 too big), then the TCP connection closes; the endpoint sees the same code. Frames whose header
 * alone decides are sent without their payload, so the server has nothing unread when it closes.
 */
class WebSocketProtocolErrorTest {
    private static final int LIMIT = 1024;
    private static final byte[] NOTHING = new byte[0];

    /** A way to break the protocol, and the close code it earns. */
    enum Breach {
        UNMASKED_FRAME(1002, frame(true, 0, TEXT, false, "hi".getBytes())),
        RSV1_WITHOUT_DEFLATE(1002, frame(true, 0b100, TEXT, true, "hi".getBytes())),
        RSV3(1002, frame(true, 0b001, BINARY, true, "hi".getBytes())),
        OPCODE_3(1002, frame(true, 0, 0x3, true, NOTHING)),
        OPCODE_11(1002, frame(true, 0, 0xB, true, NOTHING)),
        PING_OF_126_BYTES(1002, frame(true, 0, PING, true, NOTHING, 126)),
        FRAGMENTED_PING(1002, frame(false, 0, PING, true, NOTHING)),
        CONTINUATION_WITHOUT_MESSAGE(1002, frame(true, 0, CONTINUATION, true, "x".getBytes())),
        INVALID_UTF8(1007, frame(true, 0, TEXT, true, new byte[] {'o', 'k', (byte) 0xC3, 0x28})),
        INVALID_UTF8_ACROSS_FRAGMENTS(1007, concat(frame(false, 0, TEXT, true, new byte[] {(byte) 0xE2, (byte) 0x98}),
                frame(true, 0, CONTINUATION, true, new byte[] {'x'}))),
        CLOSE_WITH_ONE_BYTE(1002, frame(true, 0, WebSocketRawClient.CLOSE, true, new byte[] {3})),
        CLOSE_WITH_CODE_1005(1002, frame(true, 0, WebSocketRawClient.CLOSE, true, new byte[] {0x03, (byte) 0xED})),
        CLOSE_WITH_INVALID_UTF8_REASON(1007, frame(true, 0, WebSocketRawClient.CLOSE, true, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF})),
        FRAME_OVER_LIMIT(1009, frame(true, 0, BINARY, true, NOTHING, LIMIT + 1)),
        MESSAGE_OVER_LIMIT(1009, concat(frame(false, 0, TEXT, true, "a".repeat(600).getBytes()),
                frame(true, 0, CONTINUATION, true, NOTHING, 600)));

        final int code;
        final byte[] bytes;

        Breach(int code, byte[] bytes) {
            this.code = code;
            this.bytes = bytes;
        }
    }

    static Stream<Arguments> breaches() {
        List<Arguments> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            for (Style s : Style.values()) {
                for (Breach b : Breach.values()) {
                    out.add(Arguments.of(m, s, b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("breaches")
    void a_protocol_error_is_answered_with_its_close_code_then_the_connection_closes(Mode mode, Style style, Breach breach)
            throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withWebSocketLimits(new WsLimits(LIMIT, LIMIT)),
                app -> WebSocketRoutes.echo(app, "/echo", style, closed));
             WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/echo")) {
            ws.sendText("fine so far");
            assertThat(ws.readText()).isEqualTo("fine so far");

            ws.send(breach.bytes);
            WebSocketRawClient.Frame close = ws.expectCloseThenEof(breach.code);
            assertThat(close.payload().length).as("close payload fits a control frame").isLessThanOrEqualTo(125);
            assertThat(closed.get(3, TimeUnit.SECONDS)).as("the code the endpoint saw").isEqualTo(breach.code);
        }
    }

    @AllModes
    void a_message_at_the_limit_is_accepted(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, c -> c.withWebSocketLimits(new WsLimits(LIMIT, LIMIT)),
                app -> WebSocketRoutes.echo(app, "/echo", Style.BLOCKING, new CompletableFuture<>()));
             WebSocketRawClient ws = WebSocketRawClient.open(s.port(), "/echo")) {
            String text = "b".repeat(LIMIT);
            ws.sendText(text);
            assertThat(ws.readText()).isEqualTo(text);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
