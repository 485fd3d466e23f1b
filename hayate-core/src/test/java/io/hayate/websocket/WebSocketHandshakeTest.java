package io.hayate.websocket;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.Headers;
import io.hayate.http.RequestHead;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Handshake}, both sides (named WebSocket* so the codec's test filter picks it up). */
class WebSocketHandshakeTest {
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    @Test
    void rfc_accept_vector() {
        assertThat(Handshake.accept(RFC_KEY)).isEqualTo(RFC_ACCEPT);
    }

    @Test
    void accept_is_right_from_many_threads_at_once() throws Exception {
        // each call digests with its own copy of one SHA-1: no state shared between handshakes
        String[] keys = new String[64];
        String[] expected = new String[keys.length];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < keys.length; i++) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            keys[i] = Base64.getEncoder().encodeToString(nonce);
            expected[i] = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((keys[i] + Handshake.GUID).getBytes(ISO_8859_1)));
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 2_000; round++) {
                        int i = round % keys.length;
                        if (!Handshake.accept(keys[i]).equals(expected[i])) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }

    // ---------------------------------------------------------------- server

    @Test
    void a_valid_request_yields_its_key() {
        assertThat(Handshake.validateRequest(request(h -> {}))).isEqualTo(RFC_KEY);
    }

    @Test
    void tokens_compare_case_insensitively_and_lists_are_split() {
        RequestHead r = request(h -> {
            h.set("Upgrade", "WebSocket");
            h.set("Connection", "keep-alive");
            h.add("Connection", "Upgrade");
            h.set("Sec-WebSocket-Key", " " + RFC_KEY + " ");
        });
        assertThat(Handshake.validateRequest(r)).isEqualTo(RFC_KEY);
        assertThat(Handshake.validateRequest(request(h -> h.set("Connection", "keep-alive, UPGRADE")))).isEqualTo(RFC_KEY);
    }

    @Test
    void method_must_be_get() {
        HandshakeException e = fails(new RequestHead("POST", "/ws", "/ws", null, 1, headers(h -> {}), -1, false, true, false, null));
        assertThat(e.error()).isEqualTo(HandshakeError.METHOD_NOT_GET);
        assertThat(e.status()).isEqualTo(405);
        assertThat(answerHeaders(e)).isEqualTo("Allow: GET");
    }

    @Test
    void http_1_0_is_refused() {
        HandshakeException e = fails(new RequestHead("GET", "/ws", "/ws", null, 0, headers(h -> {}), -1, false, false, false, null));
        assertThat(e.error()).isEqualTo(HandshakeError.HTTP_1_0);
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void missing_or_other_upgrade_is_426_with_upgrade_websocket() {
        for (Consumer<Headers> change : List.<Consumer<Headers>>of(h -> h.remove("Upgrade"), h -> h.set("Upgrade", "h2c"))) {
            HandshakeException e = fails(request(change));
            assertThat(e.error()).isEqualTo(HandshakeError.NOT_A_WEBSOCKET_UPGRADE);
            assertThat(e.status()).isEqualTo(426);
            assertThat(answerHeaders(e)).isEqualTo("Upgrade: websocket, Connection: Upgrade");
        }
    }

    @Test
    void connection_must_list_upgrade() {
        HandshakeException e = fails(request(h -> h.set("Connection", "keep-alive")));
        assertThat(e.error()).isEqualTo(HandshakeError.CONNECTION_NOT_UPGRADE);
        assertThat(e.status()).isEqualTo(400);
        assertThat(answerHeaders(e)).isEmpty();
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {"", "8", "12", "14", "13, 8", "013"})
    void version_other_than_13_is_426_with_the_supported_version(String version) {
        HandshakeException e = fails(request(h -> {
            if (version.isEmpty()) {
                h.remove("Sec-WebSocket-Version");
            } else {
                h.set("Sec-WebSocket-Version", version);
            }
        }));
        assertThat(e.error()).isEqualTo(HandshakeError.UNSUPPORTED_VERSION);
        assertThat(e.status()).isEqualTo(426);
        assertThat(answerHeaders(e)).isEqualTo("Sec-WebSocket-Version: 13");
    }

    @Test
    void repeated_version_is_refused() {
        assertThat(fails(request(h -> h.add("Sec-WebSocket-Version", "13"))).error()).isEqualTo(HandshakeError.UNSUPPORTED_VERSION);
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @ValueSource(strings = {"", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ===",
        "dGhlIHNhbXBsZSBub25jZ!==", "dGhlIHNhbXBsZSBub25jZQ==dGhl", "AAAAAAAAAAAAAAAAAAAAAAA=", "c2hvcnQ="})
    void key_must_be_16_bytes_in_base64(String key) {
        HandshakeException e = fails(request(h -> {
            if (key.isEmpty()) {
                h.remove("Sec-WebSocket-Key");
            } else {
                h.set("Sec-WebSocket-Key", key);
            }
        }));
        assertThat(e.error()).isEqualTo(HandshakeError.INVALID_KEY);
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void repeated_key_is_refused() {
        assertThat(fails(request(h -> h.add("Sec-WebSocket-Key", RFC_KEY))).error()).isEqualTo(HandshakeError.INVALID_KEY);
    }

    @Test
    void the_client_preference_picks_the_subprotocol() {
        Headers h = headers(x -> {
            x.add("Sec-WebSocket-Protocol", "chat.v2, chat.v1");
            x.add("Sec-WebSocket-Protocol", "mqtt");
        });
        assertThat(Handshake.chooseSubprotocol(h, List.of("chat.v1", "chat.v2"))).isEqualTo("chat.v2");
        assertThat(Handshake.chooseSubprotocol(h, List.of("mqtt"))).isEqualTo("mqtt");
        assertThat(Handshake.chooseSubprotocol(h, List.of("CHAT.V2"))).isNull();
        assertThat(Handshake.chooseSubprotocol(headers(x -> {}), List.of("chat"))).isNull();
    }

    @Test
    void response_headers() {
        Headers h = Handshake.responseHeaders(RFC_KEY, "chat", PerMessageDeflate.DEFAULTS);
        assertThat(h.toString()).contains("Upgrade: websocket").contains("Connection: Upgrade")
                .contains("Sec-WebSocket-Accept: " + RFC_ACCEPT).contains("Sec-WebSocket-Protocol: chat")
                .contains("Sec-WebSocket-Extensions: permessage-deflate");
        assertThat(Handshake.responseHeaders(RFC_KEY, null, null).size()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- client

    @Test
    void new_keys_are_valid_and_differ() {
        String a = Handshake.newKey();
        assertThat(Base64.getDecoder().decode(a)).hasSize(16);
        assertThat(Handshake.isValidKey(a)).isTrue();
        assertThat(Handshake.newKey()).isNotEqualTo(a);
        assertThat(Handshake.newKey(new SplittableRandom(1))).isEqualTo(Handshake.newKey(new SplittableRandom(1)));
    }

    @Test
    void request_headers_pass_server_validation() {
        String key = Handshake.newKey();
        Headers h = Handshake.requestHeaders(key, List.of("chat.v1", "chat.v2"), PerMessageDeflate.DEFAULTS);
        h.add("Host", "example.com");
        assertThat(Handshake.validateRequest(new RequestHead("GET", "/", "/", null, 1, h, -1, false, true, false, "websocket"))).isEqualTo(key);
        assertThat(h.get("Sec-WebSocket-Protocol")).isEqualTo("chat.v1, chat.v2");
        assertThat(PerMessageDeflate.negotiate(h.get("Sec-WebSocket-Extensions"))).hasValue(PerMessageDeflate.DEFAULTS);
        assertThatThrownBy(() -> Handshake.requestHeaders(key, List.of("bad proto"), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_matching_answer_is_accepted() {
        Headers answer = Handshake.responseHeaders(RFC_KEY, "chat.v2", new PerMessageDeflate(true, false, 0, 0));
        Handshake.Agreement a = Handshake.verifyResponse(101, answer, RFC_KEY, List.of("chat.v1", "chat.v2"), PerMessageDeflate.DEFAULTS);
        assertThat(a.subprotocol()).isEqualTo("chat.v2");
        assertThat(a.deflate()).isEqualTo(new PerMessageDeflate(true, false, 0, 0));
        Handshake.Agreement plain = Handshake.verifyResponse(101, Handshake.responseHeaders(RFC_KEY, null, null), RFC_KEY, List.of("chat"),
                PerMessageDeflate.DEFAULTS);
        assertThat(plain).isEqualTo(new Handshake.Agreement(null, null));
    }

    @Test
    void answers_the_client_must_fail() {
        List<String> protocols = List.of("chat");
        assertClientFails(HandshakeError.UNEXPECTED_STATUS, 200, Handshake.responseHeaders(RFC_KEY, null, null), protocols, null);
        assertClientFails(HandshakeError.RESPONSE_NOT_UPGRADE, 101, without("Upgrade"), protocols, null);
        assertClientFails(HandshakeError.RESPONSE_NOT_UPGRADE, 101, without("Connection"), protocols, null);
        assertClientFails(HandshakeError.ACCEPT_MISMATCH, 101, without("Sec-WebSocket-Accept"), protocols, null);
        assertClientFails(HandshakeError.ACCEPT_MISMATCH, 101, Handshake.responseHeaders("AAAAAAAAAAAAAAAAAAAAAA==", null, null), protocols, null);
        assertClientFails(HandshakeError.UNEXPECTED_SUBPROTOCOL, 101, Handshake.responseHeaders(RFC_KEY, "mqtt", null), protocols, null);
        assertClientFails(HandshakeError.UNEXPECTED_SUBPROTOCOL, 101, Handshake.responseHeaders(RFC_KEY, "chat, chat", null), protocols, null);
        assertClientFails(HandshakeError.UNEXPECTED_EXTENSION, 101, Handshake.responseHeaders(RFC_KEY, null, PerMessageDeflate.DEFAULTS), protocols, null);
        Headers other = Handshake.responseHeaders(RFC_KEY, null, null).add("Sec-WebSocket-Extensions", "x-webkit-deflate-frame");
        assertClientFails(HandshakeError.UNEXPECTED_EXTENSION, 101, other, protocols, PerMessageDeflate.DEFAULTS);
        for (HandshakeError e : List.of(HandshakeError.UNEXPECTED_STATUS, HandshakeError.ACCEPT_MISMATCH)) {
            assertThat(e.status()).isZero();
        }
    }

    @Test
    void every_server_side_error_has_an_answer_status() {
        for (HandshakeError e : HandshakeError.values()) {
            if (e.ordinal() <= HandshakeError.INVALID_KEY.ordinal()) {
                assertThat(e.status()).isIn(400, 405, 426);
            } else {
                assertThat(e.status()).isZero();
            }
            assertThat(new HandshakeException(e, null).getStackTrace()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertClientFails(HandshakeError expected, int status, Headers answer, List<String> protocols,
                                          PerMessageDeflate offer) {
        assertThatThrownBy(() -> Handshake.verifyResponse(status, answer, RFC_KEY, protocols, offer))
                .isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(expected);
    }

    private static Headers without(String name) {
        Headers h = Handshake.responseHeaders(RFC_KEY, null, null);
        h.remove(name);
        return h;
    }

    private static HandshakeException fails(RequestHead r) {
        try {
            Handshake.validateRequest(r);
        } catch (HandshakeException e) {
            return e;
        }
        throw new AssertionError("accepted " + r);
    }

    private static String answerHeaders(HandshakeException e) {
        Headers h = new Headers();
        e.error().addAnswerHeaders(h);
        StringBuilder sb = new StringBuilder();
        h.forEach((n, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(n).append(": ").append(v));
        return sb.toString();
    }

    private static Headers headers(Consumer<Headers> change) {
        Headers h = new Headers()
                .add("Host", "server.example.com")
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", RFC_KEY)
                .add("Origin", "http://example.com")
                .add("Sec-WebSocket-Version", "13");
        change.accept(h);
        return h;
    }

    private static RequestHead request(Consumer<Headers> change) {
        return new RequestHead("GET", "/chat", "/chat", null, 1, headers(change), -1, false, true, false, "websocket");
    }
}
