package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redirects when asked: 301/302/303 turn a POST into a GET, 307/308 keep method and body; hops are counted. */
class HttpClientRedirectTest {
    private static Server server;
    private static Server other;
    private static HttpClient following;

    @BeforeAll
    static void start() {
        other = Servers.hayate(app -> app.get("/elsewhere", ctx -> "auth=" + ctx.header("Authorization")));
        server = Servers.hayate(app -> app
                .get("/target", ctx -> "GET target, auth=" + ctx.header("Authorization"))
                .post("/target", ctx -> "POST target: " + ctx.bodyAsString())
                .get("/found", ctx -> ctx.status(302).header("Location", "/target").text("moved"))
                .post("/found", ctx -> ctx.status(302).header("Location", "/target").text("moved"))
                .post("/see-other", ctx -> ctx.status(303).header("Location", "target").text(""))
                .post("/temporary", ctx -> ctx.status(307).header("Location", "/target").text(""))
                .post("/permanent", ctx -> ctx.status(308).header("Location", Servers.url(server, "/target")).text(""))
                .get("/loop", ctx -> ctx.status(301).header("Location", "/loop").text(""))
                .get("/chain/{n}", ctx -> {
                    int n = Integer.parseInt(ctx.pathParam("n"));
                    return n == 0 ? "end of chain" : ctx.status(302).header("Location", "/chain/" + (n - 1)).text("");
                })
                .get("/away", ctx -> ctx.status(302).header("Location", Servers.url(other, "/elsewhere")).text(""))
                .get("/tls", ctx -> ctx.status(302).header("Location", "https://example.com/").text("")));
        following = HttpClient.create(ClientConfig.defaults().withFollowRedirects(5));
    }

    @AfterAll
    static void stop() {
        following.close();
        server.close();
        other.close();
    }

    @Test
    void redirects_are_returned_unless_asked_for() throws Exception {
        try (HttpClient client = HttpClient.create()) {
            ClientResponse r = client.sendBlocking(ClientRequest.get(Servers.url(server, "/found")));
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.header("Location")).isEqualTo("/target");
            assertThat(r.bodyAsString()).isEqualTo("moved");
        }
    }

    @Test
    void a_302_is_followed_to_the_resolved_location() throws Exception {
        ClientResponse r = following.sendBlocking(ClientRequest.get(Servers.url(server, "/found")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("GET target, auth=null");
        assertThat(r.uri().toString()).isEqualTo(Servers.url(server, "/target"));
    }

    @Test
    void a_post_becomes_a_get_on_302_and_303() throws Exception {
        assertThat(following.sendBlocking(ClientRequest.post(Servers.url(server, "/found"), RequestBody.of("data"))).bodyAsString())
                .startsWith("GET target");
        assertThat(following.sendBlocking(ClientRequest.post(Servers.url(server, "/see-other"), RequestBody.of("data"))).bodyAsString())
                .startsWith("GET target");
    }

    @Test
    void a_307_and_a_308_keep_the_method_and_body() throws Exception {
        assertThat(following.sendBlocking(ClientRequest.post(Servers.url(server, "/temporary"), RequestBody.of("data"))).bodyAsString())
                .isEqualTo("POST target: data");
        assertThat(following.sendBlocking(ClientRequest.post(Servers.url(server, "/permanent"), RequestBody.of("more"))).bodyAsString())
                .isEqualTo("POST target: more");
    }

    @Test
    void hops_are_limited() throws Exception {
        assertThat(following.sendBlocking(ClientRequest.get(Servers.url(server, "/chain/5"))).bodyAsString()).isEqualTo("end of chain");
        assertThatThrownBy(() -> following.sendBlocking(ClientRequest.get(Servers.url(server, "/chain/6"))))
                .isInstanceOf(TooManyRedirectsException.class).hasMessageContaining("more than 5 redirects");
        assertThatThrownBy(() -> following.sendBlocking(ClientRequest.get(Servers.url(server, "/loop"))))
                .isInstanceOf(TooManyRedirectsException.class);
    }

    @Test
    void credentials_do_not_follow_to_another_origin() throws Exception {
        ClientRequest withAuth = ClientRequest.get(Servers.url(server, "/away")).withHeader("Authorization", "Bearer secret");
        assertThat(following.sendBlocking(withAuth).bodyAsString()).isEqualTo("auth=null");
        ClientRequest sameOrigin = ClientRequest.get(Servers.url(server, "/found")).withHeader("Authorization", "Bearer secret");
        assertThat(following.sendBlocking(sameOrigin).bodyAsString()).isEqualTo("GET target, auth=Bearer secret");
    }

    @Test
    void a_redirect_that_cannot_be_followed_is_returned() throws Exception {
        ClientResponse r = following.sendBlocking(ClientRequest.get(Servers.url(server, "/tls")));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).isEqualTo("https://example.com/");
    }

    @Test
    void redirect_bodies_are_read_so_the_connection_is_reused() throws Exception {
        long before = server.stats().acceptedConnections();
        try (HttpClient client = HttpClient.create(ClientConfig.defaults().withFollowRedirects(5))) {
            client.sendBlocking(ClientRequest.get(Servers.url(server, "/chain/4")));
            assertThat(client.stats().redirects()).isEqualTo(4);
            assertThat(client.stats().connectionsOpened()).isEqualTo(1);
        }
        assertThat(server.stats().acceptedConnections() - before).isEqualTo(1);
    }
}
