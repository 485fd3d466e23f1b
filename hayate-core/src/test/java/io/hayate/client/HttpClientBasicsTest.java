package io.hayate.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.loop.LoopGroup;
import io.hayate.server.Server;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests and responses of every kind against Hayate's server and the JDK's, bodies as bytes, strings, files, streams. */
class HttpClientBasicsTest {
    private static Server server;
    private static Servers.Jdk jdk;
    private static HttpClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.hayate(app -> app
                .get("/hello", ctx -> "hello " + ctx.queryParam("name"))
                .get("/headers", ctx -> ctx.header("Host") + "|" + ctx.header("User-Agent") + "|" + ctx.header("Accept-Encoding")
                        + "|" + ctx.header("X-Custom"))
                .post("/echo", ctx -> ctx.contentType("application/octet-stream").bytes(ctx.body()))
                .put("/length", ctx -> ctx.header("Content-Length") + "|" + ctx.header("Transfer-Encoding") + "|" + ctx.body().length)
                .get("/empty", ctx -> ctx.status(204))
                .get("/big", ctx -> "x".repeat(1_000_000))
                .get("/status", ctx -> ctx.status(418).text("teapot"))
                .get("/sleep", ctx -> {
                    Thread.sleep(100);
                    return "slept";
                }));
        jdk = new Servers.Jdk()
                .route("/jdk", ex -> Servers.Jdk.send(ex, 200, ("jdk " + ex.getRequestMethod()).getBytes(UTF_8)))
                .route("/chunked", ex -> {
                    ex.sendResponseHeaders(200, 0); // 0: chunked
                    try (var out = ex.getResponseBody()) {
                        for (int i = 0; i < 100; i++) {
                            out.write(("line " + i + "\n").getBytes(UTF_8));
                            out.flush();
                        }
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
    void get_returns_status_headers_and_body() throws Exception {
        ClientResponse r = client.sendBlocking(ClientRequest.get(Servers.url(server, "/hello?name=world")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("OK");
        assertThat(r.version()).isEqualTo("HTTP/1.1");
        assertThat(r.bodyAsString()).isEqualTo("hello world");
        assertThat(r.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.uri().toString()).endsWith("/hello?name=world");
    }

    @Test
    void host_user_agent_and_accept_encoding_are_sent_and_user_headers_pass() throws Exception {
        ClientResponse r = client.sendBlocking(ClientRequest.get(Servers.url(server, "/headers")).withHeader("X-Custom", "mine"));

        assertThat(r.bodyAsString()).isEqualTo("127.0.0.1:" + server.port() + "|hayate|gzip, deflate|mine");
        ClientResponse own = client.sendBlocking(ClientRequest.get(Servers.url(server, "/headers")).withHeader("User-Agent", "me/1"));
        assertThat(own.bodyAsString()).startsWith("127.0.0.1:" + server.port() + "|me/1|");
    }

    @Test
    void a_status_that_is_an_error_is_a_response_not_a_failure() throws Exception {
        ClientResponse r = client.sendBlocking(ClientRequest.get(Servers.url(server, "/status")));

        assertThat(r.status()).isEqualTo(418);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.bodyAsString()).isEqualTo("teapot");
        assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/missing"))).status()).isEqualTo(404);
    }

    @Test
    void request_bodies_as_bytes_string_file_and_stream() throws Exception {
        String url = Servers.url(server, "/echo");
        assertThat(client.sendBlocking(ClientRequest.post(url, RequestBody.of(new byte[] {1, 2, 3}))).body()).containsExactly(1, 2, 3);
        assertThat(client.sendBlocking(ClientRequest.post(url, RequestBody.of("grüße"))).bodyAsString()).isEqualTo("grüße");

        byte[] big = new byte[3_000_000];
        new java.util.Random(1).nextBytes(big);
        Path file = Files.write(dir.resolve("upload.bin"), big);
        assertThat(client.sendBlocking(ClientRequest.post(url, RequestBody.ofFile(file))).body()).isEqualTo(big);
        assertThat(client.sendBlocking(ClientRequest.post(url, RequestBody.ofStream(() -> new ByteArrayInputStream(big)))).body())
                .as("chunked").isEqualTo(big);
        assertThat(client.sendBlocking(ClientRequest.post(url, RequestBody.ofStream(() -> new ByteArrayInputStream(big), big.length, true))).body())
                .as("with a length").isEqualTo(big);
    }

    @Test
    void framing_headers_come_from_the_body() throws Exception {
        String url = Servers.url(server, "/length");
        assertThat(client.sendBlocking(ClientRequest.put(url, RequestBody.of("abc"))).bodyAsString()).isEqualTo("3|null|3");
        assertThat(client.sendBlocking(ClientRequest.put(url, RequestBody.empty())).bodyAsString()).isEqualTo("0|null|0");
        assertThat(client.sendBlocking(ClientRequest.put(url, RequestBody.ofStream(() -> new ByteArrayInputStream(new byte[5])))).bodyAsString())
                .isEqualTo("null|chunked|5");
    }

    @Test
    void no_content_and_head_have_no_body() throws Exception {
        ClientResponse r = client.sendBlocking(ClientRequest.get(Servers.url(server, "/empty")));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        ClientResponse head = client.sendBlocking(ClientRequest.head(Servers.url(server, "/big")));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Length")).isEqualTo("1000000");
        assertThat(client.sendBlocking(ClientRequest.get(Servers.url(server, "/big"))).body()).hasSize(1_000_000);
    }

    @Test
    void response_bodies_go_to_files() throws Exception {
        Path target = dir.resolve("big.txt");
        ClientResponse r = client.downloadBlocking(ClientRequest.get(Servers.url(server, "/big")), target);

        assertThat(r.file()).isEqualTo(target);
        assertThat(r.body()).isEmpty();
        assertThat(Files.size(target)).isEqualTo(1_000_000);
    }

    @Test
    void the_jdk_server_chunked_and_fixed_length_answers() throws Exception {
        assertThat(client.sendBlocking(ClientRequest.get(jdk.url("/jdk"))).bodyAsString()).isEqualTo("jdk GET");
        assertThat(client.sendBlocking(ClientRequest.post(jdk.url("/jdk"), RequestBody.of("x"))).bodyAsString()).isEqualTo("jdk POST");
        ClientResponse chunked = client.sendBlocking(ClientRequest.get(jdk.url("/chunked")));
        assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(chunked.bodyAsString()).startsWith("line 0\nline 1\n").endsWith("line 99\n");
    }

    @Test
    void futures_complete_on_the_client_loop() throws Exception {
        CompletableFuture<String> thread = client.send(ClientRequest.get(Servers.url(server, "/sleep")))
                .thenApply(r -> Thread.currentThread().getName());
        assertThat(thread.get()).startsWith("hayate-client-");
    }

    @Test
    void blocking_calls_refuse_to_run_on_a_loop_thread() throws Exception {
        CompletableFuture<Throwable> seen = client.send(ClientRequest.get(Servers.url(server, "/sleep")))
                .handle((r, t) -> {
                    try {
                        client.sendBlocking(ClientRequest.get(Servers.url(server, "/hello")));
                        return null;
                    } catch (Throwable e) {
                        return e;
                    }
                });
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("must not be called on loop thread");
    }

    @Test
    void a_refused_connection_is_a_connect_exception_naming_the_address() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpClient c = HttpClient.create(ClientConfig.defaults().withRetries(0))) {
            assertThatThrownBy(() -> c.sendBlocking(ClientRequest.get("http://127.0.0.1:" + port + "/")))
                    .isInstanceOf(ConnectException.class).hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void https_and_other_schemes_are_refused_when_the_request_is_made() {
        assertThatThrownBy(() -> ClientRequest.get("https://example.com/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS is not supported");
        assertThatThrownBy(() -> ClientRequest.get("ftp://example.com/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_client_on_given_loops_completes_on_them() throws Exception {
        try (LoopGroup loops = new LoopGroup(1, "shared");
             HttpClient shared = HttpClient.create(loops, ClientConfig.defaults())) {
            String thread = shared.send(ClientRequest.get(Servers.url(server, "/sleep"))).thenApply(r -> Thread.currentThread().getName()).get();
            assertThat(thread).isEqualTo("shared-0");
            assertThat(shared.stats().threads()).isZero();
        }
    }

    @Test
    void closing_the_client_fails_what_is_in_flight_or_waiting() throws Exception {
        HttpClient c = HttpClient.create(ClientConfig.defaults().withRateLimit(RateLimit.perSecond(1)));
        List<CompletableFuture<ClientResponse>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) { // the 2nd and 3rd wait for the rate limit on a timer
            futures.add(c.send(ClientRequest.get(Servers.url(server, "/hello"))));
        }
        HttpClient limited = c.limit(1);
        futures.add(limited.send(ClientRequest.get(Servers.url(server, "/big"))));
        futures.add(limited.send(ClientRequest.get(Servers.url(server, "/big")))); // waits for the permit
        Thread.sleep(100);
        c.close();
        for (CompletableFuture<ClientResponse> f : futures.subList(1, futures.size())) {
            assertThatThrownBy(() -> f.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClientException.class).hasMessageContaining("the client");
        }
        assertThatThrownBy(() -> c.sendBlocking(ClientRequest.get(Servers.url(server, "/hello"))))
                .isInstanceOf(ClientException.class).hasMessageContaining("closed");
    }

    @Test
    void a_body_that_cannot_be_read_fails_the_request_without_retries() throws Exception {
        Path missing = dir.resolve("missing.bin");
        assertThatThrownBy(() -> client.sendBlocking(ClientRequest.put(Servers.url(server, "/length"), RequestBody.ofFile(missing))))
                .isInstanceOf(ClientException.class).hasMessageContaining("cannot read the request body file")
                .hasMessageContaining("missing.bin");
        RequestBody failing = RequestBody.ofStream(() -> new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("disk on fire");
            }
        }, -1, true);
        long before = client.stats().retries();
        assertThatThrownBy(() -> client.sendBlocking(ClientRequest.put(Servers.url(server, "/length"), failing)))
                .isInstanceOf(ClientException.class).hasMessageContaining("disk on fire");
        assertThat(client.stats().retries() - before).isZero();
    }

    @Test
    void an_interrupted_blocking_call_abandons_its_request() throws Exception {
        try (RawServer raw = new RawServer((conn, i) -> {
                conn.readRequest();
                Thread.sleep(10_000);
            })) {
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    client.sendBlocking(ClientRequest.get(raw.url("/never")));
                } catch (Exception expected) {
                    // interrupted
                }
            });
            while (raw.requests() == 0) {
                Thread.sleep(10);
            }
            int open = client.stats().openConnections();
            caller.interrupt();
            caller.join(5000);
            Thread.sleep(100);
            assertThat(client.stats().openConnections()).as("its connection was closed").isEqualTo(open - 1);
        }
    }
}
