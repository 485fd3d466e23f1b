package io.hayate.websocket;

import static io.hayate.websocket.DecoderHarness.concat;
import static io.hayate.websocket.DecoderHarness.decode;
import static io.hayate.websocket.DecoderHarness.hex;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.websocket.DecoderHarness.Frame;
import io.hayate.websocket.DecoderHarness.Transcript;
import io.hayate.websocket.FrameDecoder.Event;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Frames that are valid: each fixture decoded whole, split at every index, and one byte at a time. */
class FrameDecoderTest {
    private static final String HELLO = "48 65 6c 6c 6f";
    private static final String MASKED_HELLO = "37 fa 21 3d 7f 9f 4d 51 58"; // key 37 fa 21 3d, RFC 6455 §5.7

    // ---------------------------------------------------------------- RFC 6455 §5.7 examples

    @Test
    void rfc_single_frame_unmasked_text() {
        Transcript t = decode(Role.CLIENT, hex("81 05 " + HELLO));
        assertThat(t.only().event()).isEqualTo(Event.TEXT);
        assertThat(t.only().text()).isEqualTo("Hello");
        assertThat(t.violation()).isNull();
        assertThat(t.inMessage()).isFalse();
    }

    @Test
    void rfc_single_frame_masked_text() {
        Transcript t = decode(Role.SERVER, hex("81 85 " + MASKED_HELLO));
        assertThat(t.only().event()).isEqualTo(Event.TEXT);
        assertThat(t.only().text()).isEqualTo("Hello");
    }

    @Test
    void rfc_fragmented_unmasked_text() {
        Transcript t = decode(Role.CLIENT, hex("01 03 48 65 6c  80 02 6c 6f"));
        assertThat(t.only().text()).isEqualTo("Hello");
    }

    @Test
    void rfc_unmasked_ping_and_masked_pong() {
        Transcript ping = decode(Role.CLIENT, hex("89 05 " + HELLO));
        assertThat(ping.only().event()).isEqualTo(Event.PING);
        assertThat(ping.only().text()).isEqualTo("Hello");
        Transcript pong = decode(Role.SERVER, hex("8a 85 " + MASKED_HELLO));
        assertThat(pong.only().event()).isEqualTo(Event.PONG);
        assertThat(pong.only().text()).isEqualTo("Hello");
    }

    @Test
    void rfc_256_bytes_binary_in_16_bit_length() {
        byte[] payload = pattern(256);
        Transcript t = decode(Role.CLIENT, concat(hex("82 7e 01 00"), payload));
        assertThat(t.only().event()).isEqualTo(Event.BINARY);
        assertThat(t.only().payload()).isEqualTo(payload);
    }

    @Test
    void rfc_64_kib_binary_in_64_bit_length() {
        byte[] payload = pattern(65536);
        Transcript t = decode(Role.CLIENT, concat(hex("82 7f 00 00 00 00 00 01 00 00"), payload));
        assertThat(t.only().event()).isEqualTo(Event.BINARY);
        assertThat(t.only().payload()).isEqualTo(payload);
    }

    @Test
    void masked_64_kib_binary() {
        byte[] payload = pattern(65536);
        ByteBuffer frame = new FrameEncoder(Role.CLIENT, null, () -> 0x01020304).binary(ByteBuffer.wrap(payload));
        Transcript t = decode(Role.SERVER, DecoderHarness.bytes(frame));
        assertThat(t.only().payload()).isEqualTo(payload);
    }

    // ---------------------------------------------------------------- fragmentation and control frames

    @Test
    void control_frames_between_fragments() {
        Transcript t = decode(Role.CLIENT, hex("01 03 48 65 6c  89 02 70 31  00 01 6c  8a 00  80 01 6f"));
        assertThat(t.frames()).extracting(Frame::event).containsExactly(Event.PING, Event.PONG, Event.TEXT);
        assertThat(t.frames().get(0).text()).isEqualTo("p1");
        assertThat(t.frames().get(2).text()).isEqualTo("Hello");
    }

    @Test
    void fragmented_binary_with_empty_fragments() {
        Transcript t = decode(Role.SERVER, hex("02 80 00000000  00 82 01020304 00 02  80 80 0a0b0c0d"));
        assertThat(t.only().event()).isEqualTo(Event.BINARY);
        assertThat(t.only().payload()).isEqualTo(new byte[] {1, 0});
    }

    @Test
    void several_messages_in_one_buffer() {
        Transcript t = decode(Role.CLIENT, hex("81 01 61  82 02 01 02  81 00  89 00  82 00"));
        assertThat(t.frames()).extracting(Frame::describe)
                .containsExactly("TEXT [61]", "BINARY [0102]", "TEXT []", "PING []", "BINARY []");
    }

    @Test
    void code_point_split_across_fragments() {
        Transcript t = decode(Role.CLIENT, hex("01 02 e2 82  00 00  80 01 ac"));
        assertThat(t.only().text()).isEqualTo("€");
    }

    @Test
    void four_byte_code_point_split_across_three_fragments() {
        Transcript t = decode(Role.CLIENT, hex("01 01 f0  00 02 9f 98  80 01 80"));
        assertThat(t.only().text()).isEqualTo("😀");
    }

    // ---------------------------------------------------------------- close

    @Test
    void close_with_code_and_reason() {
        Transcript t = decode(Role.SERVER, DecoderHarness.bytes(
                new FrameEncoder(Role.CLIENT, null, () -> 0xcafebabe).close(1001, "bye ✓")));
        assertThat(t.only().event()).isEqualTo(Event.CLOSE);
        assertThat(t.only().code()).isEqualTo(1001);
        assertThat(t.only().reason()).isEqualTo("bye ✓");
    }

