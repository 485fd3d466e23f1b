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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compressed messages (RFC 7692 §7.2): the RFC's examples byte for byte, round trips, and the size limit. */
class PerMessageDeflateCodecTest {
    private static final PerMessageDeflate TAKEOVER = PerMessageDeflate.DEFAULTS;
    private static final PerMessageDeflate NO_TAKEOVER = new PerMessageDeflate(true, true, 0, 0);
    private static final String HELLO_COMPRESSED = "f2 48 cd c9 c9 07 00";

    // ---------------------------------------------------------------- RFC 7692 §7.2.3 examples

    @Test
    void rfc_one_compressed_block_encoded_byte_for_byte() {
        assertThat(bytes(FrameEncoder.server(TAKEOVER).text("Hello"))).isEqualTo(hex("c1 07 " + HELLO_COMPRESSED));
    }

    @Test
    void rfc_one_compressed_block_decoded_whole_and_fragmented() {
        assertThat(decodeAsClient(TAKEOVER, "c1 07 " + HELLO_COMPRESSED).only().text()).isEqualTo("Hello");
        assertThat(decodeAsClient(TAKEOVER, "41 03 f2 48 cd  80 04 c9 c9 07 00").only().text()).isEqualTo("Hello");
    }

    @Test
    void rfc_sharing_the_window_between_messages() {
        FrameEncoder e = FrameEncoder.server(TAKEOVER);
        assertThat(bytes(e.text("Hello"))).isEqualTo(hex("c1 07 " + HELLO_COMPRESSED));
        assertThat(bytes(e.text("Hello"))).isEqualTo(hex("c1 05 f2 00 11 00 00"));
        Transcript t = decodeAsClient(TAKEOVER, "c1 07 " + HELLO_COMPRESSED + "  c1 05 f2 00 11 00 00");
        assertThat(t.frames()).extracting(Frame::text).containsExactly("Hello", "Hello");
    }

    @Test
    void rfc_block_with_no_compression() {
        assertThat(decodeAsClient(TAKEOVER, "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00").only().text()).isEqualTo("Hello");
    }

    @Test
    void rfc_block_with_bfinal_set_and_the_next_message_still_decodes() {
        Transcript t = decodeAsClient(TAKEOVER, "c1 08 f3 48 cd c9 c9 07 00 00  c1 07 " + HELLO_COMPRESSED
                + "  c1 07 f3 48 cd c9 c9 07 00  c1 07 " + HELLO_COMPRESSED);
        assertThat(t.frames()).extracting(Frame::text).containsExactly("Hello", "Hello", "Hello", "Hello");
        assertThat(t.violation()).isNull();
    }

    @Test
    void rfc_two_blocks_in_one_message() {
        assertThat(decodeAsClient(TAKEOVER, "c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00").only().text()).isEqualTo("Hello");
    }

    @Test
    void empty_messages() {
        assertThat(bytes(FrameEncoder.server(TAKEOVER).text(""))).isEqualTo(hex("c1 01 00"));
        Transcript t = decodeAsClient(TAKEOVER, "c1 01 00  c1 00  c2 00  c1 07 " + HELLO_COMPRESSED);
        assertThat(t.frames()).extracting(Frame::describe).containsExactly("TEXT []", "TEXT []", "BINARY []", "TEXT [48656c6c6f]");
    }

    @Test
    void uncompressed_messages_may_follow_compressed_ones() {
        Transcript t = decodeAsClient(TAKEOVER, "c1 07 " + HELLO_COMPRESSED + "  81 02 68 69  82 01 00");
        assertThat(t.frames()).extracting(Frame::describe).containsExactly("TEXT [48656c6c6f]", "TEXT [6869]", "BINARY [00]");
    }

    // ---------------------------------------------------------------- round trips

    @ParameterizedTest(name = "no context takeover: {0}")
    @ValueSource(booleans = {false, true})
    void server_to_client_round_trip(boolean noTakeover) {
        PerMessageDeflate p = noTakeover ? NO_TAKEOVER : TAKEOVER;
        FrameEncoder e = FrameEncoder.server(p);
        List<byte[]> frames = new ArrayList<>();
        for (String m : messages()) {
            frames.add(bytes(e.text(m)));
        }
        Transcript t = DecoderHarness.decode(() -> new FrameDecoder(Role.CLIENT, WsLimits.DEFAULTS, p), concat(frames.toArray(byte[][]::new)));
        assertThat(t.frames()).extracting(Frame::text).containsExactlyElementsOf(messages());
        if (noTakeover) { // each message stands alone: it decodes on a fresh decoder and compresses the same every time
            assertThat(frames.get(1)).isEqualTo(frames.get(0));
            for (int i = 0; i < frames.size(); i++) {
                Transcript alone = DecoderHarness.feed(new FrameDecoder(Role.CLIENT, WsLimits.DEFAULTS, p), frames.get(i));
                assertThat(alone.only().text()).isEqualTo(messages().get(i));
            }
        } else { // the second copy refers back to the first
            assertThat(frames.get(1).length).isLessThan(frames.get(0).length);
        }
    }

