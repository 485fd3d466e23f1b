package io.hayate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;

/** Path and query parameters, request headers, and the automatic 404, 405 and OPTIONS answers. */
class ServerRoutingTest {

    private static ServerHarness start(Mode mode) {
        return ServerHarness.start(mode, app -> app
                .get("/users/{id}/posts/{post}", ctx -> ctx.pathParam("id") + "|" + ctx.pathParam("post") + "|" + ctx.pathParams())
                .get("/users/me", ctx -> "static")
                .get("/users/{id}", ctx -> "user " + ctx.pathParam("id"))
                .put("/users/{id}", ctx -> "put " + ctx.pathParam("id"))
                .get("/query", ctx -> ctx.queryParam("a") + "|" + ctx.queryParams() + "|" + ctx.queryString() + "|" + ctx.queryParam("none"))
                .get("/headers", ctx -> ctx.header("x-lower") + "|" + ctx.header("X-LOWER") + "|" + ctx.headers().getAll("X-Multi"))
                .post("/only-post", ctx -> "posted")
                .route("PROPFIND", "/dav", ctx -> "found " + ctx.method()));
    }

    @AllModes
    void path_parameters_are_matched_and_decoded(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            assertThat(s.get("/users/a%20b/posts/7").body()).isEqualTo("a b|7|{id=a b, post=7}");
            assertThat(s.get("/users/42").body()).isEqualTo("user 42");
            assertThat(s.get("/users/me").body()).as("static routes win").isEqualTo("static");
        }
    }

    @AllModes
    void a_parameter_matches_one_whole_non_empty_segment(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            assertThat(s.get("/users/").statusCode()).isEqualTo(404);
            assertThat(s.get("/users/1/2").statusCode()).isEqualTo(404);
        }
    }

    @AllModes
    void query_parameters_are_decoded_in_order(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            assertThat(s.get("/query?a=1&b=x%20y+z&a=2&c=").body())
                    .isEqualTo("1|{a=[1, 2], b=[x y z], c=[]}|a=1&b=x%20y+z&a=2&c=|null");
        }
    }

    @AllModes
    void request_headers_are_read_case_insensitively(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request("GET /headers HTTP/1.1\r\nHost: test\r\nX-Lower: v1\r\nx-multi: a\r\nX-MULTI: b\r\n\r\n");
            assertThat(r.bodyText()).isEqualTo("v1|v1|[a, b]");
        }
    }

    @AllModes
    void unknown_path_is_404(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.get("/nowhere"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).isEqualTo("404 Not Found\n");
            assertThat(r.header("Allow")).isNull();
        }
    }

    @AllModes
    void wrong_method_is_405_with_allow(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawResponse r = s.connect().request(RawClient.post("/users/7", "x"));
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, PUT");

            var get = s.get("/only-post");
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).hasValue("OPTIONS, POST");
        }
    }

    @AllModes
    void options_is_answered_204_with_allow(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            RawClient client = s.connect();
            RawResponse r = client.request("OPTIONS /users/7 HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, PUT");
            assertThat(r.header("Content-Length")).as("a 204 has no body and no framing").isNull();
            if (s.keepsAlive()) {
                assertThat(client.request(RawClient.get("/users/8")).bodyText()).isEqualTo("user 8");
            }
            assertThat(s.connect().request("OPTIONS /nowhere HTTP/1.1\r\nHost: test\r\n\r\n").status()).isEqualTo(404);
        }
    }

    @AllModes
    void any_method_token_can_be_routed(Mode mode) throws Exception {
        try (ServerHarness s = start(mode)) {
            var r = s.send(HttpRequest.newBuilder(s.uri("/dav")).method("PROPFIND", BodyPublishers.noBody()));
            assertThat(r.body()).isEqualTo("found PROPFIND");
        }
    }
}
