package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chat's small JSON reader and writer. */
class ChatJsonTest {

    @Test
    void parses_objects_arrays_and_scalars() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(" {\"name\": \"al\", \"text\": \"hi\\n\\u00e9\\ud83d\\ude00\\/\","
                + " \"n\": -12, \"x\": 1.5e3, \"ok\": true, \"no\": false, \"nil\": null, \"list\": [1, [], {}]} ");
        assertThat(m.keySet()).containsExactly("name", "text", "n", "x", "ok", "no", "nil", "list");
        assertThat(m).containsEntry("name", "al").containsEntry("text", "hi\n\u00e9\uD83D\uDE00/")
                .containsEntry("n", -12L).containsEntry("x", 1500.0).containsEntry("ok", true).containsEntry("no", false)
                .containsEntry("nil", null).containsEntry("list", List.of(1L, List.of(), Map.of()));
        assertThat(Json.parse("[]")).isEqualTo(List.of());
        assertThat(Json.parse("\"\"")).isEqualTo("");
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("123456789012345678901234567890")).isEqualTo(1.2345678901234568E29);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}", "'a'",
            "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "01", "-", "1.", "1e", "tru", "nul", "{} {}",
            "\"raw\ttab\"", "[1]]"})
    void rejects_what_is_not_json(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON at offset ");
    }

    @Test
    void deep_nesting_is_refused_not_a_stack_overflow() {
        char[] open = new char[100_000];
        Arrays.fill(open, '[');
        assertThatThrownBy(() -> Json.parse(new String(open))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quote_escapes_what_json_and_javascript_need() {
        assertThat(Json.quote("a\"b\\c\nd\re\tf\u0001g\u2028h\u2029</script>"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u2028h\\u2029</script>\"");
        String tricky = "\u0000\u001f\b\f \uD83D\uDE00";
        assertThat(Json.parse(Json.quote(tricky))).isEqualTo(tricky);
    }
}
