package io.hayate.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.http.ResponseViolation;
import io.hayate.server.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gzip and deflate bodies are decoded (in memory, in a stream, with a size cap); bad ones are rejected. */
class HttpClientDecompressionTest {
    private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(40_000); // 1.8 MB
    private static Server server;
    private static Servers.Jdk jdk;
    private static HttpClient client;

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(data);
        }
        return b.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean zlib) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(b, new Deflater(Deflater.DEFAULT_COMPRESSION, !zlib))) {
            out.write(data);
        }
        return b.toByteArray();
    }

    @BeforeAll
    static void start() throws Exception {
        byte[] gz = gzip(TEXT.getBytes(UTF_8));
        byte[] zlib = deflate("zlib wrapped".getBytes(UTF_8), true);
        byte[] raw = deflate("raw deflate".getBytes(UTF_8), false);
        byte[] bomb = gzip(new byte[100 * 1024 * 1024]);
        server = Servers.hayate(app -> app
                .get("/gzip", ctx -> ctx.header("Content-Encoding", "gzip").header("X-Accept-Encoding", String.valueOf(ctx.header("Accept-Encoding"))).bytes(gz))
                .get("/zlib", ctx -> ctx.header("Content-Encoding", "deflate").bytes(zlib))
                .get("/raw-deflate", ctx -> ctx.header("Content-Encoding", "deflate").bytes(raw))
                .get("/corrupt", ctx -> {
                    byte[] bad = gz.clone();
                    Arrays.fill(bad, 100, 200, (byte) 0x55);
                    return ctx.header("Content-Encoding", "gzip").bytes(bad);
                })
                .get("/truncated", ctx -> ctx.header("Content-Encoding", "gzip").bytes(Arrays.copyOf(gz, gz.length / 2)))
                .get("/bomb", ctx -> ctx.header("Content-Encoding", "gzip").bytes(bomb))
                .get("/identity", ctx -> ctx.header("Content-Encoding", "identity").text("as is"))
                .get("/brotli", ctx -> ctx.header("Content-Encoding", "br").bytes(new byte[] {1, 2, 3})));
        jdk = new Servers.Jdk().route("/gzip", ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = new GZIPOutputStream(ex.getResponseBody())) {
                out.write(TEXT.getBytes(UTF_8));
            }
        });
        client = HttpClient.create();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        jdk.close();
    }

    @Test
    void gzip_is_asked_for_and_decoded() throws Exception {
        ClientResponse r = client.sendBlocking(ClientRequest.get(Servers.url(server, "/gzip")));

        assertThat(r.header("X-Accept-Encoding")).isEqualTo("gzip, deflate");
        assertThat(r.header("Content-Encoding")).as("headers stay as received").isEqualTo("gzip");
        assertThat(r.bodyAsString()).isEqualTo(TEXT);
    }

    @Test
    void gzip_from_the_jdk_server_in_chunks() throws Exception {
        assertThat(client.sendBlocking(ClientRequest.get(jdk.url("/gzip"))).bodyAsString()).isEqualTo(TEXT);
    }

    @Test
    void deflate_zlib_wrapped_and_raw() throws Exception {
        assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/zlib"))).bodyAsString()).isEqualTo("zlib wrapped");
        assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/raw-deflate"))).bodyAsString()).isEqualTo("raw deflate");
    }

    @Test
    void identity_and_unknown_encodings_pass_through() throws Exception {
        assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/identity"))).bodyAsString()).isEqualTo("as is");
        assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/brotli"))).body()).containsExactly(1, 2, 3);
    }

    @Test
    void corrupt_or_truncated_data_is_a_malformed_response() {
        for (String path : new String[] {"/corrupt", "/truncated"}) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get(Servers.url(server, path))))
                    .as(path).isInstanceOf(MalformedResponseException.class)
                    .satisfies(e -> assertThat(((MalformedResponseException) e).violation()).isEqualTo(ResponseViolation.BAD_CONTENT_ENCODING));
        }
    }

    @Test
    void the_decoded_size_is_capped() throws Exception {
        try (HttpClient small = HttpClient.create(ClientConfig.defaults().withMaxResponseBody(1024 * 1024))) {
            assertThatThrownBy(() -> small.sendBlocking(ClientRequest.get(Servers.url(server, "/bomb"))))
                    .isInstanceOf(MalformedResponseException.class).hasMessageContaining("over 1048576 bytes (maxResponseBody)")
                    .satisfies(e -> assertThat(((MalformedResponseException) e).violation()).isEqualTo(ResponseViolation.BODY_TOO_LARGE));
        }
    }

    @Test
    void a_stream_is_decoded_piece_by_piece() throws Exception {
        try (StreamingResponse r = client.streamBlocking(ClientRequest.get(Servers.url(server, "/gzip")))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int pieces = 0;
            for (ByteBuffer b; (b = r.readBlocking()) != null; pieces++) {
                assertThat(b.remaining()).isLessThanOrEqualTo(64 * 1024);
                all.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            }
            assertThat(all.toString(UTF_8)).isEqualTo(TEXT);
            assertThat(pieces).isGreaterThan(20);
        }
    }

    @Test
    void without_decompression_the_bytes_come_as_sent() throws Exception {
        try (HttpClient plain = HttpClient.create(ClientConfig.defaults().withDecompress(false))) {
            ClientResponse r = plain.sendBlocking(ClientRequest.get(Servers.url(server, "/gzip")));
            assertThat(r.header("X-Accept-Encoding")).isEqualTo("null");
            assertThat(r.body()).isEqualTo(gzip(TEXT.getBytes(UTF_8)));
        }
    }
}
