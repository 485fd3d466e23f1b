package io.hayate.http;

import static io.hayate.http.ResponseParserHarness.parse;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.http.ResponseParserHarness.Transcript;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Responses the parser rejects, each with the violation it names, whatever way the bytes are split; and the limits,
 * crossed by one byte. Every {@link ResponseViolation} the parser can raise is covered (checked after all tests).
 */
class ResponseParserViolationTest {
    private static final Set<ResponseViolation> SEEN = EnumSet.noneOf(ResponseViolation.class);
    /** Raised by the client, not the parser. */
    private static final Set<ResponseViolation> CLIENT_ONLY = EnumSet.of(ResponseViolation.UNEXPECTED_DATA,
            ResponseViolation.UNEXPECTED_UPGRADE, ResponseViolation.BAD_CONTENT_ENCODING);

    private static ResponseViolation rejected(Transcript t) {
        assertThat(t.violation()).as(t.describe()).isNotNull();
        SEEN.add(t.violation());
        return t.violation();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "INVALID_STATUS_LINE   | FOO/1.1 200 OK",
        "INVALID_STATUS_LINE   | ",
        "INVALID_STATUS_LINE   | HTTP/1.1",
        "INVALID_STATUS_CODE   | HTTP/1.1  200 OK",
        "INVALID_STATUS_LINE   | HTTP/1.1 200\tOK",
        "INVALID_STATUS_LINE   | HTTP/1.1 200 O\u0001K",
        "INVALID_VERSION       | HTTP/1 200 OK",
        "INVALID_VERSION       | HTTP/x.1 200 OK",
        "INVALID_VERSION       | HTTP/11.1 200 OK",
        "UNSUPPORTED_VERSION   | HTTP/2.0 200 OK",
        "UNSUPPORTED_VERSION   | HTTP/0.9 200 OK",
        "INVALID_STATUS_CODE   | HTTP/1.1 20 OK",
        "INVALID_STATUS_CODE   | HTTP/1.1 2000 OK",
        "INVALID_STATUS_CODE   | HTTP/1.1 abc OK",
        "INVALID_STATUS_CODE   | HTTP/1.1 099 Low",
        "INVALID_STATUS_CODE   | HTTP/1.1 600 High",
        "BARE_CR               | HTTP/1.1 200 O\rK"})
    void bad_status_lines(ResponseViolation expected, String statusLine) {
        Transcript t = parse((statusLine == null ? "" : statusLine) + "\r\nContent-Length: 0\r\n\r\n");

        assertThat(rejected(t)).isEqualTo(expected);
        assertThat(t.messages()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "INVALID_HEADER_NAME                   | : empty",
        "INVALID_HEADER_NAME                   | No-Colon",
        "INVALID_HEADER_NAME                   | Bad(Name): x",
        "WHITESPACE_BEFORE_COLON               | Name : x",
        "OBS_FOLD                              | ' folded'",
        "INVALID_HEADER_VALUE                  | X: a\u0000b",
        "INVALID_HEADER_VALUE                  | X: a\u007fb",
        "BARE_CR                               | X: a\rb",
        "INVALID_CONTENT_LENGTH                | Content-Length: -1",
        "INVALID_CONTENT_LENGTH                | Content-Length: 1e3",
        "INVALID_CONTENT_LENGTH                | Content-Length: ",
        "INVALID_CONTENT_LENGTH                | Content-Length: 1234567890123456789",
        "DUPLICATE_CONTENT_LENGTH              | Content-Length: 0, 0",
        "CONFLICTING_CONTENT_LENGTH            | Content-Length: 0, 1",
        "TRANSFER_ENCODING_WITH_CONTENT_LENGTH | Transfer-Encoding: chunked\\r\\nContent-Length: 0",
        "UNSUPPORTED_TRANSFER_ENCODING         | Transfer-Encoding: gzip",
        "UNSUPPORTED_TRANSFER_ENCODING         | Transfer-Encoding: chunked, chunked",
        "UNSUPPORTED_TRANSFER_ENCODING         | Transfer-Encoding: ,"})
    void bad_headers(ResponseViolation expected, String header) {
        Transcript t = parse("HTTP/1.1 200 OK\r\n" + header.replace("\\r\\n", "\r\n") + "\r\n\r\n");

        assertThat(rejected(t)).isEqualTo(expected);
    }

    @Test
    void transfer_encoding_in_http_1_0_is_faulty_framing() {
        assertThat(rejected(parse("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")))
                .isEqualTo(ResponseViolation.TRANSFER_ENCODING_IN_HTTP_1_0);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "INVALID_CHUNK_SIZE    | x\\r\\n",
        "INVALID_CHUNK_SIZE    | \\r\\n",
        "INVALID_CHUNK_SIZE    | 5 x\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "INVALID_CHUNK_SIZE    | 5;a\u0001\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "INVALID_CHUNK_SIZE    | 10000000000000000\\r\\n",
        "INVALID_CHUNK_FRAMING | 3\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "INVALID_CHUNK_FRAMING | 5\\r\\nhello\\rX0\\r\\n\\r\\n",
        "LF_LINE_TERMINATOR    | 5\\nhello\\r\\n0\\r\\n\\r\\n",
        "LF_LINE_TERMINATOR    | 5\\r\\nhello\\n0\\r\\n\\r\\n"})
    void bad_chunking(ResponseViolation expected, String chunks) {
        Transcript t = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks.replace("\\r", "\r").replace("\\n", "\n"));

        assertThat(rejected(t)).isEqualTo(expected);
        assertThat(t.only().done()).isFalse();
    }

    @Test
    void a_connection_closed_in_the_head_or_the_body_is_truncation() {
        assertThat(rejected(parse("GET", true, "HTTP/1.1 200 OK\r\nContent-Le"))).isEqualTo(ResponseViolation.TRUNCATED_HEAD);
        Transcript shortBody = parse("GET", true, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nonly5");
        assertThat(rejected(shortBody)).isEqualTo(ResponseViolation.TRUNCATED_BODY);
        assertThat(shortBody.only().bodyText()).isEqualTo("only5");
        assertThat(rejected(parse("GET", true, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")))
                .isEqualTo(ResponseViolation.TRUNCATED_BODY);
        assertThat(rejected(parse("GET", true, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n")))
                .as("the trailer section's empty line is missing").isEqualTo(ResponseViolation.TRUNCATED_BODY);
    }

    // ---------------------------------------------------------------- limits, crossed by one byte

    @Test
    void status_line_limit() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxRequestLine(20);
        String fits = "HTTP/1.1 200 " + "x".repeat(7); // 20 bytes
        assertThat(parseWith(limits, fits + "\r\nContent-Length: 0\r\n\r\n").violation()).isNull();
        assertThat(rejected(parseWith(limits, fits + "y\r\nContent-Length: 0\r\n\r\n"))).isEqualTo(ResponseViolation.STATUS_LINE_TOO_LONG);
        assertThat(rejected(parseWith(limits, fits + "yyyyyyyy"))).as("before its end arrives").isEqualTo(ResponseViolation.STATUS_LINE_TOO_LONG);
    }

    @Test
    void header_section_and_count_limits() {
        String line = "X-Long: " + "v".repeat(90) + "\r\n"; // 100 bytes
        HttpLimits size = HttpLimits.DEFAULTS.withMaxHeaderSize(200);
        assertThat(parseWith(size, "HTTP/1.1 200 OK\r\n" + line + line + "\r\n").violation()).isNull();
        assertThat(rejected(parseWith(size, "HTTP/1.1 200 OK\r\n" + line + line + "X: y\r\n\r\n"))).isEqualTo(ResponseViolation.HEADERS_TOO_LARGE);
        assertThat(rejected(parseWith(size, "HTTP/1.1 200 OK\r\n" + line + line + "X-Never-Ending"))).isEqualTo(ResponseViolation.HEADERS_TOO_LARGE);

        HttpLimits count = HttpLimits.DEFAULTS.withMaxHeaderCount(2);
        assertThat(parseWith(count, "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n").violation()).isNull();
        assertThat(rejected(parseWith(count, "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"))).isEqualTo(ResponseViolation.TOO_MANY_HEADERS);
    }

    @Test
    void body_limit_for_each_framing() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxBodySize(4);
        assertThat(parseWith(limits, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd").violation()).isNull();
        assertThat(rejected(parseWith(limits, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")))
                .as("decided from Content-Length").isEqualTo(ResponseViolation.BODY_TOO_LARGE);
        assertThat(rejected(parseWith(limits, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n3\r\n")))
                .isEqualTo(ResponseViolation.BODY_TOO_LARGE);
        assertThat(rejected(parseWith(limits, "HTTP/1.1 200 OK\r\n\r\nabcde"))).isEqualTo(ResponseViolation.BODY_TOO_LARGE);
    }

    @Test
    void trailer_limit() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderSize(30); // the head's 28 bytes fit
        assertThat(rejected(parseWith(limits, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: " + "t".repeat(30) + "\r\n\r\n")))
                .isEqualTo(ResponseViolation.HEADERS_TOO_LARGE);
    }

    @Test
    void chunk_line_limit() {
        assertThat(rejected(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + "e".repeat(2000) + "\r\nhello\r\n0\r\n\r\n")))
                .isEqualTo(ResponseViolation.INVALID_CHUNK_SIZE);
    }

    private static Transcript parseWith(HttpLimits limits, String input) {
        return ResponseParserHarness.parse(limits, Compliance.STRICT, "GET", false, input.getBytes(ISO_8859_1));
    }

    @AfterAll
    static void every_parser_violation_is_tested() {
        Set<ResponseViolation> missing = Arrays.stream(ResponseViolation.values())
                .filter(v -> !SEEN.contains(v) && !CLIENT_ONLY.contains(v)).collect(Collectors.toSet());
        assertThat(missing).as("violations without a test").isEmpty();
    }
}
