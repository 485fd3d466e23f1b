package io.hayate.dns;

import io.hayate.loop.LoopGroup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves host names to IP addresses with DNS over UDP on Hayate's event loops, without a thread per lookup.
 *
 * <p>For each host: an IP literal comes back as is, without a query; then the hosts table; then {@code localhost}
 * and names under {@code .localhost} resolve to loopback (RFC 6761 §6.3); then DNS. DNS walks the search list the
 * way resolv.conf(5) describes ({@code ndots}, trailing dot = absolute), asks A and AAAA in parallel and merges
 * them in the configured {@link AddressOrder}. Each question goes to the nameservers in turn: {@code timeout} per
 * try, {@code attempts} rounds; a server that times out or fails is skipped by later queries until another
 * fails. A truncated UDP answer is asked again over TCP. Answers are cached by TTL, negative ones by the SOA
 * minimum (RFC 2308); identical questions in flight share one query. Failures are {@link DnsException}s whose
 * {@link DnsException#kind() kind} tells NXDOMAIN, SERVFAIL, TIMEOUT, REFUSED and the rest apart.
 *
 * <p><b>Threading.</b> All methods are safe from any thread. Queries run on a loop: when {@link #resolve} is
 * called on a Hayate loop thread, on that loop, and the returned future completes on it, so a client continues on
 * its own loop without a hand-off; from any other thread, on one of the resolver's loops, and callbacks run on
 * that loop thread (they must not block). A future for an answer known without a query (literal, hosts table,
 * cache, on a loop) may already be complete. Resolving creates no thread. {@link #resolveBlocking} parks the
 * caller, which costs next to nothing on a virtual thread.
 *
 * <p><b>Defaults</b> come from {@code /etc/resolv.conf} via {@link ResolverConfig#system()}: timeout 5 s,
 * attempts 2, ndots 1, as in resolv.conf(5).
 *
 * {@snippet :
 * try (LoopGroup loops = new LoopGroup(1);
 *      Resolver resolver = Resolver.create(loops, ResolverConfig.system())) {
 *     List<InetAddress> addresses = resolver.resolveBlocking("example.com");
 *     resolver.resolve("example.org").thenAccept(list -> System.out.println(list)); // on the loop thread
 * }
 * }
 */
public interface Resolver extends AutoCloseable {

    /**
     * A resolver that runs its queries on {@code loops}, which stay the caller's to close (after the resolver).
     */
    static Resolver create(LoopGroup loops, ResolverConfig config) {
        return new LoopResolver(loops, false, config, System::nanoTime);
    }

    /**
     * A resolver with a loop of its own, named {@code hayate-dns-0}, started now and stopped by {@link #close()}.
     * Close it: the loop thread is not a daemon thread and keeps the JVM running.
     */
    static Resolver create(ResolverConfig config) {
        return new LoopResolver(new LoopGroup(1, "hayate-dns"), true, config, System::nanoTime);
    }

    /**
     * The addresses of {@code host} in the configured order, never empty. Completes exceptionally with a
     * {@link DnsException}; never blocks.
     */
    CompletableFuture<List<InetAddress>> resolve(String host);

    /** Like {@link #resolve(String)} with another family choice and order for this call. */
    CompletableFuture<List<InetAddress>> resolve(String host, AddressOrder order);

    /**
     * Resolves {@code host} and waits. Cheap on a virtual thread.
     *
     * @throws DnsException          when the name does not resolve (an {@link UnknownHostException})
     * @throws UnknownHostException  when the waiting thread is interrupted (its interrupt flag stays set)
     * @throws IllegalStateException when called on a thread of this resolver's loops, which would wait for itself
     */
    List<InetAddress> resolveBlocking(String host) throws UnknownHostException;

    /** Like {@link #resolveBlocking(String)} with another family choice and order for this call. */
    List<InetAddress> resolveBlocking(String host, AddressOrder order) throws UnknownHostException;

    /** The configuration this resolver was built with. */
    ResolverConfig config();

    /** Counters since creation. */
    ResolverStats stats();

    /**
     * Fails lookups in flight with {@link DnsException.Kind#CLOSED}, closes their sockets and, for a resolver
     * made by {@link #create(ResolverConfig)}, stops its loop. Later calls fail the same way. Idempotent.
     */
    @Override
    void close();
}
