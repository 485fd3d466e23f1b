package io.hayate.http;

import static io.hayate.http.ResponseParserHarness.parse;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.ResponseParserHarness.Message;
import io.hayate.http.ResponseParserHarness.Transcript;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses the parser accepts and how it frames their bodies, each parsed whole, split at every index and byte by
 * byte ({@link ResponseParserHarness}). Rejected responses and limits: {@link ResponseParserViolationTest}.
 */
class ResponseParserTest {

    @Test
    void content_length_body_with_headers_in_order() {
        Transcript t = parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello");

        Message m = t.only();
        ResponseHead h = m.head();
        assertThat(m.done()).isTrue();
        assertThat(m.bodyText()).isEqualTo("hello");
        assertThat(h.status()).isEqualTo(200);
        assertThat(h.reason()).isEqualTo("OK");
        assertThat(h.version()).isEqualTo("HTTP/1.1");
        assertThat(h.contentLength()).isEqualTo(5);
        assertThat(h.chunked()).isFalse();
        assertThat(h.keepAlive()).isTrue();
        assertThat(h.headers().getAll("X-A")).containsExactly("1", "2");
        assertThat(h.headers().get("content-type")).isEqualTo("text/plain");
        assertThat(t.inMessage()).isFalse();
        assertThat(t.rest()).isEmpty();
    }

    @Test
    void several_responses_on_one_connection_in_a_row() {
        Transcript t = parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");

        assertThat(t.messages()).extracting(m -> m.head().status()).containsExactly(200, 404, 204, 500);
        assertThat(t.messages()).extracting(Message::bodyText).containsExactly("a", "b", "", "");
        assertThat(t.messages()).allMatch(Message::done);
    }

    @Test
    void chunked_body_with_extensions_and_trailers() {
        Transcript t = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1A\r\n" + "abcdefghijklmnopqrstuvwxyz" + "\r\n0\r\nX-Trailer: t\r\n\r\n");

        Message m = t.only();
        assertThat(m.done()).isTrue();
        assertThat(m.bodyText()).isEqualTo("helloabcdefghijklmnopqrstuvwxyz");
        assertThat(m.head().chunked()).isTrue();
        assertThat(m.head().contentLength()).isEqualTo(-1);
        assertThat(m.head().untilClose()).isFalse();
    }

    @Test
    void without_length_the_body_runs_until_the_connection_closes() {
        Transcript t = parse("GET", true, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this\r\nuntil the end");

        Message m = t.only();
        assertThat(m.done()).isTrue();
        assertThat(m.bodyText()).isEqualTo("all of this\r\nuntil the end");
        assertThat(m.head().untilClose()).isTrue();
        assertThat(m.head().keepAlive()).as("the end of the body is the end of the connection").isFalse();
    }

    @Test
    void a_close_delimited_body_is_unfinished_until_the_end_of_stream() {
        Transcript t = parse("GET", false, "HTTP/1.1 200 OK\r\n\r\npartial");

        assertThat(t.only().done()).isFalse();
        assertThat(t.inMessage()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nETag: x\r\n\r\n",
        "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n"})
    void no_body_after_204_and_304_whatever_the_headers_say(String response) {
        Message m = parse(response).only();

        assertThat(m.done()).isTrue();
        assertThat(m.body()).isEmpty();
        assertThat(m.head().contentLength()).isZero();
        assertThat(m.head().hasBody()).isFalse();
    }

    @Test
    void no_body_after_a_head_request_and_the_next_response_follows() {
        Transcript t = parse("HEAD", false, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");

        assertThat(t.messages()).hasSize(2).allMatch(Message::done).allMatch(m -> m.body().length == 0);
        assertThat(t.messages().get(0).head().headers().get("Content-Length")).as("the declared length stays readable").isEqualTo("1000");
    }

    @Test
    void no_body_after_a_successful_connect() {
        Transcript t = parse("CONNECT", false, "HTTP/1.1 200 Connection Established\r\n\r\ntunnel bytes");

        assertThat(t.only().done()).isTrue();
        assertThat(t.rest()).as("the tunnel's bytes are left for the caller").isEqualTo("tunnel bytes");
    }

    @Test
    void interim_responses_come_before_the_final_one() {
        Transcript t = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");

        assertThat(t.messages()).extracting(m -> m.head().status()).containsExactly(100, 103, 201);
        assertThat(t.messages().get(0).head().interim()).isTrue();
        assertThat(t.messages().get(2).bodyText()).isEqualTo("ok");
    }

    @Test
    void switching_protocols_leaves_the_rest_to_the_new_protocol() {
        Transcript t = parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi");

        assertThat(t.only().head().status()).isEqualTo(101);
        assertThat(t.rest()).isEqualTo("\u0081\u0002hi");
    }

    @ParameterizedTest(name = "{0} Connection: \"{1}\" -> keepAlive {2}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 |                  | true",
        "HTTP/1.1 | keep-alive       | true",
        "HTTP/1.1 | close            | false",
        "HTTP/1.1 | Keep-Alive, CLOSE| false",
        "HTTP/1.0 |                  | false",
        "HTTP/1.0 | keep-alive       | true",
        "HTTP/1.0 | Keep-Alive       | true",
        "HTTP/1.0 | close            | false",
        "HTTP/1.2 |                  | true"})
    void keep_alive_follows_version_and_connection(String version, String connection, boolean keepAlive) {
        String c = connection == null ? "" : "Connection: " + connection + "\r\n";
        ResponseHead h = parse(version + " 200 OK\r\n" + c + "Content-Length: 0\r\n\r\n").only().head();

        assertThat(h.keepAlive()).isEqualTo(keepAlive);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 200 OK                    | 200 | OK",
        "HTTP/1.1 404 Not Found             | 404 | Not Found",
        "HTTP/1.1 599 Whatever, \tit says   | 599 | 'Whatever, \tit says'",
        "HTTP/1.1 200                       | 200 | ''",
        "HTTP/1.1 200 Ünïcödé-ish obs-text  | 200 | Ünïcödé-ish obs-text"})
    void status_line_reason_is_free_text_and_may_be_missing(String statusLine, int status, String reason) {
        ResponseHead h = parse(statusLine.stripTrailing() + "\r\nContent-Length: 0\r\n\r\n").only().head();

        assertThat(h.status()).isEqualTo(status);
        assertThat(h.reason()).isEqualTo(reason.replace("'", "").stripTrailing());
    }