    @ParameterizedTest(name = "no context takeover: {0}")
    @ValueSource(booleans = {false, true})
    void client_to_server_round_trip_masked_fragmented_and_streamed(boolean noTakeover) {
        PerMessageDeflate p = noTakeover ? NO_TAKEOVER : TAKEOVER;
        FrameEncoder e = new FrameEncoder(Role.CLIENT, p, new SplittableRandom(7)::nextInt);
        byte[] random = new byte[3000];
        new SplittableRandom(1).nextBytes(random);
        String text = "permessage-deflate ".repeat(200);
        byte[] wire = concat(bytes(e.text(text, 50)), bytes(e.binary(ByteBuffer.wrap(random), 1000)),
                bytes(e.fragment(Opcode.TEXT, ByteBuffer.wrap("strea".getBytes(UTF_8)), false)), bytes(e.ping(ByteBuffer.allocate(3))),
                bytes(e.fragment(Opcode.TEXT, ByteBuffer.wrap("med ✓".getBytes(UTF_8)), true)), bytes(e.text(text)));
        Transcript t = DecoderHarness.decode(() -> new FrameDecoder(Role.SERVER, WsLimits.DEFAULTS, p), wire);
        assertThat(t.violation()).isNull();
        assertThat(t.frames()).extracting(Frame::event)
                .containsExactly(Event.TEXT, Event.BINARY, Event.PING, Event.TEXT, Event.TEXT);
        assertThat(t.frames().get(0).text()).isEqualTo(text);
        assertThat(t.frames().get(1).payload()).isEqualTo(random);
        assertThat(t.frames().get(3).text()).isEqualTo("streamed ✓");
        assertThat(t.frames().get(4).text()).isEqualTo(text);
    }

    @Test
    void only_the_first_frame_of_a_compressed_message_has_rsv1() {
        byte[] wire = bytes(FrameEncoder.server(TAKEOVER).text("abcdefghij".repeat(50), 4));
        assertThat(wire[0] & 0xff).isEqualTo(0x41);
        int at = 2 + 4;
        while (at < wire.length) {
            assertThat(wire[at] & 0x70).as("RSV bits at %d", at).isZero();
            at += 2 + (wire[at + 1] & 0x7f);
        }
        assertThat(at).isEqualTo(wire.length);
    }

    @Test
    void a_large_message_round_trips() {
        StringBuilder sb = new StringBuilder();
        SplittableRandom r = new SplittableRandom(42);
        while (sb.length() < 300_000) {
            sb.append("word").append(r.nextInt(1000)).append(' ');
        }
        String text = sb.toString();
        FrameDecoder d = new FrameDecoder(Role.CLIENT, WsLimits.DEFAULTS, TAKEOVER);
        Transcript t = DecoderHarness.feed(d, bytes(FrameEncoder.server(TAKEOVER).text(text)));
        assertThat(t.only().text()).isEqualTo(text);
    }

    // ---------------------------------------------------------------- limits

    @Test
    void a_compression_bomb_fails_with_1009_without_inflating_past_the_limit() {
        int limit = 256 * 1024;
        WsLimits limits = new WsLimits(1024 * 1024, limit);
        byte[] zeros = new byte[16 * 1024 * 1024];
        byte[] compressed = bytes(new MessageDeflater(false).compress(ByteBuffer.wrap(zeros), true));
        assertThat(compressed.length).isLessThan(limit / 4); // 16 MiB of zeros in ~16 KiB
        byte[] frame = concat(hex("c2 7e"), new byte[] {(byte) (compressed.length >>> 8), (byte) compressed.length}, compressed);
        if (compressed.length >= 65536) {
            throw new AssertionError("fixture needs the 64-bit length form");
        }
        FrameDecoder d = new FrameDecoder(Role.CLIENT, limits, TAKEOVER);
        assertThatThrownBy(() -> d.decode(ByteBuffer.wrap(frame))).isInstanceOf(WebSocketException.class)
                .extracting(e -> ((WebSocketException) e).violation()).isEqualTo(WsViolation.MESSAGE_TOO_LARGE);
        assertThat(d.bufferCapacity()).isLessThanOrEqualTo(limit + 1);
        Transcript t = DecoderHarness.decode(() -> new FrameDecoder(Role.CLIENT, limits, TAKEOVER), frame);
        assertThat(t.violation()).isEqualTo(WsViolation.MESSAGE_TOO_LARGE);
        assertThat(t.violation().closeCode()).isEqualTo(1009);
    }

    @Test
    void a_message_inflating_to_exactly_the_limit_is_accepted() {
        byte[] data = "x".repeat(1000).getBytes(UTF_8);
        byte[] wire = bytes(FrameEncoder.server(TAKEOVER).text("x".repeat(1000)));
        Transcript ok = DecoderHarness.decode(() -> new FrameDecoder(Role.CLIENT, new WsLimits(100, 1000), TAKEOVER), wire);
        assertThat(ok.only().payload()).isEqualTo(data);
        Transcript over = DecoderHarness.decode(() -> new FrameDecoder(Role.CLIENT, new WsLimits(100, 999), TAKEOVER), wire);
        assertThat(over.violation()).isEqualTo(WsViolation.MESSAGE_TOO_LARGE);
    }

    private static Transcript decodeAsClient(PerMessageDeflate p, String hex) {
        return DecoderHarness.decode(() -> new FrameDecoder(Role.CLIENT, WsLimits.DEFAULTS, p), hex(hex));
    }

    private static List<String> messages() {
        return List.of("Hello, permessage-deflate!", "Hello, permessage-deflate!", "", "ünïcödé ✓ 😀".repeat(20),
                "Hello, permessage-deflate! Hello again.");
    }
}
