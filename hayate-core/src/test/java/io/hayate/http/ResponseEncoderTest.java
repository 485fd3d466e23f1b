package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.ResponseEncoder.ConnectionHeader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseEncoderTest {
    private static final String DATE = "Date: [A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT\r\n";

    /** The encoded head, with its Date line (which changes every second) replaced by "Date: *". */
    private static String head(int status, String type, Headers headers, long length, ConnectionHeader connection) {
        ByteBuffer out = ByteBuffer.allocate(ResponseEncoder.headSize(status, type, headers));
        ResponseEncoder.encodeHead(out, status, type, headers, length, connection);
        String s = new String(out.array(), 0, out.position(), ISO_8859_1);
        assertThat(s).containsPattern(DATE);
        return s.replaceFirst(DATE, "Date: *\r\n");
    }

    @Test
    void a_fixed_length_head_has_status_server_date_type_length_and_extra_headers() {
        String h = head(200, "text/plain; charset=utf-8", new Headers().add("X-A", "1").add("Cache-Control", "no-store"), 5,
                ConnectionHeader.NONE);

        assertThat(h).isEqualTo("HTTP/1.1 200 OK\r\nServer: hayate\r\nDate: *\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 5\r\nX-A: 1\r\nCache-Control: no-store\r\n\r\n");
    }

    @Test
    void a_chunked_head_says_so_and_has_no_length() {
        String h = head(201, null, null, ResponseEncoder.CHUNKED, ConnectionHeader.NONE);

        assertThat(h).isEqualTo("HTTP/1.1 201 Created\r\nServer: hayate\r\nDate: *\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void a_no_body_head_has_no_framing_header() {
        String h = head(304, null, null, ResponseEncoder.NO_BODY, ConnectionHeader.NONE);

        assertThat(h).isEqualTo("HTTP/1.1 304 Not Modified\r\nServer: hayate\r\nDate: *\r\n\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "7", "9", "10", "99", "100", "12345", "1000000", "9223372036854775807"})
    void content_length_is_written_in_decimal(long length) {
        assertThat(head(200, null, null, length, ConnectionHeader.NONE)).contains("\r\nContent-Length: " + length + "\r\n");
    }

    @Test
    void connection_header_follows_the_argument() {
        assertThat(head(200, null, null, 0, ConnectionHeader.CLOSE)).endsWith("\r\nConnection: close\r\n\r\n");
        assertThat(head(200, null, null, 0, ConnectionHeader.KEEP_ALIVE)).endsWith("\r\nConnection: keep-alive\r\n\r\n");
        assertThat(head(200, null, null, 0, ConnectionHeader.NONE)).doesNotContain("Connection");
    }

    @Test
    void framing_and_connection_headers_from_the_user_are_skipped() {
        Headers user = new Headers().add("content-length", "999").add("Transfer-Encoding", "gzip").add("CONNECTION", "upgrade")
                .add("Content-Type", "evil/type").add("server", "other").add("Date", "yesterday").add("X-Kept", "yes");

        String h = head(200, "text/html", user, 3, ConnectionHeader.CLOSE);

        assertThat(h).isEqualTo("HTTP/1.1 200 OK\r\nServer: hayate\r\nDate: *\r\nContent-Type: text/html\r\nContent-Length: 3\r\n"
                + "X-Kept: yes\r\nConnection: close\r\n\r\n");
    }

    @Test
    void unknown_status_codes_get_the_reason_of_their_class() {
        assertThat(head(299, null, null, ResponseEncoder.NO_BODY, ConnectionHeader.NONE)).startsWith("HTTP/1.1 299 Success\r\n");
        assertThat(head(599, null, null, ResponseEncoder.NO_BODY, ConnectionHeader.NONE)).startsWith("HTTP/1.1 599 Server Error\r\n");
        assertThatThrownBy(() -> head(600, null, null, 0, ConnectionHeader.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> head(99, null, null, 0, ConnectionHeader.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "Content-Type \"{0}\"")
    @ValueSource(strings = {"text/plain\r\nX-Injected: 1", "a\nb", "a\u0000", "\u20ac"})
    void a_content_type_that_could_split_the_response_is_refused(String type) {
        ByteBuffer out = ByteBuffer.allocate(1024);

        assertThatThrownBy(() -> ResponseEncoder.encodeHead(out, 200, type, null, 0, ConnectionHeader.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.position()).as("nothing written").isZero();
    }

    @Test
    void head_size_is_an_upper_bound() {
        Headers headers = new Headers().add("X-Long", "v".repeat(300)).add("Y", "");
        int size = ResponseEncoder.headSize(505, "application/json", headers);
        ByteBuffer out = ByteBuffer.allocate(size);

        ResponseEncoder.encodeHead(out, 505, "application/json", headers, Long.MAX_VALUE, ConnectionHeader.KEEP_ALIVE);

        assertThat(out.position()).isLessThanOrEqualTo(size);
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({"1, 1", "15, f", "16, 10", "255, ff", "4096, 1000", "2147483647, 7fffffff"})
    void chunk_headers_are_the_size_in_hex(int size, String hex) {
        ByteBuffer out = ByteBuffer.allocate(16);

        ResponseEncoder.encodeChunkHeader(out, size);

        assertThat(new String(out.array(), 0, out.position(), ISO_8859_1)).isEqualTo(hex + "\r\n");
    }

    @Test
    void an_empty_chunk_is_refused_because_it_would_end_the_body() {
        assertThatThrownBy(() -> ResponseEncoder.encodeChunkHeader(ByteBuffer.allocate(8), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseEncoder.encodeChunkHeader(ByteBuffer.allocate(8), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chunk_end_last_chunk_and_continue() {
        ByteBuffer out = ByteBuffer.allocate(16);
        ResponseEncoder.encodeChunkEnd(out);
        ResponseEncoder.encodeLastChunk(out);
        ByteBuffer cont = ResponseEncoder.continueResponse();

        assertThat(new String(out.array(), 0, out.position(), ISO_8859_1)).isEqualTo("\r\n0\r\n\r\n");
        assertThat(ISO_8859_1.decode(cont).toString()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(ResponseEncoder.continueResponse().remaining()).as("a fresh buffer each time").isEqualTo(25);
    }

    @Test
    void encoded_chunks_parse_back_to_the_same_body() {
        // the encoder's framing read by Hayate's own parser (behind a request head, as both share RFC 9112 §7.1)
        Random random = new Random(42);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        wire.writeBytes("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(ISO_8859_1));
        for (int size : new int[] {1, 15, 16, 255, 256, 4095, 4096, 70000}) {
            byte[] chunk = new byte[size];
            random.nextBytes(chunk);
            ByteBuffer framing = ByteBuffer.allocate(16);
            ResponseEncoder.encodeChunkHeader(framing, size);
            wire.write(framing.array(), 0, framing.position());
            wire.writeBytes(chunk);
            framing.clear();
            ResponseEncoder.encodeChunkEnd(framing);
            wire.write(framing.array(), 0, framing.position());
            body.writeBytes(chunk);
        }
        ByteBuffer last = ByteBuffer.allocate(8);
        ResponseEncoder.encodeLastChunk(last);
        wire.write(last.array(), 0, last.position());

        ParserHarness.Transcript t = ParserHarness.feed(new RequestParser(), wire.toByteArray());

        assertThat(t.only().done()).isTrue();
        assertThat(t.only().body()).isEqualTo(body.toByteArray());
    }

    @Test
    void every_violation_status_has_its_own_reason_phrase() {
        for (Violation v : Violation.values()) {
            assertThat(Status.reason(v.status())).as(v.name()).isNotIn("Client Error", "Server Error");
        }
        assertThat(Status.reason(431)).isEqualTo("Request Header Fields Too Large");
        assertThat(Status.reason(414)).isEqualTo("URI Too Long");
    }
}
