package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against the article's own server: aiohttp on Debian's {@code /usr/bin/python3} (package {@code python3-aiohttp}),
 * an HTTP/1.1 and WebSocket implementation Hayate shares nothing with.
 */
class HttpClientAiohttpTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static Process server;
    private static String base;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import aiohttp").redirectErrorStream(true).start();
        if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
            fail("aiohttp is missing for " + PYTHON + ": install the Debian package python3-aiohttp "
                    + "(sudo apt-get install -y python3-aiohttp)");
        }
        Path script = Path.of(HttpClientAiohttpTest.class.getResource("aiohttp_server.py").toURI());
        server = new ProcessBuilder(PYTHON, script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        String port = out.readLine();
        if (port == null) {
            fail("the aiohttp server did not start (exit " + server.waitFor() + ")");
        }
        base = "http://127.0.0.1:" + port.strip();
        client = HttpClient.create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.getOutputStream().close(); // its stdin ends: it stops
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void the_articles_nine_requests_three_at_a_time() throws Exception {
        long t0 = System.nanoTime();
        List<Outcome<ClientResponse>> results = client.limit(3).gatherBlocking(Collections.nCopies(9, ClientRequest.get(base + "/?s=0.5")));
        double seconds = (System.nanoTime() - t0) / 1e9;

        for (Outcome<ClientResponse> o : results) {
            assertThat(o.get().bodyAsString()).isEqualTo("This is a slow web api");
        }
        assertThat(seconds).as("three rounds of half a second").isBetween(1.45, 3.0);
    }

    @Test
    void keep_alive_connections_are_reused() throws Exception {
        Set<String> ports = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ports.add(client.sendBlocking(ClientRequest.get(base + "/peer")).bodyAsString());
        }
        assertThat(ports).as("aiohttp saw one client port").hasSize(1);
    }

    @Test
    void gzip_and_chunked_bodies() throws Exception {
        ClientResponse gz = client.sendBlocking(ClientRequest.get(base + "/gzip"));
        assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gz.bodyAsString()).isEqualTo("compressed by aiohttp ".repeat(2000));
        try (StreamingResponse r = client.streamBlocking(ClientRequest.get(base + "/chunks"))) {
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(new String(r.inputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("chunk 0\nchunk 1\n").endsWith("chunk 19\n");
        }
    }

    @Test
    void websocket_echo_and_close() throws Exception {
        ClientWebSocket ws = client.webSocketBlocking(ClientRequest.get(base.replace("http:", "ws:") + "/ws"));
        ws.send("hello");
        assertThat(ws.receive().text()).isEqualTo("aiohttp: hello");
        ws.send(new byte[] {1, 2, 3});
        assertThat(ws.receive().bytes()).containsExactly(3, 2, 1);
        ws.send("close");
        assertThat(ws.receive()).isNull();
        assertThat(ws.closeCode()).isEqualTo(4001);
        assertThat(ws.closeReason()).isEqualTo("aiohttp says bye");
    }
}