    @Test
    void empty_header_values_and_whitespace_around_values() {
        ResponseHead h = parse("HTTP/1.1 200 OK\r\nX-Empty:\r\nX-Spaces: \t padded \t\r\nContent-Length: 0\r\n\r\n").only().head();

        assertThat(h.headers().get("X-Empty")).isEmpty();
        assertThat(h.headers().get("X-Spaces")).isEqualTo("padded");
    }

    @Test
    void known_header_names_are_canonical_instances() {
        ResponseHead h = parse("HTTP/1.1 200 OK\r\ncontent-LENGTH: 0\r\nlocation: /x\r\n\r\n").only().head();

        assertThat(h.headers().name(0)).isSameAs(HeaderNames.CONTENT_LENGTH);
        assertThat(h.headers().name(1)).isSameAs(HeaderNames.LOCATION);
    }

    @Test
    void lenient_compliance_accepts_bare_lf_and_agreeing_duplicate_lengths() {
        String lf = "HTTP/1.1 200 OK\nContent-Length: 2\nContent-Length: 2\n\nok";
        Transcript t = ResponseParserHarness.parse(HttpLimits.DEFAULTS, Compliance.LENIENT, "GET", false, lf.getBytes(ISO_8859_1));

        assertThat(t.only().bodyText()).isEqualTo("ok");
        assertThat(parse(lf).violation()).as("strict").isEqualTo(ResponseViolation.LF_LINE_TERMINATOR);
    }

    @Test
    void end_of_stream_before_any_byte_is_a_truncated_head() {
        ResponseParser p = new ResponseParser();

        assertThatThrownBy(p::eof).isInstanceOf(BadResponseException.class)
                .hasMessageContaining("no byte of a response arrived")
                .extracting(e -> ((BadResponseException) e).violation()).isEqualTo(ResponseViolation.TRUNCATED_HEAD);
    }

    @Test
    void a_body_slice_points_into_the_input_without_copying() {
        byte[] bytes = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc".getBytes(ISO_8859_1);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ResponseParser p = new ResponseParser();

        assertThat(p.parse(in)).isEqualTo(ResponseParser.Event.HEAD);
        assertThat(p.parse(in)).isEqualTo(ResponseParser.Event.BODY);
        assertThat(p.body().array()).isSameAs(bytes);
        assertThat(p.parse(in)).isEqualTo(ResponseParser.Event.DONE);
        assertThatThrownBy(() -> p.parse(in)).isInstanceOf(IllegalStateException.class).hasMessageContaining("reset()");
    }
}
