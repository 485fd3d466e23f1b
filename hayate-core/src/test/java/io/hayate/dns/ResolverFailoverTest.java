package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.loop.LoopGroup;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silent, failing, unreachable and lying nameservers, with a working dnsmasq to fall back to. */
class ResolverFailoverTest {
    @TempDir
    static Path dir;
    static Dnsmasq dnsmasq;
    static LoopGroup loops;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dnsmasq = Dnsmasq.start(dir, "--local=/test/", "--local-ttl=60",
                "--host-record=ok.test,10.0.0.7", "--host-record=ok2.test,10.0.0.8");
        loops = new LoopGroup(1, "dns-failover-loop");
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

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private Resolver resolver(Duration timeout, int attempts, InetSocketAddress... nameservers) {
        ResolverConfig config = ResolverConfig.defaults().withNameservers(nameservers).withTimeout(timeout)
                .withAttempts(attempts).withOrder(AddressOrder.IPV4_ONLY);
        Resolver r = Resolver.create(loops, config);
        closeAfter.add(r);
        return r;
    }

    private ScriptedDnsServer server(java.util.function.Function<DnsMessage, List<byte[]>> script) throws Exception {
        ScriptedDnsServer s = new ScriptedDnsServer(script);
        closeAfter.add(s);
        return s;
    }

