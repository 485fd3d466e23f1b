package io.hayate.dns;

/**
 * Counters of a {@link Resolver} since it was created.
 *
 * @param lookups           calls to {@code resolve}/{@code resolveBlocking} that needed DNS (not literals or hosts)
 * @param cacheHits         DNS questions answered from the cache (positive or negative)
 * @param udpQueries        datagrams sent
 * @param tcpQueries        TCP exchanges, one per truncated UDP answer
 * @param timeouts          tries that got no usable reply in time
 * @param coalesced         questions that joined an identical query already in flight instead of sending one
 * @param discardedReplies  datagrams dropped because they did not match the query (id, question) or did not decode
 */
public record ResolverStats(long lookups, long cacheHits, long udpQueries, long tcpQueries, long timeouts,
                            long coalesced, long discardedReplies) {
}
