package io.hayate.server;

/**
 * A snapshot of a server's counters.
 *
 * @param openConnections connections open now
 * @param acceptedConnections connections accepted since start
 * @param requests requests whose response was sent
 * @param inFlight requests being handled now
 * @param protocolErrors requests rejected with a 4xx/5xx by the codec (bad framing, limits, timeouts)
 * @param handlerErrors handler exceptions answered with 500
 * @param threads threads this server started and still runs (loops and platform workers; virtual threads excluded)
 */
public record ServerStats(int openConnections, long acceptedConnections, long requests, int inFlight,
                          long protocolErrors, long handlerErrors, int threads) {}
