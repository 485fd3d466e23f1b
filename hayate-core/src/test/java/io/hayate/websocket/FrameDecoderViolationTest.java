package io.hayate.websocket;

import static io.hayate.websocket.DecoderHarness.concat;
import static io.hayate.websocket.DecoderHarness.hex;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.websocket.DecoderHarness.Transcript;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One fixture per protocol error, each otherwise valid (so it would decode to a message if its check were missing),
 * decoded whole, split at every index and one byte at a time, and each failing with its violation and close code.
 */
class FrameDecoderViolationTest {
    private static final String HELLO = "48 65 6c 6c 6f";

    record Case(String name, Role role, boolean deflate, WsLimits limits, byte[] input, WsViolation violation, int code) {
        @Override
        public String toString() {
            return name;
        }

        FrameDecoder decoder() {
            return new FrameDecoder(role, limits, deflate ? PerMessageDeflate.DEFAULTS : null);
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // masking, RFC 6455 §5.1
        c.add(client("masked frame to a client", "81 85 37 fa 21 3d 7f 9f 4d 51 58", WsViolation.MASKED_SERVER_FRAME, 1002));
        c.add(new Case("unmasked frame to a server", Role.SERVER, false, WsLimits.DEFAULTS, hex("81 05 " + HELLO),
                WsViolation.UNMASKED_CLIENT_FRAME, 1002));
        // reserved bits, RFC 6455 §5.2 and RFC 7692 §6
        c.add(client("RSV1 without permessage-deflate", "c1 05 " + HELLO, WsViolation.RESERVED_BITS, 1002));
        c.add(client("RSV2", "a1 05 " + HELLO, WsViolation.RESERVED_BITS, 1002));
        c.add(client("RSV3", "91 05 " + HELLO, WsViolation.RESERVED_BITS, 1002));
        c.add(deflate("RSV1 on a continuation frame", "41 03 f2 48 cd  c0 04 c9 c9 07 00", WsViolation.RESERVED_BITS, 1002));
        c.add(deflate("RSV1 on a ping", "c9 00", WsViolation.RESERVED_BITS, 1002));
        // opcodes
        for (String op : List.of("83", "84", "85", "86", "87", "8b", "8c", "8d", "8e", "8f")) {
            c.add(client("opcode 0x" + op.charAt(1), op + " 00", WsViolation.UNKNOWN_OPCODE, 1002));
        }
        // control frames, RFC 6455 §5.5
        c.add(client("ping of 126 bytes", "89 7e 00 7e " + "61".repeat(126), WsViolation.CONTROL_FRAME_TOO_LONG, 1002));
        c.add(client("close of 126 bytes", "88 7e 00 7e 03 e8 " + "61".repeat(124), WsViolation.CONTROL_FRAME_TOO_LONG, 1002));
        c.add(client("ping without FIN", "09 00", WsViolation.FRAGMENTED_CONTROL_FRAME, 1002));
        c.add(client("pong without FIN", "0a 00", WsViolation.FRAGMENTED_CONTROL_FRAME, 1002));
        c.add(client("close without FIN", "08 02 03 e8", WsViolation.FRAGMENTED_CONTROL_FRAME, 1002));
        // fragmentation, RFC 6455 §5.4
        c.add(client("continuation without a message", "80 02 6c 6f", WsViolation.CONTINUATION_WITHOUT_MESSAGE, 1002));
        c.add(client("continuation after a finished message", "81 01 61  80 01 62", WsViolation.CONTINUATION_WITHOUT_MESSAGE, 1002));
        c.add(client("text frame inside a fragmented message", "01 03 48 65 6c  81 02 6c 6f", WsViolation.EXPECTED_CONTINUATION, 1002));
        c.add(client("binary frame inside a fragmented message", "02 01 61  82 01 62", WsViolation.EXPECTED_CONTINUATION, 1002));
        // length encoding, RFC 6455 §5.2
        c.add(client("125 in 16 bits", "82 7e 00 7d " + "07".repeat(125), WsViolation.NON_MINIMAL_LENGTH, 1002));
        c.add(client("5 in 64 bits", "82 7f 00 00 00 00 00 00 00 05 0102030405", WsViolation.NON_MINIMAL_LENGTH, 1002));
        c.add(new Case("65535 in 64 bits", Role.CLIENT, false, WsLimits.DEFAULTS,
                concat(hex("82 7f 00 00 00 00 00 00 ff ff"), new byte[65535]), WsViolation.NON_MINIMAL_LENGTH, 1002));
        c.add(client("64-bit length with the top bit set", "82 7f 80 00 00 00 00 00 00 05 0102030405",
                WsViolation.LENGTH_OUT_OF_RANGE, 1002));
        // close payload, RFC 6455 §5.5.1 and §7.4
        c.add(client("close payload of one byte", "88 01 03", WsViolation.INVALID_CLOSE_PAYLOAD, 1002));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            c.add(client("close code " + code, String.format("88 02 %04x", code), WsViolation.INVALID_CLOSE_CODE, 1002));
        }
        c.add(client("close reason not UTF-8", "88 04 03 e8 c3 28", WsViolation.INVALID_CLOSE_REASON, 1007));
        // UTF-8, RFC 6455 §8.1
        c.add(client("overlong NUL", "81 02 c0 80", WsViolation.INVALID_UTF8, 1007));
        c.add(client("overlong 3-byte slash", "81 03 e0 80 af", WsViolation.INVALID_UTF8, 1007));
        c.add(client("surrogate U+D800", "81 03 ed a0 80", WsViolation.INVALID_UTF8, 1007));
        c.add(client("surrogate U+DFFF", "81 03 ed bf bf", WsViolation.INVALID_UTF8, 1007));
        c.add(client("U+110000", "81 04 f4 90 80 80", WsViolation.INVALID_UTF8, 1007));
        c.add(client("lone continuation byte", "81 01 80", WsViolation.INVALID_UTF8, 1007));
        c.add(client("sequence cut by the end of the message", "81 02 e2 82", WsViolation.INVALID_UTF8, 1007));
        c.add(client("sequence cut by the last fragment", "01 02 e2 82  80 00", WsViolation.INVALID_UTF8, 1007));
        // no final fragment follows: only an incremental check can fail this input
        c.add(client("bad byte in the first fragment fails before the message ends", "01 03 61 c3 28",
                WsViolation.INVALID_UTF8, 1007));
        c.add(deflate("bad byte in a compressed text message", "c1 " + hexOf(compressed(hex("61 c3 28"))),
                WsViolation.INVALID_UTF8, 1007));
        // compressed data, RFC 7692 §7.2.2
        c.add(deflate("reserved DEFLATE block type", "c1 01 ff", WsViolation.INVALID_COMPRESSED_DATA, 1007));
        c.add(deflate("stored block with a wrong length complement", "c1 05 00 05 00 00 00",
                WsViolation.INVALID_COMPRESSED_DATA, 1007));
        // limits
        c.add(new Case("frame over maxFramePayload", Role.CLIENT, false, new WsLimits(4, 100), hex("82 05 0102030405"),
                WsViolation.FRAME_TOO_LARGE, 1009));
        c.add(client("declared 2^62 bytes", "82 7f 40 00 00 00 00 00 00 00", WsViolation.FRAME_TOO_LARGE, 1009));
        c.add(new Case("fragments over maxMessageSize", Role.CLIENT, false, new WsLimits(4, 6),
                hex("02 04 01020304  80 03 050607"), WsViolation.MESSAGE_TOO_LARGE, 1009));
        c.add(new Case("compressed message inflating over maxMessageSize", Role.CLIENT, true, new WsLimits(100, 10),
                concat(hex("c1"), lengthAndBytes(compressed("a".repeat(40).getBytes(UTF_8)))), WsViolation.MESSAGE_TOO_LARGE, 1009));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(20) // a missing length check may leave the decoder looping
    void each_error_fails_with_its_close_code(Case c) {
        Transcript t = DecoderHarness.decode(c::decoder, c.input());
        assertThat(t.violation()).as(t.describe()).isEqualTo(c.violation());
        assertThat(c.violation().closeCode()).isEqualTo(c.code());
    }

