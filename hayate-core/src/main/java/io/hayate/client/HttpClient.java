package io.hayate.client;

import io.hayate.loop.LoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP/1.1 client on Hayate's event loops, with keep-alive connection pools, timeouts, retries, redirects,
 * decompression, concurrency limits and rate limits; and WebSockets.
 *
 * {@snippet :
 * try (HttpClient client = HttpClient.create()) {
 *     // blocking: cheap on a virtual thread
 *     ClientResponse r = client.sendBlocking(ClientRequest.get("http://127.0.0.1:8000/"));
 *     System.out.println(r.bodyAsString());
 *
 *     // the article's asyncio.Semaphore(3) + gather: 9 requests, at most 3 at a time, results in order
 *     HttpClient three = client.limit(3);
 *     List<ClientRequest> requests = Collections.nCopies(9, ClientRequest.get("http://127.0.0.1:8000/"));
 *     for (Outcome<ClientResponse> o : three.gatherBlocking(requests)) {
 *         System.out.println(o.isSuccess() ? o.value().bodyAsString() : "failed: " + o.failure());
 *     }
 * }
 * }
 *
 * <p><b>Two faces.</b> Every operation returns a {@link CompletableFuture} for event-loop code, and has a blocking
 * twin ({@code xxxBlocking}) for plain code. Neither holds a thread while waiting for the network: requests are
 * queued, timed and answered by the loops; a blocking call only parks its caller, which costs next to nothing on a
 * virtual thread. Host names are resolved by Hayate's DNS resolver on the same loops, without a thread.
 *
 * <p><b>Threading.</b> All methods are safe from any thread. Futures complete on a loop thread of the client, so
 * continuations attached without an executor run there and must not block (one attached to a future that is
 * already complete runs on the attaching thread, as always with {@link CompletableFuture}). Blocking methods throw
 * {@link IllegalStateException} when called on a loop thread (Hayate's or the client's own), where waiting would
 * stall every connection of that loop.
 *
 * <p><b>Connections.</b> Each origin (scheme, host and port, or UNIX socket) has a pool of keep-alive connections,
 * at most {@link ClientConfig#maxConnectionsPerOrigin()}; requests beyond wait in arrival order. An idle connection
 * is closed after {@link ClientConfig#idleTimeout()}, or at once when the server closes it. An origin's connections
 * live on one loop of the client, chosen when the origin is first used.
 *
 * <p><b>Failures.</b> Futures fail with an {@link IOException}: {@link ConnectTimeoutException},
 * {@link ResponseTimeoutException}, {@link RequestTimeoutException}, {@link MalformedResponseException},
 * {@link ConnectionClosedException}, {@link TooManyRedirectsException}, {@link java.net.ConnectException},
 * {@link java.net.UnknownHostException}. An idempotent request that failed before any byte of a response arrived is
 * re-sent up to {@link ClientConfig#retries()} times with exponential backoff; a pooled connection that turns out to
 * be closed by the server is replaced at once, without counting as a retry. A status such as 404 or 500 is a
 * response, not a failure.
 */
public interface HttpClient extends AutoCloseable {

    /** A client with {@link ClientConfig#defaults()}. Close it to stop its loop. */
    static HttpClient create() {
        return create(ClientConfig.defaults());
    }

    /** A client with its own loops ({@code hayate-client-N}, daemon threads), stopped by {@link #close()}. */
    static HttpClient create(ClientConfig config) {
        return new LoopHttpClient(null, config);
    }

    /**
     * A client on existing loops, e.g. a server's, so a handler on a loop continues on its own thread. The loops stay
     * the caller's to close (after the client).
     */
    static HttpClient create(LoopGroup loops, ClientConfig config) {
        return new LoopHttpClient(java.util.Objects.requireNonNull(loops, "loops"), config);
    }

    /** Sends {@code request} and collects the whole response body (at most {@link ClientConfig#maxResponseBody()}). */
    CompletableFuture<ClientResponse> send(ClientRequest request);

    /** {@link #send} and wait. */
    ClientResponse sendBlocking(ClientRequest request) throws IOException, InterruptedException;

    /** A GET of {@code uri}. */
    default CompletableFuture<ClientResponse> get(String uri) {
        return send(ClientRequest.get(uri));
    }

    /** A GET of {@code uri}, waiting for the response. */
    default ClientResponse getBlocking(String uri) throws IOException, InterruptedException {
        return sendBlocking(ClientRequest.get(uri));
    }

    /**
     * Sends {@code request} and writes the body (decompressed) to {@code file}, replacing it, as it arrives; the
     * response's {@link ClientResponse#file()} names it and its body is empty. On failure the file may hold part of
     * the body.
     */
    CompletableFuture<ClientResponse> download(ClientRequest request, Path file);

    /** {@link #download} and wait. */
    ClientResponse downloadBlocking(ClientRequest request, Path file) throws IOException, InterruptedException;

    /**
     * Sends {@code request}; the future completes when the response head arrived, and the body is read from the
     * {@link StreamingResponse} with backpressure. The request timeout, if any, stops at the head.
     */
    CompletableFuture<StreamingResponse> stream(ClientRequest request);

    /** {@link #stream} and wait for the head. */
    StreamingResponse streamBlocking(ClientRequest request) throws IOException, InterruptedException;

    /**
     * Sends every request (through this client's limits) and completes when all are done, with one {@link Outcome}
     * per request in the order given: a failed request is reported in its slot and never fails the batch (like
     * {@code asyncio.gather(..., return_exceptions=True)}).
     */
    CompletableFuture<List<Outcome<ClientResponse>>> gather(List<ClientRequest> requests);

    /** {@link #gather} and wait. */
    List<Outcome<ClientResponse>> gatherBlocking(List<ClientRequest> requests) throws InterruptedException;

    /**
     * A view of this client that runs at most {@code permits} requests at once, like {@code asyncio.Semaphore}:
     * more wait in arrival order, queued without a thread. A permit is held from the moment a request is admitted
     * until its response is complete (a stream: read to the end or closed). Views share the connection pools; a
     * view of a view obeys both limits. Closing a view closes nothing.
     */
    HttpClient limit(int permits);

    /**
     * Opens a WebSocket (RFC 6455) with {@code request} (a GET of a {@code ws://} or {@code http://} URI; a
     * {@code Sec-WebSocket-Protocol} header offers subprotocols) in the callback style: {@code listener} runs on the
     * loop. The future completes after the handshake, when {@link ClientWebSocketListener#onOpen} has run.
     */
    CompletableFuture<ClientWebSocket> webSocket(ClientRequest request, ClientWebSocketListener listener);

    /** Opens a WebSocket in the blocking style: read messages with {@link ClientWebSocket#receive()}. */
    ClientWebSocket webSocketBlocking(ClientRequest request) throws IOException, InterruptedException;

    /** The settings this client was built with. */
    ClientConfig config();

    /** Counters since creation (shared by all views). */
    ClientStats stats();

    /**
     * Fails requests in flight and waiting with {@link ClientException} ("client closed"), closes every connection,
     * and stops the client's own loops. Idempotent. On a view, does nothing.
     */
    @Override
    void close();
}
