package io.hayate.server;

import io.hayate.http.Headers;
import io.hayate.loop.Loop;
import io.hayate.loop.Timer;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One request and the response being built for it.
 *
 * <p>Getters read the request; {@link #status(int)}, {@link #header(String, String)}, {@link #contentType},
 * {@link #text}, {@link #html}, {@link #bytes} and {@link #file} build the response. A handler may also just return
 * the body (see {@link Handler}).
 *
 * <p><b>Threading.</b> A context belongs to one request. It is safe to use from the thread running the handler, and
 * from whichever thread completes the handler's {@link CompletionStage}; not from two threads at once.
 */
public interface Context {

    // ------------------------------------------------------------------ request

    /** The method, e.g. {@code GET}. A {@code HEAD} request served by a {@code GET} route still says {@code HEAD}. */
    String method();

    /** The decoded, normalised path, e.g. {@code /users/42}. */
    String path();

    /** The request target exactly as received, e.g. {@code /users/42?x=1}. */
    String target();

    /** {@code HTTP/1.0} or {@code HTTP/1.1}. */
    String protocol();

    /** The raw query string (after {@code ?}, still encoded), or {@code null}. */
    String queryString();

    /** The first value of query parameter {@code name}, decoded, or {@code null}. */
    String queryParam(String name);

    /** Every query parameter, decoded, in order of first appearance. */
    Map<String, List<String>> queryParams();

    /** The path segment matched by {@code {name}} in the route, decoded. */
    String pathParam(String name);

    /** Every path parameter of the matched route. */
    Map<String, String> pathParams();

    /** The first value of request header {@code name} (case-insensitive), or {@code null}. */
    String header(String name);

    /** All request headers, in the order received. */
    Headers headers();

    /** The request body; empty when there is none. */
    byte[] body();

    /** The request body decoded with the charset of its {@code Content-Type}, UTF-8 by default. */
    String bodyAsString();

    /** The first value of form field {@code name} of an {@code application/x-www-form-urlencoded} body, or {@code null}. */
    String formParam(String name);

    /** Every field of an {@code application/x-www-form-urlencoded} body. */
    Map<String, List<String>> formParams();

    /** The client's address: an {@code InetSocketAddress}, or a {@code UnixDomainSocketAddress} on a UNIX socket. */
    SocketAddress remoteAddress();

    // ------------------------------------------------------------------ response

    /** Sets the response status (default 200). */
    Context status(int status);

    /** The response status set so far. */
    int status();

    /** Sets a response header, replacing earlier values. {@code Content-Type} is the same as {@link #contentType}. */
    Context header(String name, String value);

    /** Adds a response header after earlier values of the same name. */
    Context addHeader(String name, String value);

    /** Sets the response content type. */
    Context contentType(String contentType);

    /** Sends {@code text} as UTF-8, {@code text/plain; charset=utf-8} unless a content type was set. */
    Context text(String text);

    /** Sends {@code html} as UTF-8 with {@code text/html; charset=utf-8}. */
    Context html(String html);

    /** Sends {@code bytes} as is, {@code application/octet-stream} unless a content type was set. */
    Context bytes(byte[] bytes);

    /**
     * Sends a file with zero-copy {@code transferTo}, with a content type guessed from its name unless one was set.
     * A file that cannot be read is answered 404.
     */
    Context file(Path file);

    // ------------------------------------------------------------------ time and threads

    /**
     * Runs {@code task} on the event loop after {@code delay}, whatever the response does meanwhile: the article's
     * {@code call_later(5, read)}. The task must not block.
     */
    Timer later(Duration delay, Runnable task);

    /**
     * A stage completed on the event loop after {@code delay}: waiting without holding any thread. Return
     * {@code ctx.delay(d).thenApply(x -> body)} from a handler to answer later.
     */
    CompletionStage<Void> delay(Duration delay);

    /** The event loop that owns this request's connection (in {@link Mode#BLOCKING}, the server's timer loop). */
    Loop loop();

    /** The mode this request is handled in. */
    Mode mode();
}
