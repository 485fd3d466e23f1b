package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.ResponseViolation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Malformed responses from a raw socket peer are rejected with a clear exception naming the violation, and their
 * connection is discarded: the next request gets a new, healthy connection.
 */
class HttpClientMalformedTest {

    private static void expectRejected(String response, boolean closeAfter, ResponseViolation violation) throws Exception {
        try (RawServer raw = new RawServer((conn, index) -> {
                if (index == 0) {
                    conn.readRequest();
                    conn.write(response);
                    if (closeAfter) {
                        conn.socket.close();
                        return;
                    }
                    Thread.sleep(5_000);
                    return;
                }
                while (conn.readRequest() != null) {
                    conn.write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nhealthy");
                }
            });
             HttpClient client = HttpClient.create()) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(raw.url("/bad"))))
                    .isInstanceOf(MalformedResponseException.class)
                    .hasMessageStartingWith("GET " + raw.url("/bad") + ": ")
                    .hasMessageContaining(violation.description())
                    .hasMessageEndingWith("connection discarded")
                    .satisfies(e -> assertThat(((MalformedResponseException) e).violation()).isEqualTo(violation));
            assertThat(raw.requests()).as("a malformed response is not a reason to re-send").isEqualTo(1);
            assertThat(client.sendBlocking(ClientRequest.get(raw.url("/good"))).bodyAsString()).isEqualTo("healthy");
            assertThat(raw.accepted()).as("a new connection").isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "INVALID_STATUS_CODE                   | HTTP/1.1 OK 200\\r\\nContent-Length: 0\\r\\n\\r\\n",
        "INVALID_STATUS_LINE                   | HTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n",
        "UNSUPPORTED_VERSION                   | HTTP/2.0 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n",
        "INVALID_HEADER_NAME                   | HTTP/1.1 200 OK\\r\\nNo-colon-here\\r\\n\\r\\n",
        "INVALID_CHUNK_SIZE                    | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "INVALID_CHUNK_FRAMING                 | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "CONFLICTING_CONTENT_LENGTH            | HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\nabcd",
        "TRANSFER_ENCODING_WITH_CONTENT_LENGTH | HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n",
        "UNEXPECTED_DATA                       | HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nabcdef",
        "UNEXPECTED_UPGRADE                    | HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: foo\\r\\n\\r\\n"})
    void rejected_while_the_connection_stays_open(ResponseViolation violation, String response) throws Exception {
        expectRejected(response.replace("\\r\\n", "\r\n"), false, violation);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "TRUNCATED_BODY | HTTP/1.1 200 OK\\r\\nContent-Length: 10\\r\\n\\r\\nonly5",
        "TRUNCATED_BODY | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhel",
        "TRUNCATED_HEAD | HTTP/1.1 200 OK\\r\\nContent-Len"})
    void rejected_when_the_server_closes_early(ResponseViolation violation, String response) throws Exception {
        expectRejected(response.replace("\\r\\n", "\r\n"), true, violation);
    }

    @Test
    void oversized_headers() throws Exception {
        expectRejected("HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(70 * 1024) + "\r\nContent-Length: 0\r\n\r\n", false,
                ResponseViolation.HEADERS_TOO_LARGE);
    }

    @Test
    void bytes_on_an_idle_connection_get_it_discarded_quietly() throws Exception {
        try (RawServer raw = new RawServer((conn, index) -> {
                conn.readRequest();
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                if (index == 0) {
                    Thread.sleep(100);
                    conn.write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nunasked");
                    Thread.sleep(5_000);
                }
            });
             HttpClient client = HttpClient.create()) {
            assertThat(client.sendBlocking(ClientRequest.get(raw.url("/"))).bodyAsString()).isEqualTo("ok");
            Thread.sleep(300);
            assertThat(client.stats().openConnections()).isZero();
            assertThat(client.sendBlocking(ClientRequest.get(raw.url("/"))).bodyAsString()).isEqualTo("ok");
            assertThat(raw.accepted()).isEqualTo(2);
        }
    }

    @Test
    void a_body_until_close_is_read_to_the_end() throws Exception {
        try (RawServer raw = new RawServer((conn, index) -> {
                conn.readRequest();
                conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
                conn.socket.close();
            });
             HttpClient client = HttpClient.create()) {
            assertThat(client.sendBlocking(ClientRequest.get(raw.url("/"))).bodyAsString()).isEqualTo("until the end");
            assertThat(client.sendBlocking(ClientRequest.get(raw.url("/"))).bodyAsString()).isEqualTo("until the end");
            assertThat(raw.accepted()).isEqualTo(2);
        }
    }

    @Test
    void interim_responses_are_skipped() throws Exception {
        try (RawServer raw = new RawServer((conn, index) -> {
                conn.readRequest();
                conn.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
                Thread.sleep(1000);
            });
             HttpClient client = HttpClient.create()) {
            ClientResponse r = client.sendBlocking(ClientRequest.get(raw.url("/")));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyAsString()).isEqualTo("final");
        }
    }
}
