package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.server.WebSocketRoutes.Style;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The articles' own WebSocket clients, {@code websockets} and {@code aiohttp}, as independent peers of both endpoint
 * styles in every mode: echo, permessage-deflate negotiated because they offer it, ping, and a close with a code
 * that both ends agree on.
 */
class WebSocketPythonClientTest {

    @BeforeAll
    static void pythonModulesAreInstalled() throws Exception {
        PythonPeer.require("websockets", "aiohttp");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void websockets_client_echoes_with_permessage_deflate_and_closes_with_its_code(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> WebSocketRoutes.echo(app, "/echo", style, closed))) {
            Properties r = PythonPeer.run("ws_websockets_client.py", "ws://127.0.0.1:" + s.port() + "/echo");

            assertThat(r.getProperty("extensions")).as("negotiated, because websockets offers it").startsWith("permessage-deflate");
            assertThat(r.getProperty("text")).isEqualTo("hello from websockets");
            assertThat(r.getProperty("big_echoed")).isEqualTo("True");
            assertThat(r.getProperty("binary_echoed")).isEqualTo("True");
            assertThat(r.getProperty("pong")).isEqualTo("True");
            assertThat(r.getProperty("close_code")).as("the server echoed the client's code").isEqualTo("4001");
            assertThat(closed.get(3, TimeUnit.SECONDS)).as("the code the endpoint saw").isEqualTo(4001);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.hayate.server.WebSocketRoutes#modesAndStyles")
    void aiohttp_client_echoes_and_closes_with_its_code(Mode mode, Style style) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (ServerHarness s = ServerHarness.start(mode, app -> WebSocketRoutes.echo(app, "/echo", style, closed))) {
            Properties r = PythonPeer.run("ws_aiohttp_client.py", "http://127.0.0.1:" + s.port() + "/echo");

            assertThat(r.getProperty("compress")).as("permessage-deflate agreed: the window bits").isEqualTo("15");
            assertThat(r.getProperty("text")).isEqualTo("hi from aiohttp " + "z".repeat(5000));
            assertThat(r.getProperty("binary")).isEqualTo("[0, 1, 255]");
            assertThat(r.getProperty("close_code")).isEqualTo("4002");
            assertThat(closed.get(3, TimeUnit.SECONDS)).isEqualTo(4002);
        }
    }

    /** Negotiation does not depend on the mode: one is enough. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Style.class)
    void with_compression_turned_off_the_offer_is_declined(Style style) throws Exception {
        try (ServerHarness s = ServerHarness.start(Mode.VIRTUAL, c -> c.withWebSocketCompression(false),
                app -> WebSocketRoutes.echo(app, "/echo", style, new CompletableFuture<>()))) {
            Properties r = PythonPeer.run("ws_websockets_client.py", "ws://127.0.0.1:" + s.port() + "/echo");
            assertThat(r.getProperty("extensions")).isEqualTo("None");
            assertThat(r.getProperty("big_echoed")).isEqualTo("True");
            assertThat(r.getProperty("close_code")).isEqualTo("4001");
        }
    }
}
