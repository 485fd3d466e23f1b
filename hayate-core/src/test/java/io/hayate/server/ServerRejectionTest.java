package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request HTTP/1.1 says must be refused, sent byte for byte over a raw socket in every mode: the exact status,
 * a plain answer without a stack trace, {@code Connection: close}, a closed connection, no handler call, and a server
 * that still serves the next client.
 */
class ServerRejectionTest {
    private static final String HOST = "Host: test\r\n";

    record Case(String name, String request, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            // request smuggling: two framings, or one that cannot be trusted
            post("content_length_with_transfer_encoding", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n", 400),
            post("transfer_encoding_with_content_length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n", 400),
            post("conflicting_content_lengths", "Content-Length: 5\r\nContent-Length: 6\r\n", "hello!", 400),
            post("conflicting_content_length_list", "Content-Length: 5, 6\r\n", "hello!", 400),
            post("repeated_equal_content_length", "Content-Length: 5\r\nContent-Length: 5\r\n", "hello", 400),
            post("non_numeric_content_length", "Content-Length: abc\r\n", "", 400),
            post("negative_content_length", "Content-Length: -5\r\n", "hello", 400),
            post("signed_content_length", "Content-Length: +5\r\n", "hello", 400),
            post("hex_content_length", "Content-Length: 0x5\r\n", "hello", 400),
            post("content_length_with_inner_space", "Content-Length: 1 2\r\n", "hello", 400),
            post("empty_content_length", "Content-Length: \r\n", "", 400),
            post("gzip_transfer_encoding", "Transfer-Encoding: gzip\r\n", "hello", 400),
            post("identity_transfer_encoding", "Transfer-Encoding: identity\r\n", "hello", 400),
            post("chunked_not_last", "Transfer-Encoding: chunked, gzip\r\n", "0\r\n\r\n", 400),
            post("gzip_then_chunked", "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n", 400),
            post("chunked_twice_in_one_field", "Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n", 400),
            post("chunked_in_two_fields", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n", 400),
            new Case("transfer_encoding_in_http_1_0",
                    "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
            // chunked framing
            chunked("non_hex_chunk_size", "zz\r\nhello\r\n0\r\n\r\n", 400),
            chunked("negative_chunk_size", "-5\r\nhello\r\n0\r\n\r\n", 400),
            chunked("empty_chunk_size", "\r\nhello\r\n0\r\n\r\n", 400),
            chunked("overflowing_chunk_size", "1ffffffffffffffff\r\nhello\r\n0\r\n\r\n", 400),
            chunked("garbage_after_chunk_size", "5 x\r\nhello\r\n0\r\n\r\n", 400),
            chunked("control_byte_in_chunk_extension", "5;a=\u0001\r\nhello\r\n0\r\n\r\n", 400),
            chunked("chunk_longer_than_its_size", "3\r\nhello\r\n0\r\n\r\n", 400),
            chunked("cr_without_lf_after_chunk", "5\r\nhello\rX0\r\n\r\n", 400),
            chunked("bare_lf_after_chunk_size", "5\nhello\r\n0\r\n\r\n", 400),
            // header syntax
            get("whitespace_before_colon", HOST + "X-Test : 1\r\n", 400),
            get("tab_before_colon", HOST + "X-Test\t: 1\r\n", 400),
            get("nul_in_header_value", HOST + "X-Test: a\u0000b\r\n", 400),
            get("bare_cr_in_header_value", HOST + "X-Test: a\rb\r\n", 400),
            get("control_byte_in_header_value", HOST + "X-Test: a\u0007b\r\n", 400),
            get("obsolete_line_folding", HOST + "X-Test: a\r\n b\r\n", 400),
            get("header_without_colon", HOST + "X-Test 1\r\n", 400),
            get("empty_header_name", HOST + ": 1\r\n", 400),
            get("non_token_header_name", HOST + "X(Test): 1\r\n", 400),
            get("missing_host", "", 400),
            get("repeated_host", HOST + HOST, 400),
            new Case("bare_lf_line_endings", "GET /ok HTTP/1.1\nHost: test\n\n", 400),
            // request line
            new Case("bare_cr_in_request_line", "GET /ok\r HTTP/1.1\r\n" + HOST + "\r\n", 400),
            new Case("control_byte_in_target", "GET /o\u0001k HTTP/1.1\r\n" + HOST + "\r\n", 400),
            new Case("space_in_target", "GET /o k HTTP/1.1\r\n" + HOST + "\r\n", 400),
            new Case("non_token_method", "G(T /ok HTTP/1.1\r\n" + HOST + "\r\n", 400),
            new Case("missing_version_is_http_0_9", "GET /ok\r\n" + HOST + "\r\n", 505),
            new Case("malformed_version", "GET /ok HTTP/1.x\r\n" + HOST + "\r\n", 400),
            new Case("lowercase_version", "GET /ok http/1.1\r\n" + HOST + "\r\n", 400),
            new Case("path_escaping_the_root", "GET /../etc/passwd HTTP/1.1\r\n" + HOST + "\r\n", 400),
            new Case("encoded_slash_in_path", "GET /a%2Fb HTTP/1.1\r\n" + HOST + "\r\n", 400),
            new Case("bad_percent_escape", "GET /a%zz HTTP/1.1\r\n" + HOST + "\r\n", 400),
            // versions
            new Case("http_2_0", "GET /ok HTTP/2.0\r\n" + HOST + "\r\n", 505),
            new Case("http_0_9_version", "GET /ok HTTP/0.9\r\n" + HOST + "\r\n", 505),
            new Case("http_3_1", "GET /ok HTTP/3.1\r\n" + HOST + "\r\n", 505),
            // expectations
            get("unknown_expectation", HOST + "Expect: teapot\r\n", 417),
            // sizes (defaults: request line 8 KiB, headers 16 KiB and 100 fields, body 8 MiB)
            new Case("request_line_too_long", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n" + HOST + "\r\n", 414),
            new Case("request_line_too_long_and_unfinished", "GET /" + "a".repeat(9000), 414),
            get("header_field_too_large", HOST + "X-Big: " + "b".repeat(17 * 1024) + "\r\n", 431),
            get("header_section_too_large", HOST + "X-Big: b\r\n".repeat(1700), 431),
            get("too_many_header_fields", HOST + manyHeaders(101), 431),
            post("content_length_over_the_limit", "Content-Length: 9000000\r\n", "", 413),
            chunked("chunks_over_the_limit", "900000\r\n", 413));

    static Stream<Arguments> modesAndCases() {
        return Stream.of(Mode.values()).flatMap(m -> CASES.stream().map(c -> Arguments.of(m, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modesAndCases")
    void bad_request_is_refused_and_the_connection_closed(Mode mode, Case c) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ServerHarness s = ServerHarness.start(mode, app -> app
                .get("/ok", ctx -> calls.incrementAndGet() + "")
                .post("/echo", ctx -> {
                    calls.incrementAndGet();
                    return ctx.body();
                })
                .get("/{any}", ctx -> calls.incrementAndGet() + ""))) {
            RawClient client = s.connect();
            RawResponse r = client.request(c.request());

            assertThat(r.status()).as(r.toString()).isEqualTo(c.status());
            assertThat(r.saysClose()).as("Connection: close in " + r).isTrue();
            assertThat(r.bodyText()).startsWith(c.status() + " ").doesNotContain("Exception", "\tat ", "at io.hayate");
            client.assertClosed();
            assertThat(calls).as("handler calls").hasValue(0);

            RawResponse next = s.connect().request(RawClient.get("/ok"));
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).isEqualTo("1");
        }
    }

    private static Case get(String name, String headers, int status) {
        return new Case(name, "GET /ok HTTP/1.1\r\n" + headers + "\r\n", status);
    }

    private static Case post(String name, String headers, String body, int status) {
        return new Case(name, "POST /echo HTTP/1.1\r\n" + HOST + headers + "\r\n" + body, status);
    }

    private static Case chunked(String name, String body, int status) {
        return new Case(name, "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n" + body, status);
    }

    private static String manyHeaders(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("X-H").append(i).append(": v\r\n");
        }
        return b.toString();
    }
}
