package io.hayate.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A running app for one test: started on a free loopback port in the given mode, with a raw-socket client, the JDK
 * {@link HttpClient} and the address for curl; everything is closed after the test.
 *
 * {@snippet :
 * try (ServerHarness s = ServerHarness.start(mode, app -> app.get("/", ctx -> "hi"))) {
 *     assertThat(s.connect().request(RawClient.get("/")).bodyText()).isEqualTo("hi");
 * }
 * }
 */
final class ServerHarness implements AutoCloseable {
    /** How long {@link #close()} lets the server drain; tests that test shutdown call {@code server.close(d)} themselves. */
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);

    final Server server;
    final Mode mode;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private HttpClient http;

    private ServerHarness(Server server, Mode mode) {
        this.server = server;
        this.mode = mode;
    }

    static ServerHarness start(Mode mode, Consumer<App> routes) {
        return start(mode, c -> c, routes);
    }

    static ServerHarness start(Mode mode, UnaryOperator<ServerConfig> config, Consumer<App> routes) {
        App app = App.create().configure(c -> config.apply(c.withMode(mode).withPort(0)));
        routes.accept(app);
        return new ServerHarness(app.start(), mode);
    }

    int port() {
        return server.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** Whether the mode keeps connections open between requests ({@link Mode#BLOCKING} closes after each). */
    boolean keepsAlive() {
        return mode != Mode.BLOCKING;
    }

    /** A new raw connection, closed with the harness. */
    RawClient connect() {
        try {
            RawClient c = new RawClient(port());
            resources.add(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDK client, speaking HTTP/1.1 only. */
    HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            resources.add(http);
        }
        return http;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http().send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http().send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // the server closes what is left
            }
        }
        server.close(CLOSE_DEADLINE);
    }
}