    @Test
    void every_violation_has_a_fixture() {
        Set<WsViolation> covered = cases().stream().map(Case::violation).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(WsViolation.class));
    }

    @Test
    void the_table_maps_to_1002_1007_and_1009_only_and_describes_briefly() {
        for (WsViolation v : WsViolation.values()) {
            assertThat(v.closeCode()).isIn(1002, 1007, 1009);
            assertThat(v.description().getBytes(UTF_8).length).isLessThanOrEqualTo(123);
            assertThat(CloseCodes.isValid(v.closeCode())).isTrue();
        }
    }

    @Test
    void the_exception_is_cheap_and_names_its_code() {
        WebSocketException e = new WebSocketException(WsViolation.INVALID_UTF8, "detail");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.closeCode()).isEqualTo(1007);
        assertThat(e.getMessage()).isEqualTo("text message not valid UTF-8: detail");
    }

    // ---------------------------------------------------------------- helpers

    private static Case client(String name, String hex, WsViolation v, int code) {
        return new Case(name, Role.CLIENT, false, WsLimits.DEFAULTS, hex(hex), v, code);
    }

    private static Case deflate(String name, String hex, WsViolation v, int code) {
        return new Case(name, Role.CLIENT, true, WsLimits.DEFAULTS, hex(hex), v, code);
    }

    /** What a permessage-deflate sender puts in a frame for {@code data}. */
    static byte[] compressed(byte[] data) {
        ByteBuffer b = new MessageDeflater(false).compress(ByteBuffer.wrap(data), true);
        return DecoderHarness.bytes(b);
    }

    private static byte[] lengthAndBytes(byte[] payload) {
        assertThat(payload.length).isLessThan(126);
        return concat(new byte[] {(byte) payload.length}, payload);
    }

    private static String hexOf(byte[] payload) {
        return java.util.HexFormat.of().formatHex(lengthAndBytes(payload));
    }
}
