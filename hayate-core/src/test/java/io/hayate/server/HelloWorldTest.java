package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HelloWorldTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void hello_world_answers_in_every_mode(Mode mode) throws Exception {
        try (Server server = App.create().configure(c -> c.withMode(mode)).get("/", ctx -> "Hello World").start(0);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Hello World");
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        }
    }
}
