/**
 * Hayate's HTTP/1.1 and WebSocket client, on the same event loops and codecs as the server.
 *
 * <ul>
 *   <li>{@link io.hayate.client.HttpClient}: {@code send} / {@code sendBlocking}, {@code stream}, {@code download},
 *       {@code gather}, {@code limit(n)}, {@code webSocket}; created with a {@link io.hayate.client.ClientConfig}
 *       (timeouts, pool size, retries, redirects, decompression, {@link io.hayate.client.RateLimit}).</li>
 *   <li>{@link io.hayate.client.ClientRequest} with a {@link io.hayate.client.RequestBody}; answered by a
 *       {@link io.hayate.client.ClientResponse} or a {@link io.hayate.client.StreamingResponse}; batches report an
 *       {@link io.hayate.client.Outcome} per request.</li>
 *   <li>{@link io.hayate.client.ClientWebSocket}, blocking or with a
 *       {@link io.hayate.client.ClientWebSocketListener}.</li>
 *   <li>Failures: {@link io.hayate.client.ClientException} and its kinds (timeouts, malformed responses, closed
 *       connections, redirects), plus the JDK's {@link java.net.ConnectException} and
 *       {@link java.net.UnknownHostException}.</li>
 * </ul>
 *
 * <p><b>How it works.</b> Each origin has a pool on one loop ({@code OriginPool}); a {@code ClientConnection}
 * writes a request with {@link io.hayate.http.RequestEncoder} and reads the answer with
 * {@link io.hayate.http.ResponseParser}; an {@code Exchange} carries one request through permits, the rate limit,
 * retries and redirects to its target (memory, file, stream). Host names go through {@link io.hayate.dns.Resolver}
 * on the same loops. Waiting (for a permit, a token, a backoff, a connection, the network) is a queued task or a
 * loop timer, never a thread; the only thread a request may start is the virtual thread that pulls a
 * {@link io.hayate.client.RequestBody#ofStream stream body} from its {@code InputStream}.
 */
package io.hayate.client;
