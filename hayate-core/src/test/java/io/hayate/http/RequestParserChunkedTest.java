package io.hayate.http;

import static io.hayate.http.ParserHarness.parse;
import static io.hayate.http.RequestParserTest.head;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.ParserHarness.Message;
import io.hayate.http.ParserHarness.Transcript;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chunked request bodies (RFC 9112 §7.1), accepted and rejected; every fixture fed whole, split and bytewise. */
class RequestParserChunkedTest {
    private static final String CHUNKED = head("POST /up HTTP/1.1", "Host: a", "Transfer-Encoding: chunked");

    private static Violation violation(Compliance compliance, HttpLimits limits, String input) {
        Transcript t = ParserHarness.parse(limits, compliance, input);
        assertThat(t.violation()).as(t.describe()).isNotNull();
        return t.violation();
    }

    private static Violation violation(String input) {
        return violation(Compliance.STRICT, HttpLimits.DEFAULTS, input);
    }

    @Test
    void chunks_are_joined_and_framing_removed() {
        Message m = parse(CHUNKED + "5\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n").only();

        assertThat(m.head().chunked()).isTrue();
        assertThat(m.head().contentLength()).isEqualTo(-1);
        assertThat(m.head().hasBody()).isTrue();
        assertThat(m.bodyText()).isEqualTo("hello 0123456789");
        assertThat(m.done()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Chunked", "CHUNKED", ", chunked", "chunked\t,", ",\tchunked ,", "chunked,,"})
    void chunked_is_named_in_any_case_among_empty_list_elements(String transferEncoding) {
        Message m = parse(head("POST /up HTTP/1.1", "Host: a", "Transfer-Encoding: " + transferEncoding)
                + "3\r\nabc\r\n0\r\n\r\n").only();

        assertThat(m.head().chunked()).isTrue();
        assertThat(m.bodyText()).isEqualTo("abc");
    }

    @Test
    void chunk_sizes_are_hex_in_either_case_with_leading_zeros() {
        Message m = parse(CHUNKED + "0000a\r\n0123456789\r\n1F\r\n" + "x".repeat(31) + "\r\n00\r\n\r\n").only();

        assertThat(m.body()).hasSize(10 + 31);
    }

    @Test
    void chunk_extensions_are_accepted_and_ignored() {
        Message m = parse(CHUNKED + "3;name=value\r\nabc\r\n2 ; a = \"q;x\" ;b\r\nde\r\n0;last\r\n\r\n").only();

        assertThat(m.bodyText()).isEqualTo("abcde");
    }

    @Test
    void trailers_are_validated_and_dropped() {
        Message m = parse(CHUNKED + "3\r\nabc\r\n0\r\nX-Checksum: 123\r\nX-Other:\t v \r\n\r\n").only();

        assertThat(m.bodyText()).isEqualTo("abc");
        assertThat(m.done()).isTrue();
        assertThat(m.head().headers().contains("X-Checksum")).isFalse();
    }

    @Test
    void an_empty_chunked_body_is_just_the_last_chunk() {
        Message m = parse(CHUNKED + "0\r\n\r\n").only();

        assertThat(m.body()).isEmpty();
        assertThat(m.done()).isTrue();
    }

    @Test
    void transfer_coding_names_are_case_insensitive() {
        String input = head("POST / HTTP/1.1", "Host: a", "Transfer-Encoding:  Chunked ") + "1\r\nz\r\n0\r\n\r\n";

        assertThat(parse(input).only().bodyText()).isEqualTo("z");
    }

    @Test
    void a_request_after_a_chunked_one_is_parsed() {
        Transcript t = parse(CHUNKED + "2\r\nab\r\n0\r\nT: 1\r\n\r\n" + head("GET /next HTTP/1.1", "Host: a"));

        assertThat(t.messages()).extracting(m -> m.head().target()).containsExactly("/up", "/next");
        assertThat(t.doneCount()).isEqualTo(2);
    }

    @Test
    void an_unfinished_chunked_body_keeps_the_message_open() {
        Transcript t = parse(CHUNKED + "5\r\nhel");

        assertThat(t.only().bodyText()).isEqualTo("hel");
        assertThat(t.only().done()).isFalse();
        assertThat(t.inMessage()).isTrue();
    }

    @ParameterizedTest(name = "chunk line \"{0}\"")
    @ValueSource(strings = {"", " 5", "g", "-1", "+5", "0x5", ";ext"})
    void a_chunk_size_without_hex_digits_is_rejected(String line) {
        assertThat(violation(CHUNKED + line + "\r\nhello\r\n0\r\n\r\n")).isEqualTo(Violation.INVALID_CHUNK_SIZE);
    }

    @ParameterizedTest(name = "chunk line \"{0}\"")
    @ValueSource(strings = {"5x", "5 x", "5\t=", "5;\u0001", "5;a\u007f", "5 ;a\u0000b"})
    void garbage_after_the_chunk_size_is_rejected(String line) {
        assertThat(violation(CHUNKED + line + "\r\nhello\r\n0\r\n\r\n")).isEqualTo(Violation.INVALID_CHUNK_SIZE);
    }

    @Test
    void a_chunk_size_that_overflows_a_long_is_rejected() {
        assertThat(violation(CHUNKED + "10000000000000000\r\n")).isEqualTo(Violation.INVALID_CHUNK_SIZE);
        assertThat(violation(CHUNKED + "8000000000000000\r\n")).isEqualTo(Violation.INVALID_CHUNK_SIZE);
    }

    @Test
    void the_largest_chunk_size_that_fits_a_long_is_over_the_body_limit() {
        Violation v = violation(CHUNKED + "7fffffffffffffff\r\n");

        assertThat(v).isEqualTo(Violation.BODY_TOO_LARGE);
        assertThat(v.status()).isEqualTo(413);
    }

    @Test
    void a_huge_chunk_after_a_small_one_cannot_overflow_the_body_count() {
        // bodyReceived + size would wrap to a negative number and pass a "> max" check
        assertThat(violation(CHUNKED + "1\r\na\r\n7fffffffffffffff\r\n")).isEqualTo(Violation.BODY_TOO_LARGE);
        assertThat(violation(CHUNKED + "1\r\na\r\n7ffffffffffffff0\r\n")).isEqualTo(Violation.BODY_TOO_LARGE);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"3\r\nabcd\r\n0\r\n\r\n", "3\r\nabcX\n0\r\n\r\n", "3\r\nabc\u0000\r\n0\r\n\r\n"})
    void chunk_data_longer_than_its_size_is_rejected(String body) {
        assertThat(violation(CHUNKED + body)).isEqualTo(Violation.INVALID_CHUNK_FRAMING);
    }

    @Test
    void chunk_data_longer_than_its_size_is_rejected_at_the_first_extra_byte() {
        RequestParser parser = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap((CHUNKED + "3\r\nabcd").getBytes(ISO_8859_1));

        assertThat(parser.parse(in)).isEqualTo(RequestParser.Event.HEAD);
        assertThat(parser.parse(in)).isEqualTo(RequestParser.Event.BODY);
        assertThatThrownBy(() -> parser.parse(in)).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.violation()).isEqualTo(Violation.INVALID_CHUNK_FRAMING));
    }

    @Test
    void chunk_data_ended_by_cr_without_lf_is_rejected() {
        assertThat(violation(CHUNKED + "3\r\nabc\rX0\r\n\r\n")).isEqualTo(Violation.INVALID_CHUNK_FRAMING);
    }

    @Test
    void chunk_data_ended_by_a_bare_lf_is_strict_400_and_lenient_ok() {
        String input = CHUNKED + "3\r\nabc\n0\r\n\r\n";

        assertThat(violation(input)).isEqualTo(Violation.LF_LINE_TERMINATOR);
        assertThat(parse(Compliance.LENIENT, input).only().bodyText()).isEqualTo("abc");
    }

    @Test
    void a_chunk_size_line_ended_by_a_bare_lf_is_strict_400_and_lenient_ok() {
        String input = CHUNKED + "3\nabc\r\n0\n\r\n";

        assertThat(violation(input)).isEqualTo(Violation.LF_LINE_TERMINATOR);
        assertThat(parse(Compliance.LENIENT, input).only().bodyText()).isEqualTo("abc");
    }

    @Test
    void trailers_ended_by_bare_lfs_are_strict_400_and_lenient_ok() {
        String trailerLine = CHUNKED + "0\r\nT: 1\n\r\n";
        String lastLine = CHUNKED + "0\r\nT: 1\r\n\n";

        assertThat(violation(trailerLine)).isEqualTo(Violation.LF_LINE_TERMINATOR);
        assertThat(violation(lastLine)).isEqualTo(Violation.LF_LINE_TERMINATOR);
        assertThat(parse(Compliance.LENIENT, trailerLine).only().done()).isTrue();
        assertThat(parse(Compliance.LENIENT, lastLine).only().done()).isTrue();
    }

    @ParameterizedTest(name = "trailer \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "' folded'    | OBS_FOLD",
        "No-Colon     | INVALID_HEADER_NAME",
        "': empty'    | INVALID_HEADER_NAME",
        "Bad Name: 1  | WHITESPACE_BEFORE_COLON",
        "'X: a\u0000b'| INVALID_HEADER_VALUE",
        "'X: a\rb'    | BARE_CR"})
    void malformed_trailers_are_rejected(String trailer, Violation expected) {
        assertThat(violation(CHUNKED + "1\r\na\r\n0\r\n" + trailer + "\r\n\r\n")).isEqualTo(expected);
        assertThat(expected.status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- limits

    @Test
    void a_chunked_body_of_exactly_the_limit_passes_and_one_byte_more_is_413() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxBodySize(10);

        Message atLimit = parse(limits, Compliance.STRICT, CHUNKED + "4\r\n1234\r\n6\r\n567890\r\n0\r\n\r\n").only();
        Violation over = violation(Compliance.STRICT, limits, CHUNKED + "4\r\n1234\r\n7\r\n5678901\r\n0\r\n\r\n");

        assertThat(atLimit.body()).hasSize(10);
        assertThat(over).isEqualTo(Violation.BODY_TOO_LARGE);
        assertThat(over.status()).isEqualTo(413);
    }

    @Test
    void a_chunk_over_the_limit_is_refused_from_its_size_line_before_its_data() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxBodySize(10);

        // no data follows the size line: the size alone decides
        assertThat(violation(Compliance.STRICT, limits, CHUNKED + "b\r\n")).isEqualTo(Violation.BODY_TOO_LARGE);
    }

    @Test
    void a_chunk_line_of_exactly_max_chunk_line_bytes_passes_and_one_more_is_rejected() {
        HttpLimits limits = new HttpLimits(8192, 16384, 100, 1024, 16);
        String atLimit = "1;" + "e".repeat(14); // 16 bytes
        String over = "1;" + "e".repeat(15);

        assertThat(parse(limits, Compliance.STRICT, CHUNKED + atLimit + "\r\nx\r\n0\r\n\r\n").only().bodyText()).isEqualTo("x");
        assertThat(violation(Compliance.STRICT, limits, CHUNKED + over + "\r\nx\r\n0\r\n\r\n")).isEqualTo(Violation.INVALID_CHUNK_SIZE);
        // lenient bare LF: the same count, the CR is not there to excuse one more byte
        assertThat(parse(limits, Compliance.LENIENT, CHUNKED + atLimit + "\nx\r\n0\r\n\r\n").only().bodyText()).isEqualTo("x");
        assertThat(violation(Compliance.LENIENT, limits, CHUNKED + over + "\nx\r\n0\r\n\r\n")).isEqualTo(Violation.INVALID_CHUNK_SIZE);
    }

    @Test
    void an_endless_chunk_line_is_rejected_without_waiting_for_its_end() {
        HttpLimits limits = new HttpLimits(8192, 16384, 100, 1024, 16);

        Transcript t = ParserHarness.parse(limits, Compliance.STRICT, CHUNKED + "1;" + "e".repeat(40));

        assertThat(t.violation()).isEqualTo(Violation.INVALID_CHUNK_SIZE);
    }

    @Test
    void trailers_of_exactly_max_header_size_pass_and_one_byte_more_is_431() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderSize(40);
        String trailer = "T: " + "v".repeat(35); // 38 bytes + CRLF = 40

        Message ok = parse(limits, Compliance.STRICT, CHUNKED + "0\r\n" + trailer + "\r\n\r\n").only();
        Violation over = violation(Compliance.STRICT, limits, CHUNKED + "0\r\n" + trailer + "v\r\n\r\n");

        assertThat(ok.done()).isTrue();
        assertThat(over).isEqualTo(Violation.HEADERS_TOO_LARGE);
    }

    @Test
    void endless_trailers_are_431_without_waiting_for_their_end() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderSize(40);

        assertThat(violation(Compliance.STRICT, limits, CHUNKED + "0\r\nT: " + "v".repeat(60))).isEqualTo(Violation.HEADERS_TOO_LARGE);
    }

    @Test
    void trailers_over_two_limits_fail_the_same_way_however_they_are_fed() {
        HttpLimits limits = new HttpLimits(8192, 40, 3, 1024, 16);

        assertThat(violation(Compliance.STRICT, limits, CHUNKED + "0\r\nA: 1\r\nB: " + "v".repeat(40) + "\r\n\r\n"))
                .isEqualTo(Violation.HEADERS_TOO_LARGE);
        assertThat(violation(Compliance.STRICT, limits, CHUNKED + "0\r\nB: " + "v".repeat(40) + "\n\r\n"))
                .isEqualTo(Violation.HEADERS_TOO_LARGE);
    }

    @Test
    void trailer_fields_count_against_the_header_count_limit() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderCount(3); // Host, Transfer-Encoding and one trailer

        assertThat(parse(limits, Compliance.STRICT, CHUNKED + "0\r\nA: 1\r\n\r\n").only().done()).isTrue();
        assertThat(violation(Compliance.STRICT, limits, CHUNKED + "0\r\nA: 1\r\nB: 2\r\n\r\n")).isEqualTo(Violation.TOO_MANY_HEADERS);
    }
}
