package io.hayate.dns;

import io.hayate.loop.Loop;
import io.hayate.loop.LoopGroup;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The {@link Resolver} on Hayate loops: the cache, hosts table, statistics and nameserver preference are shared;
 * each loop that runs queries gets its own {@link InflightQueries}.
 */
final class LoopResolver implements Resolver {
    /** The longest host name in text form, without the trailing dot (RFC 1035 §2.3.4 less the length octets). */
    static final int MAX_NAME_LENGTH = 253;

    final ResolverConfig config;
    final DnsCache cache;
    final LongAdder cacheHits = new LongAdder();
    final LongAdder udpQueries = new LongAdder();
    final LongAdder tcpQueries = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder coalesced = new LongAdder();
    final LongAdder discardedReplies = new LongAdder();
    private final LongAdder lookups = new LongAdder();
    private final LoopGroup loops;
    private final boolean ownsLoops;
    private final Map<Loop, InflightQueries> perLoop = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger preferredServer = new AtomicInteger();
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile boolean closed;

    LoopResolver(LoopGroup loops, boolean ownsLoops, ResolverConfig config, LongSupplier nanoClock) {
        this.loops = java.util.Objects.requireNonNull(loops, "loops");
        this.ownsLoops = ownsLoops;
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.cache = new DnsCache(config.cacheSize(), nanoClock);
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        return resolve(host, config.order());
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host, AddressOrder order) {
        Loop current = Loop.current();
        return resolve(host, order, current != null && !current.isStopping() ? current : loops.next());
    }

    @Override
    public List<InetAddress> resolveBlocking(String host) throws UnknownHostException {
        return resolveBlocking(host, config.order());
    }

    @Override
    public List<InetAddress> resolveBlocking(String host, AddressOrder order) throws UnknownHostException {
        Loop current = Loop.current();
        if (current != null && loops.loops().contains(current)) {
            throw new IllegalStateException("resolveBlocking(\"" + host + "\") on " + current.name()
                    + " would wait for its own loop; use resolve() there");
        }
        CompletableFuture<List<InetAddress>> future = resolve(host, order, loops.next());
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            UnknownHostException u = new UnknownHostException(host + ": interrupted while resolving");
            u.initCause(e);
            throw u;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DnsException d) {
                throw d.withCallerStack();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("resolving " + host + " failed", cause);
        }
    }

    private CompletableFuture<List<InetAddress>> resolve(String host, AddressOrder order, Loop loop) {
        java.util.Objects.requireNonNull(host, "host");
        java.util.Objects.requireNonNull(order, "order");
        if (closed) {
            return CompletableFuture.failedFuture(new DnsException(DnsException.Kind.CLOSED, host, null, null));
        }
        InetAddress literal = IpLiteral.parse(host);
        if (literal != null) {
            return CompletableFuture.completedFuture(List.of(literal));
        }
        String name;
        try {
            name = asciiName(host);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new DnsException(DnsException.Kind.BAD_NAME, host, null, e.getMessage()));
        }
        List<InetAddress> local = localAddresses(host, name, order);
        if (!local.isEmpty()) {
            return CompletableFuture.completedFuture(local);
        }
        lookups.increment();
        boolean absolute = host.endsWith(".");
        List<String> candidates = HostLookup.candidates(name, absolute, config.search(), config.ndots());
        CompletableFuture<List<InetAddress>> future = new CompletableFuture<>();
        if (loop.inLoop()) {
            new HostLookup(queriesOn(loop), host, candidates, order, future).start();
        } else {
            try {
                loop.execute(() -> new HostLookup(queriesOn(loop), host, candidates, order, future).start());
            } catch (RejectedExecutionException e) {
                future.completeExceptionally(new DnsException(DnsException.Kind.CLOSED, host, null, loop.name() + " has stopped"));
            }
        }
        return future;
    }

    /**
     * {@code host} as a DNS name: ASCII (IDNA, RFC 3490), lower case, no trailing dot, every label 1..63
     * characters, at most 253 in all.
     */
    static String asciiName(String host) {
        String ascii = host;
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) > 0x7F) {
                ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
                break;
            }
        }
        String name = DnsCodec.canonical(ascii);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_NAME_LENGTH + " characters");
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0 || length > 63) {
                    throw new IllegalArgumentException(length == 0 ? "empty label" : "label longer than 63 characters");
                }
                labelStart = i + 1;
            } else if (c <= 0x20 || c >= 0x7F || c == '\\') {
                throw new IllegalArgumentException("character 0x" + Integer.toHexString(c) + " is not allowed in a host name");
            }
        }
        return name;
    }

    /** Addresses from the hosts table or for localhost (RFC 6761 §6.3), in {@code order}; empty for DNS. */
    private List<InetAddress> localAddresses(String host, String name, AddressOrder order) {
        List<InetAddress> listed = config.hosts().lookup(name);
        if (listed.isEmpty() && (name.equals("localhost") || name.endsWith(".localhost"))) {
            listed = List.of(IpLiteral.parse("127.0.0.1"), IpLiteral.parse("::1"));
        }
        if (listed.isEmpty()) {
            return List.of();
        }
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        for (InetAddress a : listed) {
            if (a instanceof Inet4Address && order.wantsIpv4()) {
                v4.add(IpLiteral.withName(host, a));
            } else if (a instanceof Inet6Address && order.wantsIpv6()) {
                v6.add(IpLiteral.withName(host, a));
            }
        }
        List<InetAddress> result = new ArrayList<>(v4.size() + v6.size());
        result.addAll(order == AddressOrder.IPV6_FIRST ? v6 : v4);
        result.addAll(order == AddressOrder.IPV6_FIRST ? v4 : v6);
        return List.copyOf(result);
    }

    /** The queries of {@code loop}, created on first use. Loop thread only. */
    private InflightQueries queriesOn(Loop loop) {
        InflightQueries q = perLoop.get(loop);
        if (q == null) {
            q = new InflightQueries(this, loop);
            perLoop.put(loop, q);
            if (closed) {
                q.close();
            }
            loop.terminated().thenRun(() -> perLoop.remove(loop));
        }
        return q;
    }

    /** A random query id (RFC 5452 §9.2). */
    int nextId() {
        return random.nextInt(1 << 16);
    }

    /** Where a new query starts: the next server round-robin with {@code rotate}, else the preferred one. */
    int firstServer() {
        int n = config.nameservers().size();
        return config.rotate() ? Math.floorMod(rotation.getAndIncrement(), n) : Math.floorMod(preferredServer.get(), n);
    }

    /** Server {@code index} failed a try: if it was the preferred one, later queries start at the next. */
    void serverFailed(int index) {
        preferredServer.compareAndSet(index, (index + 1) % config.nameservers().size());
    }

    @Override
    public ResolverConfig config() {
        return config;
    }

    @Override
    public ResolverStats stats() {
        return new ResolverStats(lookups.sum(), cacheHits.sum(), udpQueries.sum(), tcpQueries.sum(), timeouts.sum(),
                coalesced.sum(), discardedReplies.sum());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Map.Entry<Loop, InflightQueries> e : perLoop.entrySet()) {
            try {
                e.getKey().execute(e.getValue()::close);
            } catch (RejectedExecutionException stopped) {
                // its channels closed with it
            }
        }
        if (ownsLoops) {
            Loop current = Loop.current();
            if (current != null && loops.loops().contains(current)) {
                loops.loops().forEach(Loop::close); // waiting here for our own loop to end would wait forever
            } else {
                loops.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Resolver" + config.nameservers() + stats();
    }
}
