package io.hayate.client;

/**
 * A snapshot of a client's counters.
 *
 * @param connectionsOpened connections established since creation (a pooled connection that is reused counts once)
 * @param openConnections   connections open now, busy or idle in a pool
 * @param idleConnections   connections waiting in a pool for their next request
 * @param requests          requests sent on the wire, retries and redirects included
 * @param retries           re-sends after a failure or a {@code Retry-After}
 * @param redirects         redirects followed
 * @param threads           platform threads the client started (its loops); requests start none (a streamed
 *                          request body is read by a virtual thread)
 */
public record ClientStats(long connectionsOpened, int openConnections, int idleConnections, long requests, long retries,
                          long redirects, int threads) {}
