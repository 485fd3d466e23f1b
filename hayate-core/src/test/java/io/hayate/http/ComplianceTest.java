package io.hayate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComplianceTest {

    @Test
    void strict_allows_nothing_and_lenient_its_two() {
        assertThat(Compliance.STRICT.allowed()).isEmpty();
        assertThat(Compliance.LENIENT.allows(Violation.LF_LINE_TERMINATOR)).isTrue();
        assertThat(Compliance.LENIENT.allows(Violation.DUPLICATE_CONTENT_LENGTH)).isTrue();
        assertThat(Compliance.LENIENT.allows(Violation.WHITESPACE_BEFORE_COLON)).isFalse();
    }

    @Test
    void only_three_violations_are_tolerable() {
        assertThat(Arrays.stream(Violation.values()).filter(Violation::tolerable))
                .containsExactlyInAnyOrder(Violation.LF_LINE_TERMINATOR, Violation.WHITESPACE_BEFORE_COLON, Violation.DUPLICATE_CONTENT_LENGTH);
    }

    @Test
    void every_violation_answers_with_a_known_error_status() {
        for (Violation v : Violation.values()) {
            assertThat(v.status()).as(v.name()).isIn(400, 408, 413, 414, 417, 431, 505);
            assertThat(v.rfc()).as(v.name()).matches("\\d{4} §[\\d.]+");
            assertThat(v.description()).as(v.name()).isNotBlank();
        }
    }

    @Test
    void a_mode_cannot_tolerate_a_smuggling_risk() {
        assertThatThrownBy(() -> Compliance.STRICT.with(Violation.CONFLICTING_CONTENT_LENGTH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Compliance(EnumSet.of(Violation.OBS_FOLD))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modes_are_immutable_values() {
        Compliance c = Compliance.STRICT.with(Violation.WHITESPACE_BEFORE_COLON);

        assertThat(Compliance.STRICT.allowed()).isEmpty();
        assertThat(c.without(Violation.WHITESPACE_BEFORE_COLON)).isEqualTo(Compliance.STRICT);
        assertThatThrownBy(() -> c.allowed().add(Violation.LF_LINE_TERMINATOR)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parses_a_mode_with_additions_and_removals() {
        assertThat(Compliance.parse("strict")).isEqualTo(Compliance.STRICT);
        assertThat(Compliance.parse(" LENIENT ")).isEqualTo(Compliance.LENIENT);
        assertThat(Compliance.parse("STRICT,+lf_line_terminator").allowed()).containsExactly(Violation.LF_LINE_TERMINATOR);
        assertThat(Compliance.parse("LENIENT, -DUPLICATE_CONTENT_LENGTH, +WHITESPACE_BEFORE_COLON").allowed())
                .containsExactlyInAnyOrder(Violation.LF_LINE_TERMINATOR, Violation.WHITESPACE_BEFORE_COLON);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "RELAXED", "STRICT,LF_LINE_TERMINATOR", "STRICT,+NO_SUCH", "STRICT,+", "STRICT,+OBS_FOLD"})
    void refuses_a_bad_spec(String spec) {
        assertThatThrownBy(() -> Compliance.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }
}
