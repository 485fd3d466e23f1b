package io.hayate.websocket;

import static io.hayate.websocket.DecoderHarness.bytes;
import static io.hayate.websocket.DecoderHarness.concat;
import static io.hayate.websocket.DecoderHarness.hex;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.websocket.DecoderHarness.Frame;
import io.hayate.websocket.DecoderHarness.Transcript;
import io.hayate.websocket.FrameDecoder.Event;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameEncoderTest {
    private static final int RFC_KEY = 0x37fa213d; // RFC 6455 §5.7

    private final FrameEncoder server = FrameEncoder.server(null);
    private final FrameEncoder client = new FrameEncoder(Role.CLIENT, null, () -> RFC_KEY);

    // ---------------------------------------------------------------- RFC 6455 §5.7, byte for byte

    @Test
    void rfc_single_frame_unmasked_text() {
        assertThat(bytes(server.text("Hello"))).isEqualTo(hex("81 05 48 65 6c 6c 6f"));
    }

    @Test
    void rfc_single_frame_masked_text() {
        assertThat(bytes(client.text("Hello"))).isEqualTo(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    @Test
    void rfc_fragmented_unmasked_text_whole_and_streamed() {
        byte[] expected = hex("01 03 48 65 6c  80 02 6c 6f");
        assertThat(bytes(server.text("Hello", 3))).isEqualTo(expected);
        byte[] first = bytes(server.fragment(Opcode.TEXT, utf8("Hel"), false));
        byte[] second = bytes(server.fragment(Opcode.TEXT, utf8("lo"), true));
        assertThat(concat(first, second)).isEqualTo(expected);
    }

    @Test
    void rfc_unmasked_ping_and_masked_pong() {
        assertThat(bytes(server.ping(utf8("Hello")))).isEqualTo(hex("89 05 48 65 6c 6c 6f"));
        assertThat(bytes(client.pong(utf8("Hello")))).isEqualTo(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    @Test
    void rfc_256_bytes_and_64_kib_binary_headers() {
        byte[] b256 = bytes(server.binary(ByteBuffer.wrap(FrameDecoderTest.pattern(256))));
        assertThat(b256).startsWith(hex("82 7e 01 00")).hasSize(4 + 256);
        byte[] b64k = bytes(server.binary(ByteBuffer.wrap(FrameDecoderTest.pattern(65536))));
        assertThat(b64k).startsWith(hex("82 7f 00 00 00 00 00 01 00 00")).hasSize(10 + 65536);
        assertThat(java.util.Arrays.copyOfRange(b64k, 10, b64k.length)).isEqualTo(FrameDecoderTest.pattern(65536));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void length_forms_are_minimal(int n) {
        byte[] frame = bytes(client.binary(ByteBuffer.allocate(n)));
        int len7 = frame[1] & 0x7f;
        assertThat(frame[1] & 0x80).isEqualTo(0x80);
        assertThat(len7).isEqualTo(n < 126 ? n : n < 65536 ? 126 : 127);
        assertThat(frame).hasSize(2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4 + n);
        Transcript t = DecoderHarness.feed(new FrameDecoder(Role.SERVER), frame);
        assertThat(t.only().payload()).hasSize(n);
    }

    // ---------------------------------------------------------------- round trips through the decoder

    @Test
    void client_frames_decode_on_a_server_and_back() {
        AtomicInteger keys = new AtomicInteger(0x11111111);
        FrameEncoder c = new FrameEncoder(Role.CLIENT, null, () -> keys.addAndGet(0x01020304));
        byte[] wire = concat(bytes(c.text("ünïcode ✓")), bytes(c.ping(utf8("p"))),
                bytes(c.binary(ByteBuffer.wrap(FrameDecoderTest.pattern(300)), 7)),
                bytes(c.fragment(Opcode.BINARY, ByteBuffer.wrap(new byte[] {1}), false)), bytes(c.pong(utf8(""))),
                bytes(c.fragment(Opcode.BINARY, ByteBuffer.wrap(new byte[] {2}), true)), bytes(c.close(4000, "done")));
        Transcript t = DecoderHarness.decode(Role.SERVER, wire);
        assertThat(t.frames()).extracting(Frame::describe).containsExactly(
                "TEXT [" + java.util.HexFormat.of().formatHex("ünïcode ✓".getBytes(UTF_8)) + "]", "PING [70]",
                "BINARY [300 bytes #" + Integer.toHexString(java.util.Arrays.hashCode(FrameDecoderTest.pattern(300))) + "]",
                "PONG []", "BINARY [0102]", "CLOSE 4000 'done' [0fa0646f6e65]");
        assertThat(t.violation()).isNull();
    }

    @Test
    void server_frames_decode_on_a_client() {
        byte[] wire = concat(bytes(server.text("a", 1)), bytes(server.text("")), bytes(server.close()));
        Transcript t = DecoderHarness.decode(Role.CLIENT, wire);
        assertThat(t.frames()).extracting(Frame::describe).containsExactly("TEXT [61]", "TEXT []", "CLOSE 1005 '' []");
    }

    @Test
    void each_client_frame_gets_a_fresh_key() {
        AtomicInteger calls = new AtomicInteger();
        FrameEncoder c = new FrameEncoder(Role.CLIENT, null, calls::incrementAndGet);
        c.text("abcdef", 2);
        assertThat(calls).hasValue(3);
        assertThat(bytes(c.ping(utf8("")))).isEqualTo(hex("89 80 00 00 00 04"));
    }

    @Test
    void arguments_are_read_not_consumed() {
        ByteBuffer data = utf8("Hello");
        server.binary(data);
        server.ping(data);
        server.fragment(Opcode.BINARY, data, true);
        assertThat(data.position()).isZero();
        assertThat(data.remaining()).isEqualTo(5);
    }

    @Test
    void an_unpaired_surrogate_is_sent_as_a_question_mark() {
        assertThat(bytes(server.text("a\ud800b"))).isEqualTo(hex("81 03 61 3f 62"));
    }

    // ---------------------------------------------------------------- close and misuse

    @Test
    void close_frames() {
        assertThat(bytes(server.close(1000, "bye"))).isEqualTo(hex("88 05 03 e8 62 79 65"));
        assertThat(bytes(FrameEncoder.server(null).close())).isEqualTo(hex("88 00"));
        assertThat(bytes(FrameEncoder.server(null).close(1001, null))).isEqualTo(hex("88 02 03 e9"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000})
    void close_codes_that_may_not_be_sent_are_refused(int code) {
        assertThatThrownBy(() -> server.close(code, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.closeSent()).isFalse();
    }

    @Test
    void close_reason_is_at_most_123_bytes() {
        String max = "é".repeat(61) + "a"; // 123 bytes
        assertThat(bytes(FrameEncoder.server(null).close(1000, max))).hasSize(2 + 125);
        assertThatThrownBy(() -> server.close(1000, max + "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void control_payload_is_at_most_125_bytes() {
        assertThat(bytes(server.ping(ByteBuffer.allocate(125)))).hasSize(127);
        assertThatThrownBy(() -> server.ping(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.pong(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void no_data_after_close_but_pings_and_pongs_may_follow() {
        server.close(1000, "");
        assertThatThrownBy(() -> server.text("late")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.fragment(Opcode.TEXT, utf8("late"), true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.close(1000, "")).isInstanceOf(IllegalStateException.class);
        assertThat(bytes(server.pong(utf8("")))).isEqualTo(hex("8a 00"));
    }

    @Test
    void a_fragmented_message_must_end_before_the_next() {
        server.fragment(Opcode.TEXT, utf8("a"), false);
        assertThatThrownBy(() -> server.text("b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.fragment(Opcode.BINARY, utf8("b"), true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.fragment(Opcode.CONTINUATION, utf8("b"), true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bytes(server.ping(utf8("")))).isEqualTo(hex("89 00"));
        assertThat(bytes(server.fragment(Opcode.TEXT, utf8("b"), true))).isEqualTo(hex("80 01 62"));
        assertThat(bytes(server.text("c"))).isEqualTo(hex("81 01 63"));
    }

    @Test
    void a_client_needs_mask_keys() {
        assertThatThrownBy(() -> new FrameEncoder(Role.CLIENT, null, null)).isInstanceOf(NullPointerException.class);
        assertThat(bytes(FrameEncoder.client(null).text(""))).hasSize(6).startsWith(hex("81 80"));
        assertThatThrownBy(() -> server.text("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decoded_events_match_what_was_encoded() {
        FrameDecoder d = new FrameDecoder(Role.SERVER);
        assertThat(d.decode(client.close(1000, "ok"))).isEqualTo(Event.CLOSE);
        assertThat(d.closeCode()).isEqualTo(1000);
        assertThat(d.closeReason()).isEqualTo("ok");
    }

    static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(UTF_8));
    }
}
