package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DnsCacheTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int A = DnsRecordType.A.code();
    private final AtomicLong now = new AtomicLong(123 * SECOND);

    private static Answer positive(String ip, long ttl) {
        InetAddress a = IpLiteral.parse(ip);
        return new Answer(null, List.of(a), null, ttl, null, null);
    }

    @Test
    void keeps_an_answer_until_its_ttl_runs_out() {
        DnsCache cache = new DnsCache(10, now::get);
        Answer a = positive("10.0.0.1", 30);
        cache.put("a.test", A, a, 30);
        now.addAndGet(30 * SECOND - 1);
        assertThat(cache.get("a.test", A)).isSameAs(a);
        now.addAndGet(1);
        assertThat(cache.get("a.test", A)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void keys_on_name_and_type() {
        DnsCache cache = new DnsCache(10, now::get);
        cache.put("a.test", A, positive("10.0.0.1", 30), 30);
        assertThat(cache.get("a.test", DnsRecordType.AAAA.code())).isNull();
        assertThat(cache.get("b.test", A)).isNull();
    }

    @Test
    void a_ttl_of_zero_or_a_size_of_zero_caches_nothing() {
        DnsCache cache = new DnsCache(10, now::get);
        cache.put("a.test", A, positive("10.0.0.1", 0), 0);
        assertThat(cache.get("a.test", A)).isNull();
        DnsCache off = new DnsCache(0, now::get);
        off.put("a.test", A, positive("10.0.0.1", 30), 30);
        assertThat(off.get("a.test", A)).isNull();
    }

    @Test
    void evicts_the_least_recently_used_entry_when_full() {
        DnsCache cache = new DnsCache(2, now::get);
        cache.put("a.test", A, positive("10.0.0.1", 30), 30);
        cache.put("b.test", A, positive("10.0.0.2", 30), 30);
        cache.get("a.test", A); // a is now more recent than b
        cache.put("c.test", A, positive("10.0.0.3", 30), 30);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b.test", A)).isNull();
        assertThat(cache.get("a.test", A)).isNotNull();
        assertThat(cache.get("c.test", A)).isNotNull();
    }

    @Test
    void a_wall_clock_jump_does_not_matter_because_time_is_monotonic() {
        DnsCache cache = new DnsCache(10, now::get);
        now.set(-5 * SECOND); // nanoTime may be negative; only differences count
        cache.put("a.test", A, positive("10.0.0.1", 10), 10);
        now.addAndGet(9 * SECOND);
        assertThat(cache.get("a.test", A)).isNotNull();
    }

    @Test
    void caching_policy_caps_positive_ttls_and_follows_rfc_2308_for_negative_ones() {
        ResolverConfig config = ResolverConfig.defaults().withMaxTtl(Duration.ofSeconds(100))
                .withMaxNegativeTtl(Duration.ofSeconds(50));
        assertThat(InflightQueries.cacheTtl(positive("10.0.0.1", 30), config)).isEqualTo(30);
        assertThat(InflightQueries.cacheTtl(positive("10.0.0.1", 86400), config)).isEqualTo(100);

        Answer nxWithSoa = new Answer(DnsException.Kind.NXDOMAIN, List.of(), null, 40, null, null);
        Answer nxWithBigSoa = new Answer(DnsException.Kind.NXDOMAIN, List.of(), null, 4000, null, null);
        Answer noDataWithoutSoa = new Answer(DnsException.Kind.NO_DATA, List.of(), null, -1, null, null);
        assertThat(InflightQueries.cacheTtl(nxWithSoa, config)).isEqualTo(40);
        assertThat(InflightQueries.cacheTtl(nxWithBigSoa, config)).isEqualTo(50);
        assertThat(InflightQueries.cacheTtl(noDataWithoutSoa, config)).isZero();
        assertThat(InflightQueries.cacheTtl(noDataWithoutSoa, config.withNegativeTtlWithoutSoa(Duration.ofSeconds(7))))
                .isEqualTo(7);

        assertThat(InflightQueries.cacheTtl(Answer.failure(DnsException.Kind.SERVFAIL, null, null), config)).isZero();
        assertThat(InflightQueries.cacheTtl(Answer.failure(DnsException.Kind.TIMEOUT, null, null), config)).isZero();
    }
}
