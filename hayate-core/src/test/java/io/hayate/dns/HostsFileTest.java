package io.hayate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {

    static InetAddress ip(String literal) {
        return IpLiteral.parse(literal);
    }

    private static final String SAMPLE = """
            # The following lines are desirable for IPv4 capable hosts
            127.0.0.1       localhost
            127.0.1.1\tbox.example.org\tbox   # this machine
            10.0.0.5 Web.Example.ORG. web www
            ::1     localhost ip6-localhost ip6-loopback
            fe80::1%1 link.local
            fd00::5 web
            10.0.0.6 web
            10.0.0.6 web
            not-an-address broken.example
            999.1.1.1 broken.example
            010.1.1.1 broken.example
            192.168.1.1
               # indented comment
            \r
            """;

    @Test
    void reads_addresses_names_and_aliases_ignoring_comments() {
        HostsFile hosts = HostsFile.parse(SAMPLE);
        assertThat(hosts.lookup("box.example.org")).containsExactly(ip("127.0.1.1"));
        assertThat(hosts.lookup("box")).containsExactly(ip("127.0.1.1"));
        assertThat(hosts.lookup("this")).isEmpty();
        assertThat(hosts.lookup("machine")).isEmpty();
    }

    @Test
    void a_name_on_several_lines_gets_every_address_once_in_file_order() {
        HostsFile hosts = HostsFile.parse(SAMPLE);
        assertThat(hosts.lookup("web")).containsExactly(ip("10.0.0.5"), ip("fd00::5"), ip("10.0.0.6"));
        assertThat(hosts.lookup("localhost")).containsExactly(ip("127.0.0.1"), ip("::1"));
    }

    @Test
    void names_match_without_case_or_trailing_dot() {
        HostsFile hosts = HostsFile.parse(SAMPLE);
        assertThat(hosts.lookup("web.example.org")).containsExactly(ip("10.0.0.5"));
        assertThat(hosts.lookup("WEB.EXAMPLE.ORG.")).containsExactly(ip("10.0.0.5"));
    }

    @Test
    void reads_ipv6_including_scoped_link_local() {
        HostsFile hosts = HostsFile.parse(SAMPLE);
        assertThat(hosts.lookup("ip6-loopback")).singleElement().isInstanceOf(Inet6Address.class);
        assertThat(hosts.lookup("link.local")).singleElement()
                .satisfies(a -> assertThat(((Inet6Address) a).getScopeId()).isPositive());
    }

    @Test
    void skips_lines_without_a_valid_address_or_without_names() {
        HostsFile hosts = HostsFile.parse(SAMPLE);
        assertThat(hosts.lookup("broken.example")).isEmpty();
        assertThat(hosts.entries()).doesNotContainKey("192.168.1.1");
        assertThat(HostsFile.parse("").entries()).isEmpty();
    }

    @Test
    void a_missing_file_is_an_empty_table(@TempDir Path dir) throws Exception {
        assertThat(HostsFile.read(dir.resolve("nope")).entries()).isEmpty();
        Path file = Files.writeString(dir.resolve("hosts"), "10.1.2.3 from.file\n");
        assertThat(HostsFile.read(file).lookup("from.file")).containsExactly(ip("10.1.2.3"));
    }

    @Test
    void ip_literal_parsing_never_looks_a_name_up() {
        assertThat(IpLiteral.parse("1.2.3.4")).isEqualTo(ip("1.2.3.4"));
        assertThat(IpLiteral.parse("[::1]")).isInstanceOf(Inet6Address.class);
        assertThat(IpLiteral.parse("1.2.3")).isNull();
        assertThat(IpLiteral.parse("1.2.3.4.5")).isNull();
        assertThat(IpLiteral.parse("01.2.3.4")).isNull();
        assertThat(IpLiteral.parse("256.1.1.1")).isNull();
        assertThat(IpLiteral.parse("abc")).isNull();     // would be a lookup for InetAddress.getByName
        assertThat(IpLiteral.parse("fade")).isNull();    // hex-looking, still a name
        assertThat(IpLiteral.parse("fd00::zz")).isNull();
        assertThat(IpLiteral.parse("")).isNull();
    }
}
