package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Repeated header values and targets come back as one string; unique, personal and different text never does. */
class SharedStringsTest {

    private static String value(String name, String text) {
        byte[] a = ("xx" + text + "yy").getBytes(ISO_8859_1);
        return SharedStrings.headerValue(name, a, 2, 2 + text.length());
    }

    private static String target(String text) {
        byte[] a = ("GET " + text + " HTTP/1.1").getBytes(ISO_8859_1);
        return SharedStrings.target(a, 4, 4 + text.length(), text.indexOf('?') >= 0); // as the parser finds it
    }

    @Test
    void a_repeated_value_of_a_shared_header_is_one_string() {
        String first = value(HeaderNames.HOST, "127.0.0.1:8080");
        assertThat(first).isEqualTo("127.0.0.1:8080");
        assertThat(value(HeaderNames.HOST, "127.0.0.1:8080")).isSameAs(first);
        assertThat(value(HeaderNames.UPGRADE, "websocket")).isSameAs(value(HeaderNames.UPGRADE, "websocket"));
    }

    @Test
    void personal_or_unique_headers_get_their_own_string() {
        String cookie = value(HeaderNames.COOKIE, "session=abc");
        assertThat(cookie).isEqualTo("session=abc");
        assertThat(value(HeaderNames.COOKIE, "session=abc")).isNotSameAs(cookie);
        assertThat(value(HeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ=="))
            .isNotSameAs(value(HeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ=="));
        assertThat(value("X-Custom", "v")).isNotSameAs(value("X-Custom", "v"));
    }

    @Test
    void paths_without_a_query_are_shared_and_other_targets_are_not() {
        assertThat(target("/plaintext")).isEqualTo("/plaintext").isSameAs(target("/plaintext"));
        String withQuery = target("/login?token=secret");
        assertThat(withQuery).isEqualTo("/login?token=secret");
        assertThat(target("/login?token=secret")).isNotSameAs(withQuery);
        String absolute = target("http://user:pw@example.org/");
        assertThat(absolute).isEqualTo("http://user:pw@example.org/");
        assertThat(target("http://user:pw@example.org/")).isNotSameAs(absolute);
    }

    @Test
    void long_values_are_not_kept() {
        String ua = "A".repeat(200);
        assertThat(value(HeaderNames.USER_AGENT, ua)).isEqualTo(ua).isNotSameAs(value(HeaderNames.USER_AGENT, ua));
    }

    @Test
    void many_different_values_each_come_back_exactly_as_sent() {
        // far more values than slots: every answer must still be the bytes asked for, whichever slot they share
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                String host = "host-" + i + ".example:" + (i % 97);
                assertThat(value(HeaderNames.HOST, host)).isEqualTo(host);
                assertThat(target("/items/" + i)).isEqualTo("/items/" + i);
                seen.add(host);
            }
        }
        assertThat(seen).hasSize(5000);
    }

    @Test
    void the_parser_hands_out_the_shared_strings() {
        RequestParser parser = new RequestParser();
        String req = "GET /ws HTTP/1.1\r\nHost: example.org\r\nUpgrade: websocket\r\nCookie: a=b\r\n\r\n";
        assertThat(parser.parse(ByteBuffer.wrap(req.getBytes(ISO_8859_1)))).isEqualTo(RequestParser.Event.HEAD);
        RequestHead one = parser.head();
        RequestParser other = new RequestParser();
        assertThat(other.parse(ByteBuffer.wrap(req.getBytes(ISO_8859_1)))).isEqualTo(RequestParser.Event.HEAD);
        RequestHead two = other.head();
        assertThat(two.target()).isSameAs(one.target());
        assertThat(two.headers().get("Host")).isSameAs(one.headers().get("Host"));
        assertThat(two.headers().get("Upgrade")).isSameAs(one.headers().get("Upgrade"));
        assertThat(two.headers().get("Cookie")).isEqualTo("a=b").isNotSameAs(one.headers().get("Cookie"));
    }
}
