package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Request heads: line, Host and framing from the arguments; user headers cannot touch the framing or split the head. */
class RequestEncoderTest {

    private static String encode(String method, String target, Headers headers, long length, byte[] extra) {
        ByteBuffer out = ByteBuffer.allocate(RequestEncoder.headSize(method, target, "example.com:8080", headers) + (extra == null ? 0 : extra.length));
        RequestEncoder.encodeHead(out, method, target, "example.com:8080", headers, length, extra);
        return new String(out.array(), 0, out.position(), ISO_8859_1);
    }

    @Test
    void head_with_framing_and_headers_in_order() {
        Headers h = new Headers().add("Accept", "*/*").add("X-Two", "a").add("X-Two", "b");
        assertThat(encode("POST", "/items?x=1", h, 12, null)).isEqualTo("POST /items?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n"
                + "Content-Length: 12\r\nAccept: */*\r\nX-Two: a\r\nX-Two: b\r\n\r\n");
        assertThat(encode("PUT", "/", null, RequestEncoder.CHUNKED, null)).isEqualTo("PUT / HTTP/1.1\r\nHost: example.com:8080\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        assertThat(encode("GET", "/", null, RequestEncoder.NO_BODY, "User-Agent: t\r\n".getBytes(ISO_8859_1)))
                .isEqualTo("GET / HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: t\r\n\r\n");
    }

    @Test
    void framing_and_host_from_user_headers_are_ignored() {
        Headers h = new Headers().add("Host", "evil").add("Content-Length", "999").add("Transfer-Encoding", "chunked").add("X", "y");
        assertThat(encode("POST", "/", h, 3, null)).isEqualTo("POST / HTTP/1.1\r\nHost: example.com:8080\r\nContent-Length: 3\r\nX: y\r\n\r\n");
    }

    @Test
    void bad_methods_and_targets_are_refused() {
        assertThatThrownBy(() -> encode("GE T", "/", null, RequestEncoder.NO_BODY, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encode("GET", "/a b", null, RequestEncoder.NO_BODY, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percent-encode");
        assertThatThrownBy(() -> encode("GET", "/\r\nX: y", null, RequestEncoder.NO_BODY, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encode("GET", "/é", null, RequestEncoder.NO_BODY, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void what_the_encoder_writes_the_parser_reads() {
        Headers h = new Headers().add("X-Custom", "value");
        ByteBuffer head = RequestEncoder.encodeHead("DELETE", "/thing/1", "h", h, RequestEncoder.NO_BODY);
        RequestParser parser = new RequestParser();
        assertThat(parser.parse(head)).isEqualTo(RequestParser.Event.HEAD);
        assertThat(parser.head().method()).isEqualTo("DELETE");
        assertThat(parser.head().headers().get("X-Custom")).isEqualTo("value");
        assertThat(parser.parse(head)).isEqualTo(RequestParser.Event.DONE);
    }
}
