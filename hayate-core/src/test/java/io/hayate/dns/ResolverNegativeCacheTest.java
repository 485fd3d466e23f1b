package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.loop.LoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negative caching (RFC 2308) against dnsmasq as the authoritative server of {@code auth.test}: its NXDOMAIN and
 * NODATA answers carry the zone's SOA, whose TTL and MINIMUM are the {@code --auth-ttl} of 30 s.
 */
class ResolverNegativeCacheTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    @TempDir
    static Path dir;
    static Dnsmasq dnsmasq;
    static LoopGroup loops;

    @BeforeAll
    static void start() throws Exception {
        // Queries arriving on the auth-server address are answered authoritatively, all others refused.
        dnsmasq = Dnsmasq.start(dir, "--auth-zone=auth.test", "--auth-server=ns.auth.test,127.0.0.1",
                "--host-record=a.auth.test,10.9.0.1", "--auth-ttl=30");
        loops = new LoopGroup(1, "dns-negative-loop");
    }

    @AfterAll
    static void stop() throws Exception {
        if (loops != null) {
            loops.close();
        }
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    private static LoopResolver resolver(AtomicLong clock, AddressOrder order) {
        return new LoopResolver(loops, false, ResolverConfig.defaults().withNameservers(dnsmasq.address())
                .withTimeout(Duration.ofSeconds(2)).withOrder(order), clock::get);
    }

    private static DnsException.Kind kindOf(Resolver r, String host) throws Exception {
        try {
            r.resolveBlocking(host);
        } catch (DnsException e) {
            return e.kind();
        }
        throw new AssertionError(host + " resolved");
    }

    @Test
    void nxdomain_is_cached_for_the_soa_minimum_then_asked_again() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (LoopResolver r = resolver(clock, AddressOrder.IPV4_ONLY)) {
            long before = dnsmasq.queries("A", "nx.auth.test");
            assertThat(kindOf(r, "nx.auth.test")).isEqualTo(DnsException.Kind.NXDOMAIN);
            clock.addAndGet(29 * SECOND);
            assertThat(kindOf(r, "nx.auth.test")).isEqualTo(DnsException.Kind.NXDOMAIN);
            assertThat(r.stats().udpQueries()).isEqualTo(1);
            assertThat(r.stats().cacheHits()).isEqualTo(1);

            clock.addAndGet(SECOND);
            assertThat(kindOf(r, "nx.auth.test")).isEqualTo(DnsException.Kind.NXDOMAIN);
            assertThat(r.stats().udpQueries()).isEqualTo(2);
            assertThat(dnsmasq.awaitQueries("A", "nx.auth.test", before + 2)).isEqualTo(before + 2);
        }
    }

    @Test
    void nodata_is_cached_too_so_a_v4_only_name_costs_one_aaaa_query_per_ttl() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (LoopResolver r = resolver(clock, AddressOrder.IPV4_FIRST)) {
            for (int i = 0; i < 5; i++) {
                assertThat(r.resolveBlocking("a.auth.test")).containsExactly(IpLiteral.parse("10.9.0.1"));
            }
            assertThat(r.stats().udpQueries()).as("one A, one AAAA").isEqualTo(2);
            assertThat(r.resolve("a.auth.test", AddressOrder.IPV6_ONLY))
                    .failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                    .havingCause().isInstanceOfSatisfying(DnsException.class,
                            e -> assertThat(e.kind()).isEqualTo(DnsException.Kind.NO_DATA));
            assertThat(r.stats().udpQueries()).as("the NODATA came from the cache").isEqualTo(2);
            clock.addAndGet(30 * SECOND);
            r.resolveBlocking("a.auth.test");
            assertThat(r.stats().udpQueries()).as("both expired after 30 s").isEqualTo(4);
        }
    }

    @Test
    void a_server_that_refuses_is_reported_as_refused() {
        AtomicLong clock = new AtomicLong();
        try (LoopResolver r = resolver(clock, AddressOrder.IPV4_ONLY)) {
            assertThatThrownBy(() -> r.resolveBlocking("elsewhere.example"))
                    .isInstanceOfSatisfying(DnsException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DnsException.Kind.REFUSED);
                        assertThat(e.nameserver()).isEqualTo(dnsmasq.address());
                    })
                    .hasMessageStartingWith("elsewhere.example: query refused (REFUSED");
            assertThat(r.stats().udpQueries()).as("asked again in the second attempt").isEqualTo(2);
            assertThatThrownBy(() -> r.resolveBlocking("elsewhere.example")).isInstanceOf(DnsException.class);
            assertThat(r.stats().udpQueries()).as("refusals are not cached").isEqualTo(4);
        }
    }
}