    @Test
    void close_without_payload_reports_no_status() {
        Transcript t = decode(Role.CLIENT, hex("88 00"));
        assertThat(t.only().code()).isEqualTo(CloseCodes.NO_STATUS);
        assertThat(t.only().reason()).isEmpty();
    }

    @Test
    void close_with_code_only_and_private_codes() {
        assertThat(decode(Role.CLIENT, hex("88 02 03 e8")).only().code()).isEqualTo(1000);
        assertThat(decode(Role.CLIENT, hex("88 02 0b b8")).only().code()).isEqualTo(3000);
        assertThat(decode(Role.CLIENT, hex("88 02 13 87")).only().code()).isEqualTo(4999);
        assertThat(decode(Role.CLIENT, hex("88 02 03 f6")).only().code()).isEqualTo(1014);
    }

    @Test
    void everything_after_close_is_skipped() {
        // a text frame, then bytes that would be errors: nothing may follow a Close frame
        Transcript t = decode(Role.CLIENT, hex("88 02 03 e8  81 01 61  ff ff ff"));
        assertThat(t.only().event()).isEqualTo(Event.CLOSE);
        assertThat(t.violation()).isNull();
    }

    @Test
    void close_abandons_an_open_fragmented_message() {
        FrameDecoder d = new FrameDecoder(Role.CLIENT);
        Transcript t = DecoderHarness.feed(d, hex("01 01 61  88 00"));
        assertThat(t.only().event()).isEqualTo(Event.CLOSE);
        assertThat(d.closeReceived()).isTrue();
        assertThat(d.inMessage()).isFalse();
    }

    // ---------------------------------------------------------------- limits

    @Test
    void message_exactly_at_the_limits_is_accepted() {
        WsLimits limits = new WsLimits(4, 6);
        Transcript t = decode(() -> new FrameDecoder(Role.CLIENT, limits, null), hex("02 04 01 02 03 04  80 02 05 06"));
        assertThat(t.only().payload()).isEqualTo(new byte[] {1, 2, 3, 4, 5, 6});
    }

    @Test
    void control_frames_ignore_the_frame_limit() {
        WsLimits limits = new WsLimits(1, 1);
        byte[] ping = concat(hex("89 7d"), pattern(125));
        assertThat(decode(() -> new FrameDecoder(Role.CLIENT, limits, null), ping).only().payload()).hasSize(125);
    }

    @Test
    void a_big_message_buffer_is_not_kept_for_the_next_message() {
        FrameDecoder d = new FrameDecoder(Role.CLIENT);
        DecoderHarness.feed(d, concat(hex("82 7f 00 00 00 00 00 02 00 00"), pattern(131072)));
        assertThat(d.bufferCapacity()).isEqualTo(131072);
        DecoderHarness.feed(d, hex("82 01 07"));
        assertThat(d.bufferCapacity()).isLessThanOrEqualTo(MessageBuffer.RETAIN);
    }

    @Test
    void the_buffer_grows_with_what_arrives_not_with_the_declared_length() {
        FrameDecoder d = new FrameDecoder(Role.CLIENT);
        Transcript t = DecoderHarness.feed(d, concat(hex("82 7f 00 00 00 00 00 10 00 00"), pattern(100)));
        assertThat(t.frames()).isEmpty();
        assertThat(d.inMessage()).isTrue();
        assertThat(d.bufferCapacity()).isLessThan(1024);
    }

    // ---------------------------------------------------------------- API contract

    @Test
    void payload_is_a_read_only_view_until_the_next_call() {
        FrameDecoder d = new FrameDecoder(Role.CLIENT);
        ByteBuffer in = ByteBuffer.wrap(hex("81 02 68 69  89 01 21"));
        assertThat(d.decode(in)).isEqualTo(Event.TEXT);
        assertThat(d.text()).isEqualTo("hi");
        assertThat(d.payload().isReadOnly()).isTrue();
        assertThat(in.position()).isEqualTo(4);
        assertThat(d.decode(in)).isEqualTo(Event.PING);
        assertThat(new String(DecoderHarness.bytes(d.payload()), UTF_8)).isEqualTo("!");
        assertThatThrownBy(d::text).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(d::closeCode).isInstanceOf(IllegalStateException.class);
        assertThat(d.decode(in)).isEqualTo(Event.NEED_MORE);
        assertThat(d.payload().remaining()).isZero();
    }

    @Test
    void in_message_tracks_partial_frames_and_open_messages() {
        FrameDecoder d = new FrameDecoder(Role.CLIENT);
        assertThat(d.inMessage()).isFalse();
        d.decode(ByteBuffer.wrap(hex("01")));
        assertThat(d.inMessage()).isTrue();
        d.decode(ByteBuffer.wrap(hex("01 61")));
        assertThat(d.inMessage()).isTrue();
        assertThat(d.decode(ByteBuffer.wrap(hex("80 01 62")))).isEqualTo(Event.TEXT);
        assertThat(d.inMessage()).isFalse();
    }

    @Test
    void direct_buffers_are_refused() {
        assertThatThrownBy(() -> new FrameDecoder(Role.CLIENT).decode(ByteBuffer.allocateDirect(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_failed_decoder_refuses_more_input() {
        FrameDecoder d = new FrameDecoder(Role.CLIENT);
        assertThatThrownBy(() -> d.decode(ByteBuffer.wrap(hex("83 00")))).isInstanceOf(WebSocketException.class);
        assertThatThrownBy(() -> d.decode(ByteBuffer.wrap(hex("81 00")))).isInstanceOf(IllegalStateException.class);
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }
}
