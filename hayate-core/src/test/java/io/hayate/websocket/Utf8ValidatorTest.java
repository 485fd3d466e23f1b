package io.hayate.websocket;

import static io.hayate.websocket.DecoderHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8ValidatorTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "empty, ''",
        "ASCII, 48 65 6c 6c 6f",
        "NUL and DEL, 00 7f",
        "smallest 2-byte U+0080, c2 80",
        "largest 2-byte U+07FF, df bf",
        "smallest 3-byte U+0800, e0 a0 80",
        "last before surrogates U+D7FF, ed 9f bf",
        "first after surrogates U+E000, ee 80 80",
        "U+FFFD, ef bf bd",
        "noncharacter U+FFFF (valid UTF-8), ef bf bf",
        "smallest 4-byte U+10000, f0 90 80 80",
        "emoji U+1F600, f0 9f 98 80",
        "F1 lead U+40000, f1 80 80 80",
        "largest U+10FFFF, f4 8f bf bf",
        "mixed, 61 c3 a9 e2 82 ac f0 9f 98 80 7a",
    })
    void valid(String name, String bytes) {
        byte[] b = hex(bytes);
        assertThat(Utf8Validator.isValid(b, 0, b.length)).isTrue();
        assertSplitInvariant(b, true);
    }

    @ParameterizedTest(name = "{0}: {1} fails at byte {2}")
    @CsvSource({
        "lone continuation, 80, 0",
        "continuation after ASCII, 61 bf, 1",
        "C0 overlong lead, c0 80, 0",
        "C1 overlong lead, c1 bf, 0",
        "overlong 3-byte U+007F, e0 81 bf, 1",
        "overlong 3-byte U+07FF, e0 9f bf, 1",
        "overlong 4-byte U+FFFF, f0 8f bf bf, 1",
        "overlong 4-byte NUL, f0 80 80 80, 1",
        "surrogate U+D800, ed a0 80, 1",
        "surrogate U+DBFF, ed af bf, 1",
        "surrogate U+DC00, ed b0 80, 1",
        "surrogate U+DFFF, ed bf bf, 1",
        "surrogate pair as CESU-8, ed a0 bd ed b8 80, 1",
        "U+110000, f4 90 80 80, 1",
        "U+13FFFF, f4 bf bf bf, 1",
        "F5 lead, f5 80 80 80, 0",
        "FF, ff, 0",
        "FE, fe, 0",
        "2-byte lead then ASCII, c3 28, 1",
        "3-byte lead cut by ASCII, e2 82 28, 2",
        "4-byte lead cut by a lead, f0 9f c3 a9, 2",
        "valid then bad, 48 69 e2 82 ac ff, 5",
    })
    void invalid_fails_at_the_first_bad_byte(String name, String bytes, int at) {
        byte[] b = hex(bytes);
        assertThat(Utf8Validator.isValid(b, 0, b.length)).isFalse();
        Utf8Validator v = new Utf8Validator();
        for (int i = 0; i < b.length; i++) {
            boolean ok = v.feed(b, i, 1);
            assertThat(ok).as("byte %d", i).isEqualTo(i < at);
            if (!ok) {
                break;
            }
        }
        assertThat(v.isRejected()).isTrue();
        assertThat(v.feed(hex("61"), 0, 1)).as("stays rejected").isFalse();
        assertSplitInvariant(b, false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2-byte cut after the lead, c3",
        "3-byte cut after 1, e2",
        "3-byte cut after 2, e2 82",
        "4-byte cut after 3, f0 9f 98",
        "valid then cut, 61 62 f4 8f bf",
    })
    void truncated_sequences_are_incomplete_not_rejected(String name, String bytes) {
        byte[] b = hex(bytes);
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed(b, 0, b.length)).isTrue();
        assertThat(v.isComplete()).isFalse();
        assertThat(v.isRejected()).isFalse();
        assertThat(Utf8Validator.isValid(b, 0, b.length)).isFalse();
    }

    @Test
    void a_code_point_may_straddle_any_boundary() {
        byte[] b = hex("f0 9f 98 80");
        Utf8Validator v = new Utf8Validator();
        for (int i = 0; i < b.length; i++) {
            assertThat(v.feed(b, i, 1)).isTrue();
            assertThat(v.isComplete()).isEqualTo(i == 3);
        }
        v.reset();
        assertThat(v.feed(b, 0, 0)).isTrue();
        assertThat(v.isComplete()).isTrue();
    }

    @Test
    void offsets_and_lengths_are_respected() {
        byte[] b = hex("ff 61 62 ff");
        assertThat(Utf8Validator.isValid(b, 1, 2)).isTrue();
        assertThat(Utf8Validator.isValid(b, 0, 2)).isFalse();
    }

    @Test
    void agrees_with_the_jdk_decoder_on_random_bytes() {
        SplittableRandom random = new SplittableRandom(6455);
        byte[] alphabet = hex("00 41 7f 80 8f 90 9f a0 bf c0 c1 c2 df e0 e1 ec ed ee ef f0 f1 f3 f4 f5 ff");
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(1, 9)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(Utf8Validator.isValid(b, 0, b.length)).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkValid(b));
        }
    }

    @Test
    void every_code_point_encoded_by_the_jdk_is_valid() {
        Utf8Validator v = new Utf8Validator();
        for (int cp = 0; cp <= 0x10FFFF; cp += (cp < 0x10000 ? 1 : 13)) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertThat(v.feed(b, 0, b.length)).as("U+%X", cp).isTrue();
        }
        assertThat(v.isComplete()).isTrue();
    }

    /** Fed in two pieces at every split point, the verdict is the same as fed whole. */
    private static void assertSplitInvariant(byte[] b, boolean valid) {
        for (int cut = 0; cut <= b.length; cut++) {
            Utf8Validator v = new Utf8Validator();
            boolean ok = v.feed(b, 0, cut) && v.feed(b, cut, b.length - cut) && v.isComplete();
            assertThat(ok).as("split at %d", cut).isEqualTo(valid);
        }
    }

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
