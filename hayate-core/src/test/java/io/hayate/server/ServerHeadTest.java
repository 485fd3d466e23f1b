package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** HEAD is served by the GET route: the same head, including Content-Length, and no body. */
class ServerHeadTest {

    @AllModes
    void head_has_the_headers_of_get_and_no_body(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/doc", ctx -> {
            ctx.header("X-Method", ctx.method());
            return "twelve bytes";
        }))) {
            RawResponse get = s.connect().request(RawClient.get("/doc"));
            RawClient client = s.connect();
            RawResponse head = client.send("HEAD /doc HTTP/1.1\r\nHost: test\r\n\r\n").readHeadResponse();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("12");
            assertThat(withoutDateAndMethod(head.headers())).isEqualTo(withoutDateAndMethod(get.headers()));
            assertThat(head.header("X-Method")).as("the handler still sees HEAD").isEqualTo("HEAD");
            if (s.keepsAlive()) {
                // were a body sent after the HEAD head, it would be read as the next status line
                RawResponse next = client.request(RawClient.get("/doc"));
                assertThat(next.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(next.bodyText()).isEqualTo("twelve bytes");
            } else {
                client.assertClosed(); // fails on any body bytes
            }
        }
    }

    @AllModes
    void head_of_an_unknown_path_is_404_without_body(Mode mode) throws Exception {
        try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/doc", ctx -> "x"))) {
            RawClient client = s.connect();
            RawResponse head = client.send("HEAD /nope HTTP/1.1\r\nHost: test\r\n\r\n").readHeadResponse();
            assertThat(head.status()).isEqualTo(404);
            if (s.keepsAlive()) {
                assertThat(client.request(RawClient.get("/doc")).bodyText()).isEqualTo("x");
            } else {
                client.assertClosed();
            }
        }
    }

    private static List<Map.Entry<String, String>> withoutDateAndMethod(List<Map.Entry<String, String>> headers) {
        return headers.stream().filter(h -> !h.getKey().equalsIgnoreCase("Date") && !h.getKey().equalsIgnoreCase("X-Method")).toList();
    }
}
