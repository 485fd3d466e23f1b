package io.hayate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.dns.DnsCodec;
import io.hayate.dns.DnsException;
import io.hayate.dns.DnsMessage;
import io.hayate.dns.DnsQuestion;
import io.hayate.dns.DnsRecord;
import io.hayate.dns.ResolverConfig;
import io.hayate.server.Server;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Host names go through Hayate's resolver, on the client's loops: a small DNS server on loopback answers
 * {@code api.test} and says NXDOMAIN to everything else; no thread is started to resolve.
 */
class HttpClientDnsTest {

    /** Answers A api.test with 127.0.0.1, AAAA api.test with no data, anything else with NXDOMAIN. */
    private static final class TinyDns implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final Queue<String> queries = new ConcurrentLinkedQueue<>();

        TinyDns() throws Exception {
            Thread.ofVirtual().name("tiny-dns").start(() -> {
                byte[] buf = new byte[512];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        DnsMessage q = DnsCodec.decode(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                        DnsQuestion question = q.questions().get(0);
                        queries.add(question.name() + "/" + question.type());
                        boolean known = DnsCodec.sameName(question.name(), "api.test");
                        List<DnsRecord> answers = known && question.type() == 1
                                ? List.of(new DnsRecord.A(question.name(), 1, 60, (Inet4Address) InetAddress.getByAddress(new byte[] {127, 0, 0, 1})))
                                : List.of();
                        int flags = 0x8000 | 0x0100 | 0x0080 | (known ? DnsMessage.NOERROR : DnsMessage.NXDOMAIN);
                        byte[] answer = DnsCodec.encode(new DnsMessage(q.id(), flags, q.questions(), answers, List.of(), List.of()));
                        socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        ResolverConfig config() {
            return ResolverConfig.defaults().withNameservers(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()))
                    .withTimeout(Duration.ofSeconds(1)).withAttempts(1);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void a_host_name_is_resolved_on_the_loop_without_a_thread() throws Exception {
        try (TinyDns dns = new TinyDns();
             Server server = Servers.hayate(app -> app.get("/hello", ctx -> "hello " + ctx.header("Host")));
             HttpClient client = HttpClient.create(ClientConfig.defaults().withResolver(dns.config()))) {
            client.sendBlocking(ClientRequest.get("http://127.0.0.1:" + server.port() + "/hello")); // warms up the server's threads
            java.util.Set<String> before = platformThreads();

            ClientResponse r = client.sendBlocking(ClientRequest.get("http://api.test:" + server.port() + "/hello"));

            assertThat(r.bodyAsString()).isEqualTo("hello api.test:" + server.port());
            assertThat(dns.queries).contains("api.test/1");
            java.util.Set<String> started = platformThreads();
            started.removeAll(before);
            started.removeIf(name -> name.startsWith("ForkJoinPool")); // carriers of the servers' virtual threads
            assertThat(started).as("no thread started to resolve").isEmpty();
        }
    }

    private static java.util.Set<String> platformThreads() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    @Test
    void a_name_that_does_not_resolve_fails_at_once_and_is_not_retried() throws Exception {
        try (TinyDns dns = new TinyDns();
             HttpClient client = HttpClient.create(ClientConfig.defaults().withResolver(dns.config()).withRetries(3))) {
            assertThatThrownBy(() -> client.sendBlocking(ClientRequest.get("http://nowhere.test/")))
                    .isInstanceOf(DnsException.class).hasMessageContaining("nowhere.test").hasMessageContaining("NXDOMAIN");
            assertThat(dns.queries.stream().filter(q -> q.startsWith("nowhere.test/1")).count()).isEqualTo(1);
            assertThat(client.stats().retries()).isZero();
        }
    }

    @Test
    void localhost_needs_no_query() throws Exception {
        try (TinyDns dns = new TinyDns();
             Server server = Servers.hayate(app -> app.get("/", ctx -> "local"));
             HttpClient client = HttpClient.create(ClientConfig.defaults().withResolver(dns.config()))) {
            assertThat(client.sendBlocking(ClientRequest.get("http://localhost:" + server.port() + "/")).bodyAsString()).isEqualTo("local");
            assertThat(dns.queries).isEmpty();
        }
    }
}
