package io.hayate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriCodecTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/a%20b,            /a b",
        "/caf%C3%A9,        /café",
        "/caf%c3%a9,        /café",
        "/a+b,              /a+b",
        "/a/./b,            /a/b",
        "/a/b/../c,         /a/c",
        "/a/b/..,           /a/",
        "/a/.,              /a/",
        "/.,                /",
        "/a/b/../../c,      /c",
        "/a//b/../c,        /a//c",
        "/a/%2E%2E/b,       /b",
        "/a/%2e/b,          /a/b",
        "/.well-known/x,    /.well-known/x",
        "/a/..b/.c,         /a/..b/.c",
        "/a/b/,             /a/b/"})
    void paths_are_decoded_and_dot_segments_removed(String raw, String decoded) {
        assertThat(UriCodec.decodePath(raw)).isEqualTo(decoded);
    }

    @Test
    void a_plain_path_is_returned_as_is() {
        String raw = "/plain/path";

        assertThat(UriCodec.decodePath(raw)).isSameAs(raw);
        assertThat(UriCodec.decodePath("*")).isEqualTo("*");
        assertThat(UriCodec.decodePath("example.com:443")).isEqualTo("example.com:443");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/a%2Fb", "/a%2fb", "/%2F", "/a%00", "/a%00b", "/..", "/a/../..", "/a/../../b", "/%2e%2e/etc", "/./../x"})
    void encoded_slashes_nuls_and_escapes_above_the_root_are_ambiguous(String raw) {
        assertThatThrownBy(() -> UriCodec.decodePath(raw)).isInstanceOfSatisfying(BadMessageException.class, e -> {
            assertThat(e.violation()).isEqualTo(Violation.AMBIGUOUS_PATH);
            assertThat(e.status()).isEqualTo(400);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%", "/%4", "/a%", "/%zz", "/%4g", "/%g4", "/%%41", "/%\uff11\uff12", "/%\u0661\u0662"})
    void bad_percent_escapes_are_invalid_targets(String raw) {
        assertThatThrownBy(() -> UriCodec.decodePath(raw)).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.violation()).isEqualTo(Violation.INVALID_TARGET));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%C3", "/%FF", "/%C0%AF", "/%E2%82", "/%ED%A0%80", "/a%80b"})
    void escapes_that_are_not_utf_8_are_invalid_targets(String raw) {
        assertThatThrownBy(() -> UriCodec.decodePath(raw)).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.violation()).isEqualTo(Violation.INVALID_TARGET));
    }

    @Test
    void query_parameters_keep_first_seen_order_and_repeat() {
        Map<String, List<String>> p = UriCodec.parseParams("b=2&a=1&b=3");

        assertThat(p.keySet()).containsExactly("b", "a");
        assertThat(p.get("b")).containsExactly("2", "3");
        assertThat(p.get("a")).containsExactly("1");
    }

    @Test
    void plus_is_a_space_and_percent_2b_a_plus() {
        Map<String, List<String>> p = UriCodec.parseParams("q=a+b%2Bc&na+me=caf%C3%A9+au+lait");

        assertThat(p.get("q")).containsExactly("a b+c");
        assertThat(p.get("na me")).containsExactly("café au lait");
    }

    @Test
    void keys_without_values_and_empty_pairs() {
        Map<String, List<String>> p = UriCodec.parseParams("&flag&&=v&e=&");

        assertThat(p).containsOnlyKeys("flag", "", "e");
        assertThat(p.get("flag")).containsExactly("");
        assertThat(p.get("")).containsExactly("v");
        assertThat(p.get("e")).containsExactly("");
    }

    @Test
    void no_query_is_an_empty_map() {
        assertThat(UriCodec.parseParams(null)).isEmpty();
        assertThat(UriCodec.parseParams("")).isEmpty();
    }

    @Test
    void a_bad_escape_in_a_query_is_an_invalid_target() {
        assertThatThrownBy(() -> UriCodec.parseParams("a=%")).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.violation()).isEqualTo(Violation.INVALID_TARGET));
        assertThatThrownBy(() -> UriCodec.parseParams("a=%C3")).isInstanceOf(BadMessageException.class);
    }

    @Test
    void query_escapes_may_encode_slash_and_nul() {
        assertThat(UriCodec.parseParams("p=%2F%00").get("p")).containsExactly("/\u0000");
    }

    @Test
    void characters_beyond_latin_1_survive_decoding() {
        // a form body decoded as UTF-8 may hold surrogate pairs: they must not become "??"
        assertThat(UriCodec.parseParams("q=\uD83D\uDE00+x&r=\u00e9%20").get("q")).containsExactly("\uD83D\uDE00 x");
        assertThat(UriCodec.parseParams("q=\uD83D\uDE00+x&r=\u00e9%20").get("r")).containsExactly("\u00e9 ");
    }

    @Test
    void percent_decode_leaves_plus_alone_unless_asked() {
        assertThat(UriCodec.percentDecode("a+b%20c", false, false)).isEqualTo("a+b c");
        assertThat(UriCodec.percentDecode("a+b%20c", true, false)).isEqualTo("a b c");
        assertThat(UriCodec.percentDecode("%2F", false, false)).isEqualTo("/");
    }
}
