package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.server.Server;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http:// over a UNIX domain socket: the http+unix:// form and withUnixSocket, pooled like TCP. */
class HttpClientUnixSocketTest {
    @TempDir
    Path dir;

    @Test
    void requests_over_a_unix_socket_in_both_forms_share_a_pooled_connection() throws Exception {
        Path socket = dir.resolve("app.sock");
        try (Server server = Servers.hayate(c -> c.withUnixSocket(socket), app -> app
                .get("/hello", ctx -> "hello from " + ctx.remoteAddress().getClass().getSimpleName() + " to " + ctx.header("Host")));
             HttpClient client = HttpClient.create()) {
            String encoded = URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8);
            ClientResponse a = client.sendBlocking(ClientRequest.get("http+unix://" + encoded + "/hello"));
            assertThat(a.bodyAsString()).isEqualTo("hello from UnixDomainSocketAddress to localhost");

            ClientResponse b = client.sendBlocking(ClientRequest.get("http://api.internal/hello").withUnixSocket(socket));
            assertThat(b.bodyAsString()).isEqualTo("hello from UnixDomainSocketAddress to api.internal");
            ClientResponse c = client.sendBlocking(ClientRequest.get("http://api.internal/hello").withUnixSocket(socket));
            assertThat(c.status()).isEqualTo(200);
            assertThat(server.stats().acceptedConnections()).as("one per Host: two pools").isEqualTo(2);
        }
    }

    @Test
    void a_missing_socket_is_a_connect_exception_naming_it() {
        Path missing = dir.resolve("nobody.sock");
        try (HttpClient client = HttpClient.create(ClientConfig.defaults().withRetries(0))) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get("http://localhost/").withUnixSocket(missing)))
                    .isInstanceOf(java.net.ConnectException.class).hasMessageContaining("unix:" + missing);
        }
    }
}
