package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a reply becomes an {@link Answer}: CNAME chains, negative answers and their TTLs, server errors. */
class DnsAnswerTest {
    private static final InetSocketAddress NS = new InetSocketAddress(IpLiteral.parse("127.0.0.1"), 5353);
    private static final DnsQuestion Q = new DnsQuestion("www.test", DnsRecordType.A);

    private static DnsMessage reply(int rcode, List<DnsRecord> answers, List<DnsRecord> authorities) {
        return new DnsMessage(1, 0x8180 | rcode, List.of(Q), answers, authorities, List.of());
    }

    private static DnsRecord.A a(String name, long ttl, String ip) {
        return new DnsRecord.A(name, 1, ttl, (Inet4Address) IpLiteral.parse(ip));
    }

    @Test
    void follows_a_cname_chain_and_takes_the_smallest_ttl() {
        Answer answer = Answer.read(reply(0, List.of(
                new DnsRecord.Cname("WWW.test", 1, 100, "mid.test"),
                new DnsRecord.Cname("mid.test", 1, 50, "end.test"),
                a("end.test", 300, "10.0.0.1"),
                a("end.test", 200, "10.0.0.2"),
                a("unrelated.test", 1, "10.9.9.9")), List.of()), Q, NS);
        assertThat(answer.isPositive()).isTrue();
        assertThat(answer.addresses()).containsExactly(IpLiteral.parse("10.0.0.1"), IpLiteral.parse("10.0.0.2"));
        assertThat(answer.ttl()).isEqualTo(50);
        assertThat(answer.nameserver()).isEqualTo(NS);
    }

    @Test
    void a_chain_without_addresses_is_an_alias_to_ask_for() {
        Answer answer = Answer.read(reply(0, List.of(new DnsRecord.Cname("www.test", 1, 100, "Other.Test")), List.of()), Q, NS);
        assertThat(answer.isPositive()).isTrue();
        assertThat(answer.addresses()).isEmpty();
        assertThat(answer.alias()).isEqualTo("other.test");
    }

    @Test
    void a_cname_loop_ends() {
        Answer answer = Answer.read(reply(0, List.of(
                new DnsRecord.Cname("www.test", 1, 100, "loop.test"),
                new DnsRecord.Cname("loop.test", 1, 100, "www.test")), List.of()), Q, NS);
        assertThat(answer.addresses()).isEmpty();
    }

    @Test
    void negative_answers_take_their_ttl_from_the_soa_minimum_or_its_ttl_whichever_is_smaller() {
        DnsRecord.Soa soa = new DnsRecord.Soa("test", 1, 900, "ns.test", "host.test", 1, 2, 3, 4, 60);
        Answer nx = Answer.read(reply(DnsMessage.NXDOMAIN, List.of(), List.of(soa)), Q, NS);
        assertThat(nx.error()).isEqualTo(DnsException.Kind.NXDOMAIN);
        assertThat(nx.ttl()).isEqualTo(60);
        DnsRecord.Soa shortSoa = new DnsRecord.Soa("test", 1, 20, "ns.test", "host.test", 1, 2, 3, 4, 60);
        Answer noData = Answer.read(reply(0, List.of(), List.of(shortSoa)), Q, NS);
        assertThat(noData.error()).isEqualTo(DnsException.Kind.NO_DATA);
        assertThat(noData.ttl()).isEqualTo(20);
        assertThat(Answer.read(reply(DnsMessage.NXDOMAIN, List.of(), List.of()), Q, NS).ttl()).isEqualTo(-1);
    }

    @Test
    void records_of_another_type_are_no_data() {
        DnsRecord.Aaaa v6 = new DnsRecord.Aaaa("www.test", 1, 60, DnsDecoder.inet6(new byte[16]));
        assertThat(Answer.read(reply(0, List.of(v6), List.of()), Q, NS).error()).isEqualTo(DnsException.Kind.NO_DATA);
    }

    @Test
    void server_errors_become_failure_kinds() {
        assertThat(Answer.read(reply(DnsMessage.SERVFAIL, List.of(), List.of()), Q, NS).error())
                .isEqualTo(DnsException.Kind.SERVFAIL);
        assertThat(Answer.read(reply(DnsMessage.REFUSED, List.of(), List.of()), Q, NS).error())
                .isEqualTo(DnsException.Kind.REFUSED);
        Answer notImp = Answer.read(reply(DnsMessage.NOTIMP, List.of(), List.of()), Q, NS);
        assertThat(notImp.error()).isEqualTo(DnsException.Kind.BAD_RESPONSE);
        assertThat(notImp.detail()).isEqualTo("NOTIMP");
    }

    @Test
    void search_candidates_follow_ndots_and_the_trailing_dot() {
        List<String> search = List.of("corp.test", "lab.test");
        assertThat(HostLookup.candidates("api", false, search, 1))
                .containsExactly("api.corp.test", "api.lab.test", "api");
        assertThat(HostLookup.candidates("api.v2", false, search, 1))
                .containsExactly("api.v2", "api.v2.corp.test", "api.v2.lab.test");
        assertThat(HostLookup.candidates("api.v2", false, search, 2))
                .containsExactly("api.v2.corp.test", "api.v2.lab.test", "api.v2");
        assertThat(HostLookup.candidates("api", true, search, 1)).containsExactly("api");
        assertThat(HostLookup.candidates("api", false, List.of(), 1)).containsExactly("api");
    }

    @Test
    void host_names_are_checked_and_converted_to_ascii() {
        assertThat(LoopResolver.asciiName("Bücher.Example.")).isEqualTo("xn--bcher-kva.example");
        assertThat(LoopResolver.asciiName("WWW.Test")).isEqualTo("www.test");
        for (String bad : List.of("", ".", "a..b", "x".repeat(64) + ".test", "a b.test", "a\\b", "y".repeat(254))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoopResolver.asciiName(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
