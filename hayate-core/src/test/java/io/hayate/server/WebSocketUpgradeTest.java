package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.websocket.Handshake;
import java.util.concurrent.CompletableFuture;

/**
 * The opening handshake over a real socket (RFC 6455 §4.2): 101 with the accept hash; a plain GET 426 with
 * {@code Upgrade: websocket}; a bad key 400; another version 426 naming version 13. Only a 101 switches protocols.
 */
class WebSocketUpgradeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> WebSocketRoutes.echo(app, "/ws", WebSocketRoutes.Style.BLOCKING, new CompletableFuture<>())
                .ws("/chat", ws -> ws.send("agreed " + ws.subprotocol()), "v2.chat", "v1.chat")
                .get("/plain", ctx -> "plain"));
    }

    @AllModes
    void a_valid_handshake_switches_protocols(Mode mode) throws Exception {
        try (ServerHarness s = start(mode);
             WebSocketRawClient ws = WebSocketRawClient.handshake(s.port(), WebSocketRawClient.upgradeRequest("/ws", KEY, ""))) {
            RawResponse r = ws.handshake;
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(r.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(r.header("Connection")).isEqualToIgnoringCase("Upgrade");
            // the sample key and answer of RFC 6455 §1.3
            assertThat(r.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(r.header("Sec-WebSocket-Extensions")).as("no permessage-deflate unless offered").isNull();
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.header("Transfer-Encoding")).isNull();
            ws.sendText("hi");
            assertThat(ws.readText()).isEqualTo("hi");
        }
    }

    @AllModes
    void the_first_offered_subprotocol_the_route_supports_is_agreed(Mode mode) throws Exception {
        try (ServerHarness s = start(mode);
             WebSocketRawClient ws = WebSocketRawClient.handshake(s.port(),
                     WebSocketRawClient.upgradeRequest("/chat", KEY, "Sec-WebSocket-Protocol: v1.chat, v2.chat\r\n"))) {
            assertThat(ws.handshake.status()).isEqualTo(101);
            assertThat(ws.handshake.header("Sec-WebSocket-Protocol")).isEqualTo("v1.chat");
            assertThat(ws.readText()).isEqualTo("agreed v1.chat");
            assertThat(ws.read().closeCode()).as("the handler returned").isEqualTo(1000);
            ws.sendClose(1000, "");
            ws.assertServerClosedTcp();
        }
    }

    @AllModes
    void a_plain_get_is_426_with_upgrade_websocket(Mode mode) throws Exception {
        try (ServerHarness s = start(mode); RawClient client = s.connect()) {
            RawResponse r = client.request(RawClient.get("/ws"));
            assertThat(r.status()).isEqualTo(426);
            assertThat(r.header("Upgrade")).isEqualTo("websocket");
            if (s.keepsAlive()) {
                assertThat(client.request(RawClient.get("/plain")).bodyText()).as("still plain HTTP").isEqualTo("plain");
            }
        }
    }

    @AllModes
    void a_bad_key_is_400(Mode mode) throws Exception {
        try (ServerHarness s = start(mode);
             WebSocketRawClient ws = WebSocketRawClient.handshake(s.port(), WebSocketRawClient.upgradeRequest("/ws", "c2hvcnQ=", ""))) {
            assertThat(ws.handshake.status()).isEqualTo(400);
            assertThat(ws.handshake.header("Sec-WebSocket-Accept")).isNull();
        }
    }

    @AllModes
    void version_8_is_426_naming_version_13(Mode mode) throws Exception {
        String request = WebSocketRawClient.upgradeRequest("/ws", KEY, "").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        try (ServerHarness s = start(mode); WebSocketRawClient ws = WebSocketRawClient.handshake(s.port(), request)) {
            assertThat(ws.handshake.status()).isEqualTo(426);
            assertThat(ws.handshake.header("Sec-WebSocket-Version")).isEqualTo(Handshake.VERSION);
            assertThat(ws.handshake.header("Sec-WebSocket-Accept")).isNull();
        }
    }

    @AllModes
    void frames_sent_right_behind_the_handshake_are_not_lost(Mode mode) throws Exception {
        byte[] frame = WebSocketRawClient.frame(true, 0, WebSocketRawClient.TEXT, true, "early".getBytes());
        String request = WebSocketRawClient.upgradeRequest("/ws", KEY, "") + new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1);
        try (ServerHarness s = start(mode); WebSocketRawClient ws = WebSocketRawClient.handshake(s.port(), request)) {
            assertThat(ws.handshake.status()).isEqualTo(101);
            assertThat(ws.readText()).isEqualTo("early");
        }
    }
}
