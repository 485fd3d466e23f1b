package io.hayate.client;

import io.hayate.http.Headers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One HTTP request: method, URI, headers, body and options. Immutable: every {@code withX} returns a copy, so one
 * request may be sent many times and from many threads.
 *
 * {@snippet :
 * ClientRequest get = ClientRequest.get("http://127.0.0.1:8000/");
 * ClientRequest post = ClientRequest.post("http://127.0.0.1:8000/items", RequestBody.of("{\"id\": 1}"))
 *         .withHeader("Content-Type", "application/json")
 *         .withTimeout(Duration.ofSeconds(5));
 * ClientRequest overUnixSocket = ClientRequest.get("http+unix://%2Ftmp%2Fapp.sock/health");
 * ClientRequest sameAgain = ClientRequest.get("http://localhost/health").withUnixSocket(Path.of("/tmp/app.sock"));
 * }
 *
 * <p>URIs are {@code http://host[:port]/path?query} (also {@code ws://} for WebSockets), or a UNIX domain socket:
 * {@code http+unix://} with the socket's path percent-encoded as the authority, or a TCP-style URI plus
 * {@link #withUnixSocket}. {@code https} is refused at creation: TLS is not supported yet.
 *
 * <p>{@code Host}, {@code Content-Length} and {@code Transfer-Encoding} come from the URI and the body, never from
 * the headers given here. The client adds {@code User-Agent} and {@code Accept-Encoding} unless set.
 */
public final class ClientRequest {
    private final String method;
    private final URI uri;
    private final Headers headers;
    private final RequestBody body;
    private final Duration timeout;
    private final Path unixSocket;
    final Origin origin;
    final String target;

    private ClientRequest(String method, URI uri, Headers headers, RequestBody body, Duration timeout, Path unixSocket) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = headers;
        this.body = Objects.requireNonNull(body, "body");
        this.timeout = timeout;
        this.unixSocket = unixSocket;
        this.origin = Origin.of(uri, unixSocket);
        this.target = Origin.target(uri);
        if (method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("method '" + method + "' is not a token (RFC 9110 §9.1)");
        }
    }

    /** A request with any method, e.g. {@code of("PROPFIND", uri, RequestBody.empty())}. */
    public static ClientRequest of(String method, URI uri, RequestBody body) {
        return new ClientRequest(method, uri, new Headers(), body, null, null);
    }

    public static ClientRequest of(String method, String uri, RequestBody body) {
        return of(method, URI.create(uri), body);
    }

    public static ClientRequest get(String uri) {
        return of("GET", uri, RequestBody.empty());
    }

    public static ClientRequest get(URI uri) {
        return of("GET", uri, RequestBody.empty());
    }

    public static ClientRequest head(String uri) {
        return of("HEAD", uri, RequestBody.empty());
    }

    public static ClientRequest delete(String uri) {
        return of("DELETE", uri, RequestBody.empty());
    }

    public static ClientRequest post(String uri, RequestBody body) {
        return of("POST", uri, body);
    }

    public static ClientRequest put(String uri, RequestBody body) {
        return of("PUT", uri, body);
    }

    /** A copy with header {@code name: value} added after the others (checked: a token name, no CR/LF/NUL). */
    public ClientRequest withHeader(String name, String value) {
        Headers h = copyHeaders();
        h.add(name, value);
        return new ClientRequest(method, uri, h, body, timeout, unixSocket);
    }

    /** A copy without any header called {@code name}. */
    public ClientRequest withoutHeader(String name) {
        Headers h = copyHeaders();
        h.remove(name);
        return new ClientRequest(method, uri, h, body, timeout, unixSocket);
    }

    /** A copy with another body. */
    public ClientRequest withBody(RequestBody body) {
        return new ClientRequest(method, uri, headers, body, timeout, unixSocket);
    }

    /** A copy with another method and body (as a 303 redirect makes of a POST). */
    public ClientRequest withMethod(String method, RequestBody body) {
        return new ClientRequest(method, uri, headers, body, timeout, unixSocket);
    }

    /** A copy for another URI, over the same UNIX socket if one was set ({@code withUnixSocket(null)} drops it). */
    public ClientRequest withUri(URI uri) {
        return new ClientRequest(method, uri, headers, body, timeout, unixSocket);
    }

    /** A copy whose whole exchange must finish within {@code timeout} (overrides {@link ClientConfig#requestTimeout()}). */
    public ClientRequest withTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a request timeout must be positive, got " + timeout);
        }
        return new ClientRequest(method, uri, headers, body, timeout, unixSocket);
    }

    /** A copy sent over the UNIX domain socket at {@code socket}; the URI still gives the path and the Host header. */
    public ClientRequest withUnixSocket(Path socket) {
        return new ClientRequest(method, uri, headers, body, timeout, socket);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    /** A copy of the headers. */
    public Headers headers() {
        return copyHeaders();
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    Headers headersView() {
        return headers;
    }

    public RequestBody body() {
        return body;
    }

    /** The request's own timeout, or {@code null} for the client's. */
    public Duration timeout() {
        return timeout;
    }

    /** The UNIX socket set with {@link #withUnixSocket}, or {@code null}. */
    public Path unixSocket() {
        return unixSocket;
    }

    private Headers copyHeaders() {
        Headers h = new Headers();
        headers.forEach(h::add);
        return h;
    }

    @Override
    public String toString() {
        return method + " " + uri + (unixSocket != null ? " via " + unixSocket : "");
    }
}
