package io.hayate.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Resolver} needs to know, immutable. Start from {@link #system()} (the machine's
 * {@code /etc/resolv.conf} and {@code /etc/hosts}) or {@link #defaults()}, and change fields with the
 * {@code withXxx} methods.
 *
 * <table>
 *   <caption>Fields and defaults</caption>
 *   <tr><th>Field</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>nameservers</td><td>127.0.0.1:53</td><td>servers to ask, in order; any port</td></tr>
 *   <tr><td>search</td><td>none</td><td>domains appended to short names (resolv.conf(5) {@code search})</td></tr>
 *   <tr><td>ndots</td><td>1</td><td>a name with at least this many dots is tried as-is before the search list</td></tr>
 *   <tr><td>timeout</td><td>5 s</td><td>wait for one server's reply before trying the next</td></tr>
 *   <tr><td>attempts</td><td>2</td><td>rounds over all servers before giving up</td></tr>
 *   <tr><td>rotate</td><td>false</td><td>start each query at the next server, round-robin</td></tr>
 *   <tr><td>hosts</td><td>empty</td><td>static table consulted before DNS</td></tr>
 *   <tr><td>order</td><td>{@link AddressOrder#IPV4_FIRST}</td><td>families asked for and their order</td></tr>
 *   <tr><td>ednsPayloadSize</td><td>0 (no EDNS)</td><td>UDP payload advertised with EDNS; 0 keeps the classic
 *       512-byte limit, larger answers come over TCP</td></tr>
 *   <tr><td>cacheSize</td><td>4096</td><td>cached answers (per name and type), least recently used evicted; 0 disables</td></tr>
 *   <tr><td>maxTtl</td><td>1 day</td><td>cap on how long a positive answer is cached</td></tr>
 *   <tr><td>maxNegativeTtl</td><td>1 hour</td><td>cap on how long NXDOMAIN/NODATA is cached (RFC 2308 §5)</td></tr>
 *   <tr><td>negativeTtlWithoutSoa</td><td>0</td><td>how long to cache a negative answer that carries no SOA;
 *       RFC 2308 §5 says such answers SHOULD NOT be cached</td></tr>
 * </table>
 */
public record ResolverConfig(List<InetSocketAddress> nameservers, List<String> search, int ndots, Duration timeout,
                             int attempts, boolean rotate, HostsFile hosts, AddressOrder order, int ednsPayloadSize,
                             int cacheSize, Duration maxTtl, Duration maxNegativeTtl, Duration negativeTtlWithoutSoa) {
    /** The DNS port. */
    public static final int DNS_PORT = 53;
    /** The payload advertised when resolv.conf says {@code options edns0}: the DNS Flag Day 2020 value. */
    public static final int DEFAULT_EDNS_PAYLOAD = 1232;

    public ResolverConfig {
        nameservers = List.copyOf(nameservers);
        if (nameservers.isEmpty()) {
            throw new IllegalArgumentException("a resolver needs at least one nameserver");
        }
        for (InetSocketAddress ns : nameservers) {
            if (ns.isUnresolved()) {
                throw new IllegalArgumentException("nameservers must be IP addresses, got unresolved " + ns);
            }
        }
        search = search.stream().map(DnsCodec::canonical).toList();
        if (ndots < 0 || ndots > 15) {
            throw new IllegalArgumentException("ndots must be 0..15, got " + ndots);
        }
        requirePositive(timeout, "timeout");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(order, "order");
        if (ednsPayloadSize != 0 && (ednsPayloadSize < DnsCodec.CLASSIC_UDP_SIZE || ednsPayloadSize > 65535)) {
            throw new IllegalArgumentException("ednsPayloadSize must be 0 (no EDNS) or 512..65535, got " + ednsPayloadSize);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must be >= 0, got " + cacheSize);
        }
        requireNotNegative(maxTtl, "maxTtl");
        requireNotNegative(maxNegativeTtl, "maxNegativeTtl");
        requireNotNegative(negativeTtlWithoutSoa, "negativeTtlWithoutSoa");
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    private static void requireNotNegative(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + d);
        }
    }

    /** The defaults in the table above; reads no file. */
    public static ResolverConfig defaults() {
        return from(ResolvConf.defaults(), HostsFile.empty());
    }

    /**
     * The machine's configuration: {@code /etc/resolv.conf} and {@code /etc/hosts}, each missing file standing in
     * with its defaults.
     *
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    public static ResolverConfig system() {
        try {
            return from(ResolvConf.read(ResolvConf.SYSTEM_PATH), HostsFile.read(HostsFile.SYSTEM_PATH));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the system's resolver configuration", e);
        }
    }

    /** The configuration {@code conf} and {@code hosts} describe, other fields at their defaults. */
    public static ResolverConfig from(ResolvConf conf, HostsFile hosts) {
        return new ResolverConfig(conf.nameservers().stream().map(a -> new InetSocketAddress(a, DNS_PORT)).toList(),
                conf.search(), conf.ndots(), conf.timeout(), conf.attempts(), conf.rotate(), hosts,
                AddressOrder.IPV4_FIRST, conf.edns0() ? DEFAULT_EDNS_PAYLOAD : 0, 4096, Duration.ofDays(1),
                Duration.ofHours(1), Duration.ZERO);
    }

    /** Nameservers on any port, e.g. {@code new InetSocketAddress("127.0.0.1", 5353)}. */
    public ResolverConfig withNameservers(List<InetSocketAddress> nameservers) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    /** Nameservers on any port. */
    public ResolverConfig withNameservers(InetSocketAddress... nameservers) {
        return withNameservers(Arrays.asList(nameservers));
    }

    /** Nameservers on port 53. */
    public ResolverConfig withNameservers(InetAddress... nameservers) {
        return withNameservers(Arrays.stream(nameservers).map(a -> new InetSocketAddress(a, DNS_PORT)).toList());
    }

    public ResolverConfig withSearch(List<String> search) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withNdots(int ndots) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withTimeout(Duration timeout) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withAttempts(int attempts) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withRotate(boolean rotate) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withHosts(HostsFile hosts) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withOrder(AddressOrder order) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withEdnsPayloadSize(int ednsPayloadSize) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withCacheSize(int cacheSize) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withMaxTtl(Duration maxTtl) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withMaxNegativeTtl(Duration maxNegativeTtl) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }

    public ResolverConfig withNegativeTtlWithoutSoa(Duration negativeTtlWithoutSoa) {
        return new ResolverConfig(nameservers, search, ndots, timeout, attempts, rotate, hosts, order, ednsPayloadSize,
                cacheSize, maxTtl, maxNegativeTtl, negativeTtlWithoutSoa);
    }
}
