package io.hayate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

    @Test
    void names_compare_case_insensitively() {
        Headers h = new Headers().add("Content-Type", "text/plain").add("X-Tag", "a").add("x-tag", "b");

        assertThat(h.get("content-type")).isEqualTo("text/plain");
        assertThat(h.get("CONTENT-TYPE")).isEqualTo("text/plain");
        assertThat(h.getAll("X-TAG")).containsExactly("a", "b");
        assertThat(h.contains("x-Tag")).isTrue();
        assertThat(h.get("missing")).isNull();
        assertThat(h.getAll("missing")).isEmpty();
    }

    @Test
    void a_token_is_found_in_any_field_of_that_name_as_a_whole_list_element() {
        Headers h = new Headers().add("Connection", "keep-alive").add("connection", " Foo ,\tUPGRADE\t, bar");

        assertThat(h.containsToken("CONNECTION", "upgrade")).isTrue();
        assertThat(h.containsToken("Connection", "keep-alive")).isTrue();
        assertThat(h.containsToken("Connection", "foo")).isTrue();
        assertThat(h.containsToken("Connection", "bar")).isTrue();
        assertThat(h.containsToken("Connection", "upgrad")).as("a prefix").isFalse();
        assertThat(h.containsToken("Connection", "keep")).as("a prefix").isFalse();
        assertThat(h.containsToken("Connection", "alive")).as("a suffix").isFalse();
        assertThat(h.containsToken("Connection", "foo ,")).isFalse();
        assertThat(h.containsToken("Upgrade", "upgrade")).as("another field").isFalse();
        assertThat(new Headers().add("Upgrade", ",,websocket,").containsToken("Upgrade", "websocket")).isTrue();
        assertThat(new Headers().add("Upgrade", "").containsToken("Upgrade", "")).as("an empty element").isTrue();
        assertThat(new Headers().add("Upgrade", "web socket").containsToken("Upgrade", "websocket")).isFalse();
    }

    @Test
    void count_is_the_number_of_fields_of_that_name() {
        Headers h = new Headers().add("Sec-WebSocket-Key", "a").add("X", "b").add("sec-websocket-key", "c");

        assertThat(h.count("SEC-WEBSOCKET-KEY")).isEqualTo(2);
        assertThat(h.count("x")).isEqualTo(1);
        assertThat(h.count("missing")).isZero();
    }

    @Test
    void fields_keep_their_order_and_spelling() {
        Headers h = new Headers().add("B", "1").add("a", "2").add("B", "3");
        List<String> seen = new ArrayList<>();

        h.forEach((n, v) -> seen.add(n + "=" + v));

        assertThat(seen).containsExactly("B=1", "a=2", "B=3");
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.name(1)).isEqualTo("a");
        assertThat(h.value(2)).isEqualTo("3");
        assertThat(h).hasToString("{B: 1, a: 2, B: 3}");
    }

    @Test
    void set_replaces_every_field_of_that_name() {
        Headers h = new Headers().add("X", "1").add("Y", "2").add("x", "3");

        h.set("X", "new");

        assertThat(h.getAll("x")).containsExactly("new");
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.name(0)).isEqualTo("Y");
    }

    @Test
    void remove_deletes_every_field_of_that_name_and_says_whether_it_did() {
        Headers h = new Headers().add("X", "1").add("Y", "2").add("x", "3").add("Z", "4");

        assertThat(h.remove("X")).isTrue();
        assertThat(h.remove("X")).isFalse();
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.name(0)).isEqualTo("Y");
        assertThat(h.name(1)).isEqualTo("Z");
        assertThatThrownBy(() -> h.name(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void it_grows_past_its_initial_capacity() {
        Headers h = new Headers();
        for (int i = 0; i < 50; i++) {
            h.add("H" + i, "v" + i);
        }

        assertThat(h.size()).isEqualTo(50);
        assertThat(h.get("h49")).isEqualTo("v49");
        assertThat(h.isEmpty()).isFalse();
        assertThat(new Headers().isEmpty()).isTrue();
    }

    @Test
    void index_out_of_range_is_refused() {
        Headers h = new Headers().add("A", "1");

        assertThatThrownBy(() -> h.name(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> h.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest(name = "value \"{0}\"")
    @ValueSource(strings = {"a\rb", "a\nb", "a\r\nX-Injected: 1", "a\u0000b", "\u0100", "\u20ac"})
    void values_that_could_split_the_message_are_refused(String value) {
        assertThatThrownBy(() -> new Headers().add("X", value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Headers().set("X", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_null_value_is_refused() {
        assertThatThrownBy(() -> new Headers().add("X", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "value \"{0}\"")
    @ValueSource(strings = {"", "a b\tc", "caf\u00e9", "\u00ff", "\"quoted\", list; q=0.1"})
    void tabs_spaces_and_latin_1_values_are_accepted(String value) {
        assertThat(new Headers().add("X", value).get("X")).isEqualTo(value);
    }

    @ParameterizedTest(name = "name \"{0}\"")
    @ValueSource(strings = {"", "a b", "a:b", "a\tb", "a\r", "a\n", "(x)", "caf\u00e9", "x\u0100", "a/b", "a@b", "{}", "\"q\""})
    void names_that_are_not_tokens_are_refused(String name) {
        assertThatThrownBy(() -> new Headers().add(name, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Headers().set(name, "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_null_name_is_refused() {
        assertThatThrownBy(() -> new Headers().add(null, "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "name \"{0}\"")
    @ValueSource(strings = {"X-Custom", "a", "!#$%&'*+-.^_`|~", "0"})
    void token_names_are_accepted(String name) {
        assertThat(new Headers().add(name, "v").name(0)).isEqualTo(name);
    }
}