    private static DnsException failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DnsException d) {
                return d;
            }
            throw e;
        }
        throw new AssertionError("resolved");
    }

    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal);
    }

    @Test
    void a_silent_server_times_out_after_every_attempt() throws Exception {
        ScriptedDnsServer silent = server(q -> List.of());
        Resolver r = resolver(Duration.ofMillis(200), 2, silent.address());
        long start = System.nanoTime();
        DnsException e = failure(r.resolve("ok.test"));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(e.kind()).isEqualTo(DnsException.Kind.TIMEOUT);
        assertThat(e.nameserver()).isEqualTo(silent.address());
        assertThat(e.getMessage()).startsWith("ok.test: no answer before the timeout (TIMEOUT; 2 tries: ")
                .contains(DnsException.format(silent.address()) + " TIMEOUT");
        assertThat(elapsedMs).isBetween(390L, 3000L);
        assertThat(silent.received()).isEqualTo(2);
        assertThat(r.stats().timeouts()).isEqualTo(2);
    }

    @Test
    void after_a_timeout_the_next_nameserver_answers_and_later_queries_start_there() throws Exception {
        ScriptedDnsServer silent = server(q -> List.of());
        Resolver r = resolver(Duration.ofMillis(300), 2, silent.address(), dnsmasq.address());

        long start = System.nanoTime();
        assertThat(r.resolveBlocking("ok.test")).containsExactly(ip("10.0.0.7"));
        assertThat(System.nanoTime() - start).as("waited for the silent server first")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));

        start = System.nanoTime();
        assertThat(r.resolveBlocking("ok2.test")).containsExactly(ip("10.0.0.8"));
        assertThat(System.nanoTime() - start).as("skipped the server that timed out")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(silent.received()).isEqualTo(1);
    }

    @Test
    void rotate_spreads_queries_over_the_servers() throws Exception {
        ScriptedDnsServer a = server(q -> List.of(ScriptedDnsServer.reply(q, 0,
                List.of(new DnsRecord.A(q.questions().get(0).name(), 1, 0, (Inet4Address) ip("10.0.0.1"))))));
        ScriptedDnsServer b = server(q -> List.of(ScriptedDnsServer.reply(q, 0,
                List.of(new DnsRecord.A(q.questions().get(0).name(), 1, 0, (Inet4Address) ip("10.0.0.2"))))));
        Resolver r = Resolver.create(loops, ResolverConfig.defaults().withNameservers(a.address(), b.address())
                .withRotate(true).withOrder(AddressOrder.IPV4_ONLY));
        closeAfter.add(r);
        for (int i = 0; i < 6; i++) {
            r.resolveBlocking("n" + i + ".test");
        }
        assertThat(a.received()).isEqualTo(3);
        assertThat(b.received()).isEqualTo(3);
    }

    @Test
    void a_closed_port_fails_at_once_on_the_icmp_error_instead_of_waiting() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Dnsmasq.LOOPBACK, 0))) {
            closedPort = s.getLocalPort();
        }
        InetSocketAddress closed = new InetSocketAddress(Dnsmasq.LOOPBACK, closedPort);
        Resolver alone = resolver(Duration.ofSeconds(5), 1, closed);
        long start = System.nanoTime();
        DnsException e = failure(alone.resolve("ok.test"));
        assertThat(e.kind()).isEqualTo(DnsException.Kind.UNREACHABLE);
        assertThat(e.nameserver()).isEqualTo(closed);

        Resolver withFallback = resolver(Duration.ofSeconds(5), 1, closed, dnsmasq.address());
        assertThat(withFallback.resolveBlocking("ok.test")).containsExactly(ip("10.0.0.7"));
        assertThat(System.nanoTime() - start).as("no 5 s timeout was waited for").isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void servfail_moves_on_to_the_next_server_and_is_reported_when_all_fail() throws Exception {
        ScriptedDnsServer failing = server(q -> List.of(ScriptedDnsServer.reply(q, DnsMessage.SERVFAIL, List.of())));
        Resolver withFallback = resolver(Duration.ofSeconds(2), 1, failing.address(), dnsmasq.address());
        assertThat(withFallback.resolveBlocking("ok.test")).containsExactly(ip("10.0.0.7"));

        Resolver alone = resolver(Duration.ofSeconds(2), 2, failing.address());
        DnsException e = failure(alone.resolve("ok.test"));
        assertThat(e.kind()).isEqualTo(DnsException.Kind.SERVFAIL);
        assertThat(e.nameserver()).isEqualTo(failing.address());
        assertThat(e.getMessage()).contains("ok.test", "SERVFAIL", DnsException.format(failing.address()));
    }

    @Test
    void replies_with_a_wrong_id_or_junk_are_ignored_and_the_real_answer_is_taken() throws Exception {
        ScriptedDnsServer liar = server(q -> List.of(
                ScriptedDnsServer.reply(q, (q.id() + 1) & 0xFFFF, 0,
                        List.of(new DnsRecord.A("ok.test", 1, 60, (Inet4Address) ip("6.6.6.6")))),
                new byte[] {(byte) (q.id() >> 8), (byte) q.id(), 1, 2, 3},
                DnsCodec.encode(new DnsMessage(q.id(), 0x8180, List.of(new DnsQuestion("other.test", DnsRecordType.A)),
                        List.of(new DnsRecord.A("other.test", 1, 60, (Inet4Address) ip("6.6.6.7"))), List.of(), List.of())),
                ScriptedDnsServer.reply(q, 0, List.of(new DnsRecord.A("ok.test", 1, 60, (Inet4Address) ip("10.0.0.70"))))));
        Resolver r = resolver(Duration.ofSeconds(2), 1, liar.address());
        assertThat(r.resolveBlocking("ok.test")).containsExactly(ip("10.0.0.70"));
        assertThat(r.stats().discardedReplies()).isEqualTo(3);
    }

    @Test
    void a_truncated_answer_whose_tcp_retry_is_refused_tries_the_next_server() throws Exception {
        ScriptedDnsServer truncating = server(q -> List.of(DnsCodec.encode(new DnsMessage(q.id(), 0x8380,
                q.questions(), List.of(), List.of(), List.of())))); // TC set, and nobody listens on its TCP port
        Resolver alone = resolver(Duration.ofSeconds(2), 1, truncating.address());
        DnsException e = failure(alone.resolve("ok.test"));
        assertThat(e.kind()).isEqualTo(DnsException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("truncated answer, TCP");
        assertThat(alone.stats().tcpQueries()).isEqualTo(1);

        Resolver withFallback = resolver(Duration.ofSeconds(2), 1, truncating.address(), dnsmasq.address());
        assertThat(withFallback.resolveBlocking("ok.test")).containsExactly(ip("10.0.0.7"));
    }

    @Test
    void a_tcp_answer_that_arrives_one_byte_at_a_time_is_reassembled() throws Exception {
        List<DnsRecord> answers = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            answers.add(new DnsRecord.A("slow.test", 1, 60, (Inet4Address) ip("10.3.0." + i)));
        }
        ScriptedDnsServer server = new ScriptedDnsServer(q -> List.of(q.questions().isEmpty() ? new byte[0]
                : DnsCodec.encode(new DnsMessage(q.id(), 0x8380, q.questions(), answers.subList(0, 5), List.of(), List.of()))),
                q -> List.of(ScriptedDnsServer.reply(q, 0, answers)));
        closeAfter.add(server);
        Resolver r = resolver(Duration.ofSeconds(5), 1, server.address());
        List<InetAddress> all = r.resolveBlocking("slow.test");
        assertThat(all).hasSize(50).startsWith(ip("10.3.0.1")).endsWith(ip("10.3.0.50"));
        assertThat(server.tcpReceived()).isEqualTo(1);
        assertThat(r.stats().tcpQueries()).isEqualTo(1);
    }

    @Test
    void closing_the_resolver_fails_lookups_in_flight() throws Exception {
        ScriptedDnsServer silent = server(q -> List.of());
        Resolver r = resolver(Duration.ofSeconds(30), 1, silent.address());
        CompletableFuture<List<InetAddress>> pending = r.resolve("ok.test");
        while (silent.received() == 0) {
            Thread.sleep(5);
        }
        r.close();
        assertThat(failure(pending).kind()).isEqualTo(DnsException.Kind.CLOSED);
        assertThat(failure(r.resolve("ok.test")).kind()).isEqualTo(DnsException.Kind.CLOSED);
        // The query's socket is gone from the loop (closed channels leave the selector on its next turn).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int channels;
        do {
            CompletableFuture<Integer> count = new CompletableFuture<>();
            loops.next().execute(() -> count.complete(loops.next().channelCount()));
            channels = count.get(5, TimeUnit.SECONDS);
            if (channels > 0) {
                Thread.sleep(5);
            }
        } while (channels > 0 && System.nanoTime() < deadline);
        assertThat(channels).isZero();
    }
}
