package io.hayate.http;

import static io.hayate.http.ParserHarness.parse;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.ParserHarness.Message;
import io.hayate.http.ParserHarness.Transcript;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the parser accepts, each parsed whole, split at every index and byte by byte ({@link ParserHarness}).
 * Chunked bodies: {@link RequestParserChunkedTest}; rejected requests and limits: {@link RequestParserViolationTest}.
 */
class RequestParserTest {

    /** A head: the request line, the header lines, the empty line; all ended by CRLF. */
    static String head(String requestLine, String... headers) {
        StringBuilder sb = new StringBuilder(requestLine).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Test
    void get_with_headers_gives_method_target_version_and_headers_in_order() {
        Transcript t = parse(head("GET /index.html HTTP/1.1", "Host: example.com", "Accept: */*", "X-Custom: a", "x-custom: b"));

        Message m = t.only();
        RequestHead h = m.head();
        assertThat(m.done()).isTrue();
        assertThat(m.body()).isEmpty();
        assertThat(h.method()).isEqualTo("GET");
        assertThat(h.target()).isEqualTo("/index.html");
        assertThat(h.rawPath()).isEqualTo("/index.html");
        assertThat(h.rawQuery()).isNull();
        assertThat(h.minorVersion()).isEqualTo(1);
        assertThat(h.version()).isEqualTo("HTTP/1.1");
        assertThat(h.contentLength()).isEqualTo(-1);
        assertThat(h.chunked()).isFalse();
        assertThat(h.hasBody()).isFalse();
        assertThat(h.keepAlive()).isTrue();
        assertThat(h.expectContinue()).isFalse();
        assertThat(h.upgrade()).isNull();
        assertThat(h.headers().size()).isEqualTo(4);
        assertThat(h.headers().name(0)).isEqualTo("Host");
        assertThat(h.headers().get("host")).isEqualTo("example.com");
        assertThat(h.headers().getAll("X-CUSTOM")).containsExactly("a", "b");
        assertThat(h.headers().name(3)).as("unknown names keep their spelling").isEqualTo("x-custom");
        assertThat(t.pending()).isZero();
        assertThat(t.inMessage()).isFalse();
    }

    @ParameterizedTest(name = "HTTP/1.1 Connection: \"{0}\" -> keepAlive {1}")
    @CsvSource(delimiter = '|', value = {
        "keep-alive       | true",
        "close            | false",
        "Close            | false",
        "keep-alive, CLOSE| false",
        "upgrade          | true",
        "te,  close ,x    | false",
        "x,\tCLOSE\t,y    | false",
        ",,keep-alive,,   | true"})
    void http_1_1_keeps_the_connection_unless_connection_close(String connection, boolean keepAlive) {
        RequestHead h = parse(head("GET / HTTP/1.1", "Host: a", "Connection: " + connection)).head();

        assertThat(h.keepAlive()).isEqualTo(keepAlive);
    }

    @ParameterizedTest(name = "HTTP/1.0 Connection: \"{0}\" -> keepAlive {1}")
    @CsvSource(delimiter = '|', value = {
        "                  | false",
        "keep-alive        | true",
        "Keep-Alive        | true",
        "close             | false",
        "keep-alive, close | false"})
    void http_1_0_closes_the_connection_unless_keep_alive(String connection, boolean keepAlive) {
        String head = connection == null ? head("GET / HTTP/1.0") : head("GET / HTTP/1.0", "Connection: " + connection);

        RequestHead h = parse(head).head();

        assertThat(h.minorVersion()).isZero();
        assertThat(h.version()).isEqualTo("HTTP/1.0");
        assertThat(h.keepAlive()).isEqualTo(keepAlive);
    }

    @Test
    void http_1_0_needs_no_host() {
        assertThat(parse(head("GET / HTTP/1.0")).only().done()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.9"})
    void later_minor_versions_are_served_as_http_1_1(String version) {
        RequestHead h = parse(head("GET / " + version, "Host: a")).head();

        assertThat(h.minorVersion()).isEqualTo(1);
        assertThat(h.version()).isEqualTo("HTTP/1.1");
        assertThat(h.keepAlive()).isTrue();
    }

    @Test
    void empty_lines_before_the_request_line_are_ignored() {
        Transcript t = parse("\r\n\r\n" + head("GET /x HTTP/1.1", "Host: a"));

        assertThat(t.head().target()).isEqualTo("/x");
        assertThat(t.doneCount()).isEqualTo(1);
    }

    @Test
    void empty_lines_alone_are_consumed_and_leave_no_message_begun() {
        Transcript t = parse("\r\n\r\n\r\n");

        assertThat(t.messages()).isEmpty();
        assertThat(t.pending()).isZero();
        assertThat(t.inMessage()).isFalse();
    }

    @Test
    void content_length_body_is_delivered_whole_and_nothing_more() {
        Transcript t = parse(head("POST /form HTTP/1.1", "Host: a", "Content-Length: 11") + "hello world");

        Message m = t.only();
        assertThat(m.head().contentLength()).isEqualTo(11);
        assertThat(m.head().hasBody()).isTrue();
        assertThat(m.bodyText()).isEqualTo("hello world");
        assertThat(m.done()).isTrue();
    }

    @Test
    void content_length_zero_is_done_right_after_the_head() {
        Message m = parse(head("POST / HTTP/1.1", "Host: a", "Content-Length: 0")).only();

        assertThat(m.head().contentLength()).isZero();
        assertThat(m.head().hasBody()).isFalse();
        assertThat(m.body()).isEmpty();
        assertThat(m.done()).isTrue();
    }

    @Test
    void content_length_with_leading_zeros_and_ows_is_a_number() {
        Message m = parse(head("POST / HTTP/1.1", "Host: a", "Content-Length:   003 ") + "abc").only();

        assertThat(m.head().contentLength()).isEqualTo(3);
        assertThat(m.bodyText()).isEqualTo("abc");
    }

    @Test
    void an_unfinished_body_waits_and_keeps_the_message_open() {
        Transcript t = parse(head("PUT / HTTP/1.1", "Host: a", "Content-Length: 10") + "12345");

        Message m = t.only();
        assertThat(m.done()).isFalse();
        assertThat(m.bodyText()).isEqualTo("12345");
        assertThat(t.inMessage()).isTrue();
        assertThat(t.pending()).isZero();
    }

    @Test
    void pipelined_requests_in_one_buffer_come_out_in_order() {
        String input = head("GET /1 HTTP/1.1", "Host: a")
                + head("POST /2 HTTP/1.1", "Host: a", "Content-Length: 3") + "abc"
                + head("POST /3 HTTP/1.1", "Host: a", "Transfer-Encoding: chunked") + "2\r\nxy\r\n0\r\n\r\n"
                + head("GET /4 HTTP/1.0")
                + "GET /5 HTTP/1.1\r\nHo"; // the start of a fifth

        Transcript t = parse(input);

        assertThat(t.messages()).extracting(m -> m.head().target()).containsExactly("/1", "/2", "/3", "/4");
        assertThat(t.messages()).extracting(Message::bodyText).containsExactly("", "abc", "xy", "");
        assertThat(t.doneCount()).isEqualTo(4);
        assertThat(t.pending()).as("the unfinished head is kept, not consumed").isEqualTo("GET /5 HTTP/1.1\r\nHo".length());
        assertThat(t.inMessage()).isTrue();
    }

    @Test
    void expect_100_continue_is_reported_when_a_body_follows() {
        RequestHead withBody = parse(head("POST / HTTP/1.1", "Host: a", "Expect: 100-Continue", "Content-Length: 2") + "ok").head();
        RequestHead chunked = parse(head("POST / HTTP/1.1", "Host: a", "Expect: 100-continue", "Transfer-Encoding: chunked") + "0\r\n\r\n").head();
        RequestHead noBody = parse(head("GET / HTTP/1.1", "Host: a", "Expect: 100-continue")).head();

        assertThat(withBody.expectContinue()).isTrue();
        assertThat(chunked.expectContinue()).isTrue();
        assertThat(noBody.expectContinue()).as("nothing to wait for").isFalse();
    }

    @Test
    void an_http_1_0_expectation_is_ignored() {
        // RFC 9110 §10.1.1: a server that receives 100-continue in an HTTP/1.0 request MUST ignore it
        RequestHead h = parse(head("POST / HTTP/1.0", "Expect: something-else", "Content-Length: 1") + "x").head();

        assertThat(h.expectContinue()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> path {1}, query {2}")
    @CsvSource(nullValues = "NULL", value = {
        "http://example.com/a/b?x=1, /a/b,  x=1",
        "HTTP://example.com/a,       /a,    NULL",
        "https://example.com:8443/s, /s,    NULL",
        "http://example.com,         /,     NULL",
        "http://example.com?q=1,     /,     q=1",
        "http://example.com/?,       /,     ''"})
    void absolute_form_targets_give_the_path_and_query(String target, String path, String query) {
        RequestHead h = parse(head("GET " + target + " HTTP/1.1", "Host: example.com")).head();

        assertThat(h.target()).isEqualTo(target);
        assertThat(h.rawPath()).isEqualTo(path);
        assertThat(h.rawQuery()).isEqualTo(query);
    }

    @Test
    void options_star_is_the_asterisk_form() {
        RequestHead h = parse(head("OPTIONS * HTTP/1.1", "Host: a")).head();

        assertThat(h.method()).isEqualTo("OPTIONS");
        assertThat(h.rawPath()).isEqualTo("*");
        assertThat(h.rawQuery()).isNull();
    }

    @Test
    void connect_takes_the_authority_form() {
        RequestHead h = parse(head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443")).head();

        assertThat(h.rawPath()).isEqualTo("example.com:443");
        assertThat(h.rawQuery()).isNull();
    }

    @ParameterizedTest(name = "{0} -> path {1}, query {2}")
    @CsvSource(nullValues = "NULL", value = {
        "/a/b?x=1&y=2,  /a/b, x=1&y=2",
        "/a?,           /a,   ''",
        "/a?b?c,        /a,   b?c",
        "/?x=%20,       /,    x=%20",
        "/a%20b/c,      /a%20b/c, NULL"})
    void the_query_is_split_off_and_both_stay_encoded(String target, String path, String query) {
        RequestHead h = parse(head("GET " + target + " HTTP/1.1", "Host: a")).head();

        assertThat(h.rawPath()).isEqualTo(path);
        assertThat(h.rawQuery()).isEqualTo(query);
    }

    @Test
    void header_values_lose_leading_and_trailing_whitespace_only() {
        Headers h = parse(head("GET / HTTP/1.1", "Host: a", "X-A: \t  v a\tl \t ", "X-B:tight", "X-C:", "X-D: \t ")).head().headers();

        assertThat(h.get("X-A")).isEqualTo("v a\tl");
        assertThat(h.get("X-B")).isEqualTo("tight");
        assertThat(h.get("X-C")).isEmpty();
        assertThat(h.get("X-D")).isEmpty();
    }

    @Test
    void obs_text_bytes_in_values_are_kept_as_latin_1() {
        byte[] value = {(byte) 0x80, 'a', (byte) 0xe9, (byte) 0xff};
        String input = head("GET / HTTP/1.1", "Host: a", "X-Name: " + new String(value, ISO_8859_1));

        Headers h = parse(input).head().headers();

        assertThat(h.get("X-Name").getBytes(ISO_8859_1)).containsExactly(value);
    }

    @Test
    void known_header_names_are_the_canonical_instances_whatever_their_case() {
        Headers h = parse(head("POST / HTTP/1.1", "hOsT: a", "CONTENT-LENGTH: 0", "connection: keep-alive", "user-agent: t",
                "X-Unknown: 1")).head().headers();

        assertThat(h.name(0)).isSameAs(HeaderNames.HOST);
        assertThat(h.name(1)).isSameAs(HeaderNames.CONTENT_LENGTH);
        assertThat(h.name(2)).isSameAs(HeaderNames.CONNECTION);
        assertThat(h.name(3)).isSameAs(HeaderNames.USER_AGENT);
        assertThat(h.name(4)).isEqualTo("X-Unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hos", "Hostt", "H0st", "Hos-", "Content_Length", "Content-Lengt"})
    void names_that_only_resemble_known_ones_are_not_interned(String name) {
        Headers h = parse(head("GET / HTTP/1.0", name + ": 1")).head().headers();

        assertThat(h.name(0)).isEqualTo(name).isNotSameAs(HeaderNames.HOST).isNotSameAs(HeaderNames.CONTENT_LENGTH);
    }

    @Test
    void upgrade_is_reported_only_when_connection_lists_it() {
        RequestHead asked = parse(head("GET /ws HTTP/1.1", "Host: a", "Connection: keep-alive, Upgrade", "Upgrade: websocket")).head();
        RequestHead notAsked = parse(head("GET /ws HTTP/1.1", "Host: a", "Upgrade: websocket")).head();

        assertThat(asked.upgrade()).isEqualTo("websocket");
        assertThat(notAsked.upgrade()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND", "M-SEARCH", "x!#$%&'*+.^_`|~"})
    void any_token_is_a_method(String method) {
        String target = method.equals("OPTIONS") ? "*" : "/";

        assertThat(parse(head(method + " " + target + " HTTP/1.1", "Host: a")).head().method()).isEqualTo(method);
    }

    @Test
    void unfinished_head_bytes_are_not_consumed() {
        RequestParser parser = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(ISO_8859_1));

        assertThat(parser.parse(in)).isEqualTo(RequestParser.Event.NEED_MORE);
        assertThat(in.position()).isZero();
        assertThat(parser.inMessage()).isTrue();
        assertThat(parser.inBody()).isFalse();
    }

    @Test
    void the_parser_reports_where_it_is_in_the_message() {
        RequestParser parser = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap((head("POST / HTTP/1.1", "Host: a", "Content-Length: 2") + "ok").getBytes(ISO_8859_1));

        assertThat(parser.inMessage()).isFalse();
        assertThat(parser.parse(in)).isEqualTo(RequestParser.Event.HEAD);
        assertThat(parser.inBody()).isTrue();
        assertThat(parser.parse(in)).isEqualTo(RequestParser.Event.BODY);
        assertThat(parser.body()).isEqualTo(ByteBuffer.wrap("ok".getBytes(ISO_8859_1)));
        assertThat(parser.parse(in)).isEqualTo(RequestParser.Event.DONE);
        assertThat(parser.inMessage()).isFalse();
        assertThatThrownBy(() -> parser.parse(in)).isInstanceOf(IllegalStateException.class).hasMessageContaining("reset()");

        parser.reset();
        assertThat(parser.head()).isNull();
        assertThat(parser.parse(in)).isEqualTo(RequestParser.Event.NEED_MORE);
    }

    @Test
    void a_failed_parser_stays_failed() {
        RequestParser parser = new RequestParser();
        ByteBuffer bad = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost a\r\n\r\n".getBytes(ISO_8859_1));
        assertThatThrownBy(() -> parser.parse(bad)).isInstanceOf(BadMessageException.class);

        ByteBuffer good = ByteBuffer.wrap(head("GET / HTTP/1.1", "Host: a").getBytes(ISO_8859_1));
        assertThatThrownBy(() -> parser.parse(good)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void direct_buffers_are_refused() {
        ByteBuffer direct = ByteBuffer.allocateDirect(16);

        assertThatThrownBy(() -> new RequestParser().parse(direct)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headers_of_a_message_survive_the_next_messages() {
        List<Message> ms = parse(head("GET /1 HTTP/1.1", "Host: one") + head("GET /2 HTTP/1.1", "Host: two")).messages();

        assertThat(ms).extracting(m -> m.head().headers().get("Host")).containsExactly("one", "two");
    }
}
