package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.loop.Loop;
import io.hayate.loop.LoopGroup;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver against a real dnsmasq on loopback: records, hosts files, TCP fallback, aliases, search, caching. */
class ResolverDnsmasqTest {
    @TempDir
    static Path dir;
    static Dnsmasq dnsmasq;
    static LoopGroup loops;
    private final List<Resolver> resolvers = new ArrayList<>();

    @BeforeAll
    static void startDnsmasq() throws Exception {
        StringBuilder hosts = new StringBuilder("10.0.0.1 web.test www.test\n");
        for (int i = 1; i <= 100; i++) {
            hosts.append("10.1.0.").append(i).append(" big.test\n"); // 1.6 kB of answer: over 512 and over 1232
        }
        for (int i = 1; i <= 40; i++) {
            hosts.append("10.2.0.").append(i).append(" mid.test\n"); // 0.7 kB: over 512, under 1232
        }
        Path hostsFile = Files.writeString(dir.resolve("hosts"), hosts);
        dnsmasq = Dnsmasq.start(dir, "--addn-hosts=" + hostsFile, "--local=/test/", "--local-ttl=300",
                "--host-record=both.test,10.0.0.2,fd00::2",
                "--host-record=v4.test,10.0.0.4",
                "--host-record=v6.test,fd00::6",
                "--cname=alias.test,both.test",
                "--host-record=api.corp.test,10.0.1.1",
                "--host-record=ttl.test,10.0.0.5,60",
                "--host-record=short.test,10.0.0.3,1",
                "--host-record=vt.test,10.0.0.8");
        loops = new LoopGroup(1, "dns-test-loop");
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (loops != null) {
            loops.close();
        }
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @AfterEach
    void closeResolvers() {
        resolvers.forEach(Resolver::close);
    }

    private Resolver resolver(UnaryOperator<ResolverConfig> change) {
        return resolver(change, System::nanoTime);
    }

    private Resolver resolver(UnaryOperator<ResolverConfig> change, java.util.function.LongSupplier clock) {
        ResolverConfig config = change.apply(ResolverConfig.defaults().withNameservers(dnsmasq.address())
                .withTimeout(Duration.ofSeconds(2)));
        Resolver r = new LoopResolver(loops, false, config, clock);
        resolvers.add(r);
        return r;
    }

    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal);
    }

    private static DnsException dnsFailure(Resolver r, String host) {
        try {
            r.resolveBlocking(host);
        } catch (DnsException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a DnsException, got " + e, e);
        }
        throw new AssertionError(host + " resolved");
    }

    @Test
    void asks_a_and_aaaa_and_returns_ipv4_first() throws Exception {
        Resolver r = resolver(c -> c);
        List<InetAddress> both = r.resolveBlocking("both.test");
        assertThat(both).containsExactly(ip("10.0.0.2"), ip("fd00::2"));
        assertThat(both).allSatisfy(a -> assertThat(a.getHostName()).isEqualTo("both.test"));
        assertThat(r.stats().udpQueries()).isEqualTo(2);
    }

    @Test
    void the_order_can_prefer_ipv6_or_ask_one_family_only() throws Exception {
        Resolver r = resolver(c -> c.withOrder(AddressOrder.IPV6_FIRST));
        assertThat(r.resolveBlocking("both.test")).containsExactly(ip("fd00::2"), ip("10.0.0.2"));
        assertThat(r.resolveBlocking("both.test", AddressOrder.IPV4_ONLY)).containsExactly(ip("10.0.0.2"));
        assertThat(r.resolveBlocking("both.test", AddressOrder.IPV6_ONLY)).singleElement().isInstanceOf(Inet6Address.class);
        assertThat(r.resolveBlocking("v6.test")).containsExactly(ip("fd00::6"));
    }

    @Test
    void answers_from_the_servers_hosts_file_including_aliases() throws Exception {
        Resolver r = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY));
        assertThat(r.resolveBlocking("web.test")).containsExactly(ip("10.0.0.1"));
        assertThat(r.resolveBlocking("WWW.Test.")).containsExactly(ip("10.0.0.1"));
    }

    @Test
    void literals_and_its_own_hosts_table_need_no_query() throws Exception {
        Resolver r = resolver(c -> c.withHosts(HostsFile.parse("10.7.7.7 local.test\nfd00::7 local.test\n")));
        assertThat(r.resolveBlocking("local.test")).containsExactly(ip("10.7.7.7"), ip("fd00::7"));
        assertThat(r.resolveBlocking("local.test", AddressOrder.IPV6_ONLY)).containsExactly(ip("fd00::7"));
        assertThat(r.resolveBlocking("192.0.2.9")).containsExactly(ip("192.0.2.9"));
        assertThat(r.resolveBlocking("[2001:db8::1]")).containsExactly(ip("2001:db8::1"));
        assertThat(r.resolveBlocking("localhost")).containsExactly(ip("127.0.0.1"), ip("::1"));
        assertThat(r.resolve("local.test")).isCompleted();
        assertThat(r.stats().udpQueries()).isZero();
        assertThat(r.stats().lookups()).isZero();
    }

    @Test
    void an_unknown_name_is_nxdomain_naming_host_and_nameserver() throws Exception {
        Resolver r = resolver(c -> c);
        DnsException e = dnsFailure(r, "nx.test");
        assertThat(e.kind()).isEqualTo(DnsException.Kind.NXDOMAIN);
        assertThat(e.host()).isEqualTo("nx.test");
        assertThat(e.nameserver()).isEqualTo(dnsmasq.address());
        assertThat(e).isInstanceOf(java.net.UnknownHostException.class)
                .hasMessage("nx.test: no such host (NXDOMAIN; nameserver 127.0.0.1:" + dnsmasq.address().getPort() + ")");
        // The blocking call throws with the caller's stack; the loop's exception is the cause.
        assertThat(e.getCause()).isInstanceOf(DnsException.class);
        assertThat(e.getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName())
                .isEqualTo("an_unknown_name_is_nxdomain_naming_host_and_nameserver"));
    }

    @Test
    void a_name_without_the_asked_family_is_no_data() {
        Resolver r = resolver(c -> c.withOrder(AddressOrder.IPV6_ONLY));
        DnsException e = dnsFailure(r, "v4.test");
        assertThat(e.kind()).isEqualTo(DnsException.Kind.NO_DATA);
        assertThat(e.getMessage()).contains("v4.test", "NO_DATA");
    }

    @Test
    void the_future_fails_with_the_dns_exception_itself() {
        Resolver r = resolver(c -> c);
        CompletableFuture<List<InetAddress>> f = r.resolve("nx.test");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DnsException.class).hasMessageContaining("NXDOMAIN");
    }

    @Test
    void a_bad_name_fails_without_a_query() {
        Resolver r = resolver(c -> c);
        assertThat(dnsFailure(r, "a..test").kind()).isEqualTo(DnsException.Kind.BAD_NAME);
        assertThat(dnsFailure(r, "x".repeat(64) + ".test").kind()).isEqualTo(DnsException.Kind.BAD_NAME);
        assertThat(r.stats().udpQueries()).isZero();
    }

    @Test
    void a_truncated_udp_answer_is_asked_again_over_tcp() throws Exception {
        Resolver r = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY));
        long before = dnsmasq.queries("A", "big.test");
        List<InetAddress> all = r.resolveBlocking("big.test");
        assertThat(all).hasSize(100).allSatisfy(a -> assertThat(a).isInstanceOf(Inet4Address.class));
        assertThat(all).contains(ip("10.1.0.1"), ip("10.1.0.100"));
        assertThat(r.stats().udpQueries()).isEqualTo(1);
        assertThat(r.stats().tcpQueries()).isEqualTo(1);
        assertThat(dnsmasq.awaitQueries("A", "big.test", before + 2)).as("one query over UDP, one over TCP").isEqualTo(before + 2);
    }

    @Test
    void an_edns_payload_size_lets_a_mid_sized_answer_come_over_udp() throws Exception {
        Resolver classic = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY));
        assertThat(classic.resolveBlocking("mid.test")).hasSize(40);
        assertThat(classic.stats().tcpQueries()).isEqualTo(1);

        Resolver edns = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY).withEdnsPayloadSize(1232));
        assertThat(edns.resolveBlocking("mid.test")).hasSize(40);
        assertThat(edns.stats().tcpQueries()).isZero();
        assertThat(edns.resolveBlocking("big.test")).hasSize(100);
        assertThat(edns.stats().tcpQueries()).isEqualTo(1);
    }

    @Test
    void follows_a_cname_to_its_addresses() throws Exception {
        Resolver r = resolver(c -> c);
        assertThat(r.resolveBlocking("alias.test")).containsExactly(ip("10.0.0.2"), ip("fd00::2"))
                .allSatisfy(a -> assertThat(a.getHostName()).isEqualTo("alias.test"));
    }

    @Test
    void short_names_walk_the_search_list() throws Exception {
        Resolver r = resolver(c -> c.withSearch(List.of("corp.test")).withOrder(AddressOrder.IPV4_ONLY));
        long before = dnsmasq.queries("A", "api.corp.test");
        assertThat(r.resolveBlocking("api")).containsExactly(ip("10.0.1.1"));
        assertThat(dnsmasq.awaitQueries("A", "api.corp.test", before + 1)).isEqualTo(before + 1);
        assertThat(dnsmasq.queries("A", "api")).as("found on the first candidate").isZero();
        assertThat(r.resolveBlocking("api.corp.test.")).containsExactly(ip("10.0.1.1"));

        // One dot reaches ndots 1: as-is first, then with the search domain; both NXDOMAIN.
        DnsException nx = dnsFailure(r, "nothere.test");
        assertThat(nx.kind()).isEqualTo(DnsException.Kind.NXDOMAIN);
        assertThat(nx.getMessage()).contains("tried nothere.test, nothere.test.corp.test");

        // dnsmasq refuses names outside its local domains (it has no upstream): a refusal ends the search, as in glibc.
        DnsException refused = dnsFailure(r, "nothere");
        assertThat(refused.kind()).isEqualTo(DnsException.Kind.REFUSED);
        assertThat(refused.getMessage()).contains("tried nothere.corp.test, nothere");
    }

    @Test
    void a_cached_answer_is_used_until_its_ttl_expires() throws Exception {
        AtomicLong clock = new AtomicLong();
        long before = dnsmasq.queries("A", "ttl.test");
        Resolver r = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY), clock::get);
        assertThat(r.resolveBlocking("ttl.test")).containsExactly(ip("10.0.0.5"));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(r.resolveBlocking("ttl.test")).containsExactly(ip("10.0.0.5"));
        assertThat(r.stats().udpQueries()).isEqualTo(1);
        assertThat(r.stats().cacheHits()).isEqualTo(1);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(1)); // 60 s: the record's TTL
        assertThat(r.resolveBlocking("ttl.test")).containsExactly(ip("10.0.0.5"));
        assertThat(r.stats().udpQueries()).isEqualTo(2);
        assertThat(dnsmasq.awaitQueries("A", "ttl.test", before + 2)).isEqualTo(before + 2);
    }

    @Test
    void a_one_second_ttl_expires_in_real_time() throws Exception {
        Resolver r = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY));
        long before = dnsmasq.queries("A", "short.test");
        r.resolveBlocking("short.test");
        r.resolveBlocking("short.test");
        assertThat(r.stats().udpQueries()).isEqualTo(1);
        Thread.sleep(1100);
        r.resolveBlocking("short.test");
        assertThat(r.stats().udpQueries()).isEqualTo(2);
        assertThat(dnsmasq.awaitQueries("A", "short.test", before + 2)).isEqualTo(before + 2);
    }

    @Test
    void negative_answers_without_an_soa_are_not_cached_unless_configured() throws Exception {
        Resolver strict = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY));
        dnsFailure(strict, "neg1.test");
        dnsFailure(strict, "neg1.test");
        assertThat(strict.stats().udpQueries()).as("RFC 2308 §5: no SOA, no caching").isEqualTo(2);

        Resolver lenient = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY).withNegativeTtlWithoutSoa(Duration.ofSeconds(30)));
        DnsException first = dnsFailure(lenient, "neg2.test");
        DnsException second = dnsFailure(lenient, "neg2.test");
        assertThat(lenient.stats().udpQueries()).isEqualTo(1);
        assertThat(lenient.stats().cacheHits()).isEqualTo(1);
        assertThat(second.kind()).isEqualTo(first.kind()).isEqualTo(DnsException.Kind.NXDOMAIN);
        assertThat(second.nameserver()).isEqualTo(dnsmasq.address());
    }

    @Test
    void identical_questions_in_flight_share_one_query() throws Exception {
        Resolver r = resolver(c -> c.withOrder(AddressOrder.IPV4_ONLY));
        Loop loop = loops.next();
        CompletableFuture<List<CompletableFuture<List<InetAddress>>>> started = new CompletableFuture<>();
        loop.execute(() -> {
            List<CompletableFuture<List<InetAddress>>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(r.resolve("web.test"));
            }
            started.complete(futures);
        });
        for (CompletableFuture<List<InetAddress>> f : started.get(5, TimeUnit.SECONDS)) {
            assertThat(f.get(5, TimeUnit.SECONDS)).containsExactly(ip("10.0.0.1"));
        }
        assertThat(r.stats().udpQueries()).isEqualTo(1);
        assertThat(r.stats().coalesced()).isEqualTo(49);
    }

    @Test
    void callbacks_run_on_the_loop_thread_and_a_loop_caller_stays_on_its_loop() throws Exception {
        Resolver r = resolver(c -> c);
        // Hold the loop so the answer cannot come before the callback is attached.
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        loops.next().execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<String> thread = r.resolve("vt.test").thenApply(x -> Thread.currentThread().getName());
        hold.countDown();
        assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("dns-test-loop-0");

        try (LoopGroup other = new LoopGroup(1, "client-loop")) {
            CompletableFuture<String> onOther = new CompletableFuture<>();
            other.next().execute(() -> r.resolve("both.test")
                    .whenComplete((x, e) -> onOther.complete(Thread.currentThread().getName())));
            assertThat(onOther.get(5, TimeUnit.SECONDS)).isEqualTo("client-loop-0");
        }
    }

    @Test
    void resolve_blocking_works_on_many_virtual_threads() throws Exception {
        // dnsmasq's NODATA answers carry no SOA; caching them briefly lets every question be asked once.
        Resolver r = resolver(c -> c.withNegativeTtlWithoutSoa(Duration.ofSeconds(30)));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        String[] names = {"both.test", "web.test", "alias.test", "vt.test", "v6.test"};
        for (int i = 0; i < 200; i++) {
            String name = names[i % names.length];
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    assertThat(r.resolveBlocking(name)).isNotEmpty();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(failures).isEmpty();
        assertThat(r.stats().udpQueries()).isLessThanOrEqualTo(10); // five names, two types: the rest cached or joined
    }

    @Test
    void resolve_blocking_on_its_own_loop_is_refused() throws Exception {
        Resolver r = resolver(c -> c);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        loops.next().execute(() -> {
            try {
                r.resolveBlocking("web.test");
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use resolve()");
    }
}
