package io.hayate.http;

import static io.hayate.http.RequestParserTest.head;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.hayate.http.ParserHarness.Transcript;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the parser rejects a request, with the exact {@link Violation} and status, and every limit at its
 * boundary. Fixtures are fed whole, split at every index and byte by byte; all must fail the same way.
 */
class RequestParserViolationTest {
    private static final String GET = "GET / HTTP/1.1";
    private static final String HOST = "Host: a";

    /** Violations the parser never raises: the server raises the first, {@link UriCodec} the second. */
    private static final Set<Violation> NOT_FROM_THE_PARSER = EnumSet.of(Violation.HEADER_TIMEOUT, Violation.AMBIGUOUS_PATH);

    static Stream<Arguments> rejected() {
        return Stream.of(
                // line terminators and stray CRs (RFC 9112 §2.2)
                arguments("bare LF after the request line", "GET / HTTP/1.1\nHost: a\r\n\r\n", Violation.LF_LINE_TERMINATOR, 400),
                arguments("bare LF after a header", "GET / HTTP/1.1\r\nHost: a\n\r\n", Violation.LF_LINE_TERMINATOR, 400),
                arguments("bare LF as the empty line", "GET / HTTP/1.1\r\nHost: a\r\n\n", Violation.LF_LINE_TERMINATOR, 400),
                arguments("bare LF before the request line", "\n" + head(GET, HOST), Violation.LF_LINE_TERMINATOR, 400),
                arguments("bare CR in a header value", head(GET, HOST, "X: a\rb"), Violation.BARE_CR, 400),
                arguments("bare CR in the target", head("GET /\r HTTP/1.1", HOST), Violation.BARE_CR, 400),
                arguments("bare CR after the method", head("GET\r/ HTTP/1.1", HOST), Violation.BARE_CR, 400),
                arguments("CR CR LF after the version", head("GET / HTTP/1.1\r", HOST), Violation.BARE_CR, 400),
                arguments("bare CR before the colon", head(GET, HOST, "X\r: a"), Violation.BARE_CR, 400),
                // request line (RFC 9112 §3)
                arguments("two spaces before the target", head("GET  / HTTP/1.1", HOST), Violation.INVALID_REQUEST_LINE, 400),
                arguments("method alone", head("GET", HOST), Violation.INVALID_REQUEST_LINE, 400),
                arguments("space before the method", head(" GET / HTTP/1.1", HOST), Violation.INVALID_METHOD, 400),
                arguments("separator in the method", head("G(T / HTTP/1.1", HOST), Violation.INVALID_METHOD, 400),
                arguments("tab after the method", head("GET\t/ HTTP/1.1", HOST), Violation.INVALID_METHOD, 400),
                arguments("non-ASCII method", head("G\u00c9T / HTTP/1.1", HOST), Violation.INVALID_METHOD, 400),
                arguments("fragment in the target", head("GET /a#f HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("DEL in the target", head("GET /a\u007fb HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("non-ASCII target", head("GET /\u00e9 HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("NUL in the target", head("GET /a\u0000 HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("'*' for GET", head("GET * HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("relative target", head("GET a/b HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("other scheme", head("GET ftp://h/ HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("empty scheme", head("GET ://h/ HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("httpx scheme", head("GET httpx://h/ HTTP/1.1", HOST), Violation.INVALID_TARGET, 400),
                arguments("space after the version", head("GET / HTTP/1.1 ", HOST), Violation.INVALID_VERSION, 400),
                arguments("lower-case version", head("GET / http/1.1", HOST), Violation.INVALID_VERSION, 400),
                arguments("two-digit minor", head("GET / HTTP/1.10", HOST), Violation.INVALID_VERSION, 400),
                arguments("no minor", head("GET / HTTP/1", HOST), Violation.INVALID_VERSION, 400),
                arguments("letter major", head("GET / HTTP/A.1", HOST), Violation.INVALID_VERSION, 400),
                arguments("comma for dot", head("GET / HTTP/1,1", HOST), Violation.INVALID_VERSION, 400),
                arguments("HTTP/2.0", head("GET / HTTP/2.0", HOST), Violation.UNSUPPORTED_VERSION, 505),
                arguments("HTTP/0.9", head("GET / HTTP/0.9", HOST), Violation.UNSUPPORTED_VERSION, 505),
                arguments("HTTP/3.1", head("GET / HTTP/3.1", HOST), Violation.UNSUPPORTED_VERSION, 505),
                arguments("HTTP/0.9 request line", "GET /\r\n", Violation.UNSUPPORTED_VERSION, 505),
                // header fields (RFC 9112 §5, RFC 9110 §5.5)
                arguments("no colon", head(GET, HOST, "NoColon"), Violation.INVALID_HEADER_NAME, 400),
                arguments("empty name", head(GET, HOST, ": v"), Violation.INVALID_HEADER_NAME, 400),
                arguments("separator in the name", head(GET, HOST, "X(y): v"), Violation.INVALID_HEADER_NAME, 400),
                arguments("non-ASCII name", head(GET, HOST, "X\u00e9: v"), Violation.INVALID_HEADER_NAME, 400),
                arguments("NUL in the name", head(GET, HOST, "X\u0000: v"), Violation.INVALID_HEADER_NAME, 400),
                arguments("space before the colon", head(GET, "Host : a"), Violation.WHITESPACE_BEFORE_COLON, 400),
                arguments("tab before the colon", head(GET, HOST, "X\t: v"), Violation.WHITESPACE_BEFORE_COLON, 400),
                arguments("obs-fold with space", head(GET, HOST, "X: a", " b"), Violation.OBS_FOLD, 400),
                arguments("obs-fold with tab", head(GET, HOST, "X: a", "\tb"), Violation.OBS_FOLD, 400),
                arguments("first header folded", head(GET, " Host: a"), Violation.OBS_FOLD, 400),
                arguments("NUL in a value", head(GET, HOST, "X: a\u0000b"), Violation.INVALID_HEADER_VALUE, 400),
                arguments("SOH in a value", head(GET, HOST, "X: \u0001"), Violation.INVALID_HEADER_VALUE, 400),
                arguments("ESC in a value", head(GET, HOST, "X: a\u001bb"), Violation.INVALID_HEADER_VALUE, 400),
                arguments("DEL in a value", head(GET, HOST, "X: a\u007f"), Violation.INVALID_HEADER_VALUE, 400),
                arguments("missing Host", head(GET, "Accept: */*"), Violation.MISSING_HOST, 400),
                arguments("two Hosts", head(GET, HOST, "host: a"), Violation.DUPLICATE_HOST, 400),
                arguments("two different Hosts", head(GET, "Host: a", "Host: b"), Violation.DUPLICATE_HOST, 400),
                // framing (RFC 9112 §6): the request-smuggling cases
                arguments("CL and TE", head("POST / HTTP/1.1", HOST, "Content-Length: 3", "Transfer-Encoding: chunked") + "0\r\n\r\n",
                        Violation.TRANSFER_ENCODING_WITH_CONTENT_LENGTH, 400),
                arguments("TE and CL", head("POST / HTTP/1.1", HOST, "Transfer-Encoding: chunked", "Content-Length: 3") + "0\r\n\r\n",
                        Violation.TRANSFER_ENCODING_WITH_CONTENT_LENGTH, 400),
                arguments("conflicting CL fields", head("POST / HTTP/1.1", HOST, "Content-Length: 5", "Content-Length: 6"),
                        Violation.CONFLICTING_CONTENT_LENGTH, 400),
                arguments("conflicting CL list", head("POST / HTTP/1.1", HOST, "Content-Length: 5, 6"), Violation.CONFLICTING_CONTENT_LENGTH, 400),
                arguments("equal CL fields", head("POST / HTTP/1.1", HOST, "Content-Length: 5", "Content-Length: 5") + "hello",
                        Violation.DUPLICATE_CONTENT_LENGTH, 400),
                arguments("equal CL list", head("POST / HTTP/1.1", HOST, "Content-Length: 5,5") + "hello", Violation.DUPLICATE_CONTENT_LENGTH, 400),
                arguments("equal CL list, spaces and tabs", head("POST / HTTP/1.1", HOST, "Content-Length: 5 ,\t5") + "hello",
                        Violation.DUPLICATE_CONTENT_LENGTH, 400),
                arguments("CL list with an empty element", head("POST / HTTP/1.1", HOST, "Content-Length: 5, ,5"),
                        Violation.INVALID_CONTENT_LENGTH, 400),
                arguments("CL list ending in a comma", head("POST / HTTP/1.1", HOST, "Content-Length: 5,"),
                        Violation.INVALID_CONTENT_LENGTH, 400),
                arguments("signed CL (more below)", head("POST / HTTP/1.1", HOST, "Content-Length: +5"), Violation.INVALID_CONTENT_LENGTH, 400),
                arguments("gzip TE (more below)", head("POST / HTTP/1.1", HOST, "Transfer-Encoding: gzip"), Violation.UNSUPPORTED_TRANSFER_ENCODING, 400),
                arguments("TE in HTTP/1.0", head("POST / HTTP/1.0", "Transfer-Encoding: chunked") + "0\r\n\r\n",
                        Violation.TRANSFER_ENCODING_IN_HTTP_1_0, 400),
                arguments("bad chunk size", head("POST / HTTP/1.1", HOST, "Transfer-Encoding: chunked") + "z\r\n",
                        Violation.INVALID_CHUNK_SIZE, 400),
                arguments("chunk too long", head("POST / HTTP/1.1", HOST, "Transfer-Encoding: chunked") + "1\r\nab\r\n",
                        Violation.INVALID_CHUNK_FRAMING, 400),
                // expectations (RFC 9110 §10.1.1)
                arguments("unknown expectation", head("POST / HTTP/1.1", HOST, "Expect: something", "Content-Length: 1") + "x",
                        Violation.UNSUPPORTED_EXPECTATION, 417),
                arguments("100-continue with more", head("POST / HTTP/1.1", HOST, "Expect: 100-continue, x"), Violation.UNSUPPORTED_EXPECTATION, 417),
                arguments("unknown then 100-continue", head("POST / HTTP/1.1", HOST, "Expect: x", "Expect: 100-continue"),
                        Violation.UNSUPPORTED_EXPECTATION, 417),
                arguments("100-continue then unknown", head("POST / HTTP/1.1", HOST, "Expect: 100-continue", "Expect: x"),
                        Violation.UNSUPPORTED_EXPECTATION, 417),
                // limits at their defaults
                arguments("9 KB request line", head("GET /" + "a".repeat(9 * 1024) + " HTTP/1.1", HOST), Violation.REQUEST_LINE_TOO_LONG, 414),
                arguments("17 KB header", head(GET, HOST, "X: " + "v".repeat(17 * 1024)), Violation.HEADERS_TOO_LARGE, 431),
                arguments("101 headers", head(GET, Stream.generate(() -> "X: v").limit(101).toArray(String[]::new)),
                        Violation.TOO_MANY_HEADERS, 431),
                arguments("Content-Length over 8 MiB", head("POST / HTTP/1.1", HOST, "Content-Length: 8388609"), Violation.BODY_TOO_LARGE, 413),
                arguments("18-digit Content-Length", head("POST / HTTP/1.1", HOST, "Content-Length: 999999999999999999"),
                        Violation.BODY_TOO_LARGE, 413));
    }

    @ParameterizedTest(name = "{0} -> {2} ({3})")
    @MethodSource("rejected")
    void malformed_requests_are_rejected_with_their_violation_and_status(String what, String input, Violation violation, int status) {
        Transcript t = ParserHarness.parse(HttpLimits.DEFAULTS, Compliance.STRICT, input);

        assertThat(t.violation()).as(t.describe()).isEqualTo(violation);
        assertThat(t.violation().status()).isEqualTo(status);
    }

    @Test
    void every_violation_the_parser_raises_has_a_fixture() {
        Set<Violation> covered = rejected().map(a -> (Violation) a.get()[2]).collect(Collectors.toCollection(() -> EnumSet.noneOf(Violation.class)));
        covered.addAll(NOT_FROM_THE_PARSER);

        assertThat(covered).containsExactlyInAnyOrder(Violation.values());
    }

    @ParameterizedTest(name = "Content-Length: \"{0}\"")
    @ValueSource(strings = {"+5", "-1", "1 2", "0x5", "5a", "1.0", "5,", ",5", "5,,5", "1234567890123456789", "\u00b9", "five"})
    void content_length_that_is_not_a_plain_decimal_is_rejected(String value) {
        assertThat(violation(head("POST / HTTP/1.1", HOST, "Content-Length: " + value))).isEqualTo(Violation.INVALID_CONTENT_LENGTH);
    }

    @Test
    void an_empty_content_length_is_rejected() {
        assertThat(violation(head("POST / HTTP/1.1", HOST, "Content-Length:"))).isEqualTo(Violation.INVALID_CONTENT_LENGTH);
        assertThat(violation(head("POST / HTTP/1.1", HOST, "Content-Length:  \t "))).isEqualTo(Violation.INVALID_CONTENT_LENGTH);
    }

    @ParameterizedTest(name = "Transfer-Encoding: \"{0}\"")
    @ValueSource(strings = {"gzip", "chunked, chunked", "gzip, chunked", "chunked, gzip", "", " ", ",", "chunked;q=1", "identity"})
    void transfer_encoding_other_than_one_final_chunked_is_rejected(String value) {
        assertThat(violation(head("POST / HTTP/1.1", HOST, "Transfer-Encoding: " + value) + "0\r\n\r\n"))
                .isEqualTo(Violation.UNSUPPORTED_TRANSFER_ENCODING);
    }

    @Test
    void transfer_codings_count_across_fields() {
        String twoFields = head("POST / HTTP/1.1", HOST, "Transfer-Encoding: gzip", "Transfer-Encoding: chunked") + "0\r\n\r\n";
        String chunkedTwice = head("POST / HTTP/1.1", HOST, "Transfer-Encoding: chunked", "Transfer-Encoding: chunked") + "0\r\n\r\n";
        String emptySecond = head("POST / HTTP/1.1", HOST, "Transfer-Encoding: chunked", "Transfer-Encoding: ") + "0\r\n\r\n";

        assertThat(violation(twoFields)).isEqualTo(Violation.UNSUPPORTED_TRANSFER_ENCODING);
        assertThat(violation(chunkedTwice)).isEqualTo(Violation.UNSUPPORTED_TRANSFER_ENCODING);
        assertThat(violation(emptySecond)).isEqualTo(Violation.UNSUPPORTED_TRANSFER_ENCODING);
    }

    @Test
    void a_trailing_comma_after_chunked_is_an_empty_list_element() {
        // RFC 9110 §5.6.1: empty list elements do not count
        String input = head("POST / HTTP/1.1", HOST, "Transfer-Encoding: chunked ,") + "1\r\nx\r\n0\r\n\r\n";

        assertThat(ParserHarness.parse(input).only().bodyText()).isEqualTo("x");
    }

    // ---------------------------------------------------------------- compliance

    @ParameterizedTest(name = "{0}")
    @MethodSource("bareLf")
    void bare_lf_is_400_in_strict_mode_and_accepted_in_lenient_mode(String what, String input) {
        assertThat(violation(input)).isEqualTo(Violation.LF_LINE_TERMINATOR);

        Transcript lenient = ParserHarness.parse(Compliance.LENIENT, input);
        assertThat(lenient.violation()).as(lenient.describe()).isNull();
        assertThat(lenient.only().done()).isTrue();
        assertThat(lenient.only().head().headers().get("Host")).isEqualTo("a");
    }

    static Stream<Arguments> bareLf() {
        return Stream.of(
                arguments("everywhere", "GET / HTTP/1.1\nHost: a\n\n"),
                arguments("request line", "GET / HTTP/1.1\nHost: a\r\n\r\n"),
                arguments("header line", "GET / HTTP/1.1\r\nHost: a\n\r\n"),
                arguments("empty line", "GET / HTTP/1.1\r\nHost: a\r\n\n"),
                arguments("leading empty line", "\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("chunked body", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n1\nx\n0\nT: v\n\n"));
    }

    @Test
    void duplicate_equal_content_length_is_400_strict_and_accepted_lenient() {
        String fields = head("POST / HTTP/1.1", HOST, "Content-Length: 5", "content-length: 5") + "hello";
        String list = head("POST / HTTP/1.1", HOST, "Content-Length: 5, 5 ,5") + "hello";

        assertThat(violation(fields)).isEqualTo(Violation.DUPLICATE_CONTENT_LENGTH);
        assertThat(violation(list)).isEqualTo(Violation.DUPLICATE_CONTENT_LENGTH);
        assertThat(ParserHarness.parse(Compliance.LENIENT, fields).only().bodyText()).isEqualTo("hello");
        assertThat(ParserHarness.parse(Compliance.LENIENT, list).only().head().contentLength()).isEqualTo(5);
    }

    @Test
    void lenient_mode_still_rejects_conflicting_content_length() {
        String input = head("POST / HTTP/1.1", HOST, "Content-Length: 5", "Content-Length: 50") + "hello";

        assertThat(violation(Compliance.LENIENT, HttpLimits.DEFAULTS, input)).isEqualTo(Violation.CONFLICTING_CONTENT_LENGTH);
    }

    @Test
    void lenient_mode_accepts_nothing_but_its_two_violations() {
        assertThat(Compliance.LENIENT.allowed()).containsExactlyInAnyOrder(Violation.LF_LINE_TERMINATOR, Violation.DUPLICATE_CONTENT_LENGTH);
        assertThat(violation(Compliance.LENIENT, HttpLimits.DEFAULTS, head(GET, "Host : a"))).isEqualTo(Violation.WHITESPACE_BEFORE_COLON);
        assertThat(violation(Compliance.LENIENT, HttpLimits.DEFAULTS, head(GET, HOST, "X: a", " b"))).isEqualTo(Violation.OBS_FOLD);
    }

    @Test
    void whitespace_before_colon_is_accepted_when_opted_into() {
        Compliance c = Compliance.STRICT.with(Violation.WHITESPACE_BEFORE_COLON);

        Headers h = ParserHarness.parse(c, head(GET, "Host \t: a")).head().headers();

        assertThat(h.name(0)).isSameAs(HeaderNames.HOST);
        assertThat(h.get("Host")).isEqualTo("a");
    }

    // ---------------------------------------------------------------- limits at their boundaries

    private static final HttpLimits SMALL = new HttpLimits(32, 40, 3, 10, 16);

    @Test
    void a_request_line_of_exactly_max_request_line_bytes_passes_and_one_more_is_414() {
        String atLimit = "GET /" + "a".repeat(18) + " HTTP/1.1"; // 32 bytes
        String over = "GET /" + "a".repeat(19) + " HTTP/1.1";
        assertThat(atLimit).hasSize(32);

        assertThat(ParserHarness.parse(SMALL, Compliance.STRICT, head(atLimit, HOST)).only().done()).isTrue();
        assertThat(violation(Compliance.STRICT, SMALL, head(over, HOST))).isEqualTo(Violation.REQUEST_LINE_TOO_LONG);
        // a bare LF does not earn the missing CR's byte
        assertThat(ParserHarness.parse(SMALL, Compliance.LENIENT, atLimit + "\nHost: a\n\n").only().done()).isTrue();
        assertThat(violation(Compliance.LENIENT, SMALL, over + "\nHost: a\n\n")).isEqualTo(Violation.REQUEST_LINE_TOO_LONG);
        assertThat(violation(Compliance.STRICT, SMALL, over + "\nHost: a\n\n")).as("size before terminator")
                .isEqualTo(Violation.REQUEST_LINE_TOO_LONG);
    }

    @Test
    void a_long_request_line_is_414_without_waiting_for_its_end() {
        RequestParser parser = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap(("GET /" + "a".repeat(9 * 1024)).getBytes(ISO_8859_1));

        assertThatThrownBy(() -> parser.parse(in)).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.status()).isEqualTo(414));
    }

    @Test
    void an_unfinished_request_line_waits_while_it_may_still_fit() {
        // 32 bytes may be the whole line, 33 may be the line and its CR; 34 cannot fit
        assertThat(feedOnce(SMALL, "a".repeat(33))).isEqualTo(RequestParser.Event.NEED_MORE);
        assertThatThrownBy(() -> feedOnce(SMALL, "a".repeat(34))).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.violation()).isEqualTo(Violation.REQUEST_LINE_TOO_LONG));
    }

    @Test
    void a_header_section_of_exactly_max_header_size_passes_and_one_byte_more_is_431() {
        // "Host: a\r\n" is 9 bytes, "X: " + 26 + "\r\n" is 31: 40 in all (the empty line does not count)
        String atLimit = head("GET / HTTP/1.1", HOST, "X: " + "v".repeat(26));
        String over = head("GET / HTTP/1.1", HOST, "X: " + "v".repeat(27));

        assertThat(ParserHarness.parse(SMALL, Compliance.STRICT, atLimit).only().done()).isTrue();
        assertThat(violation(Compliance.STRICT, SMALL, over)).isEqualTo(Violation.HEADERS_TOO_LARGE);
        assertThat(Violation.HEADERS_TOO_LARGE.status()).isEqualTo(431);
    }

    @Test
    void a_large_header_section_is_431_without_waiting_for_its_end() {
        RequestParser parser = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap(("GET / HTTP/1.1\r\nHost: a\r\nX: " + "v".repeat(17 * 1024)).getBytes(ISO_8859_1));

        assertThatThrownBy(() -> parser.parse(in)).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void an_unfinished_header_section_waits_while_it_may_still_fit() {
        String full = head("GET / HTTP/1.1", HOST, "X: " + "v".repeat(26)); // exactly at the limit
        String withCrOfTheEmptyLine = full.substring(0, full.length() - 1);

        assertThat(feedOnce(SMALL, withCrOfTheEmptyLine)).isEqualTo(RequestParser.Event.NEED_MORE);
    }

    @Test
    void exactly_max_header_count_headers_pass_and_one_more_is_431() {
        assertThat(ParserHarness.parse(SMALL, Compliance.STRICT, head(GET, HOST, "A: 1", "B: 2")).only().done()).isTrue();

        Violation over = violation(Compliance.STRICT, SMALL, head(GET, HOST, "A: 1", "B: 2", "C: 3"));

        assertThat(over).isEqualTo(Violation.TOO_MANY_HEADERS);
        assertThat(over.status()).isEqualTo(431);
    }

    @Test
    void a_head_over_two_limits_fails_the_same_way_however_it_is_fed() {
        // The fourth header is one too many and also too large. Fed whole, the parser sees its LF; fed in pieces, it
        // first sees the unfinished line, which only has a size. Both must name the same violation.
        String input = head(GET, HOST, "A: 1", "B: 2", "C: " + "v".repeat(40));

        assertThat(violation(Compliance.STRICT, SMALL, input)).isEqualTo(Violation.HEADERS_TOO_LARGE);
    }

    @Test
    void an_oversized_line_with_a_bare_lf_is_judged_by_its_size() {
        // as above: the size is visible before the LF arrives, the terminator only after
        assertThat(violation(Compliance.STRICT, SMALL, GET + "\r\nHost: a\r\nX: " + "v".repeat(40) + "\n\r\n"))
                .isEqualTo(Violation.HEADERS_TOO_LARGE);
        assertThat(violation(Compliance.STRICT, SMALL, "GET /" + "a".repeat(40) + " HTTP/1.1\nHost: a\r\n\r\n"))
                .isEqualTo(Violation.REQUEST_LINE_TOO_LONG);
    }

    @Test
    void a_content_length_body_of_exactly_max_body_size_passes() {
        String input = head("POST / HTTP/1.1", HOST, "Content-Length: 10") + "0123456789";

        assertThat(ParserHarness.parse(SMALL, Compliance.STRICT, input).only().bodyText()).isEqualTo("0123456789");
    }

    @Test
    void a_content_length_over_max_body_size_is_413_before_any_body_byte() {
        ByteBuffer headOnly = ByteBuffer.wrap(head("POST / HTTP/1.1", HOST, "Content-Length: 11").getBytes(ISO_8859_1));

        assertThatThrownBy(() -> new RequestParser(SMALL, Compliance.STRICT).parse(headOnly))
                .isInstanceOfSatisfying(BadMessageException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.BODY_TOO_LARGE);
                    assertThat(e.status()).isEqualTo(413);
                });
    }

    @Test
    void an_exception_names_its_violation_and_detail() {
        BadMessageException e = new BadMessageException(Violation.MISSING_HOST);
        BadMessageException detailed = new BadMessageException(Violation.INVALID_TARGET, "byte 0x7f");

        assertThat(e.getMessage()).isEqualTo("missing Host header");
        assertThat(detailed.getMessage()).isEqualTo("malformed request target: byte 0x7f");
        assertThat(e.getStackTrace()).as("cheap: no stack trace").isEmpty();
    }

    // ----------------------------------------------------------------

    private static Violation violation(String input) {
        return violation(Compliance.STRICT, HttpLimits.DEFAULTS, input);
    }

    private static Violation violation(Compliance compliance, HttpLimits limits, String input) {
        Transcript t = ParserHarness.parse(limits, compliance, input);
        assertThat(t.violation()).as(t.describe()).isNotNull();
        return t.violation();
    }

    private static RequestParser.Event feedOnce(HttpLimits limits, String input) {
        return new RequestParser(limits, Compliance.STRICT).parse(ByteBuffer.wrap(input.getBytes(ISO_8859_1)));
    }
}
