package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    @Test
    void formats_imf_fixdate() {
        // RFC 9110 §5.6.7's example
        assertThat(HttpDate.format(784111777)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    }

    @Test
    void days_hours_minutes_and_seconds_are_zero_padded() {
        long t = Instant.parse("2024-03-05T04:03:02Z").getEpochSecond();

        assertThat(HttpDate.format(t)).isEqualTo("Tue, 05 Mar 2024 04:03:02 GMT");
    }

    @Test
    void it_is_always_gmt_and_english() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            long t = Instant.parse("2025-12-31T23:59:59Z").getEpochSecond();

            assertThat(HttpDate.format(t)).isEqualTo("Wed, 31 Dec 2025 23:59:59 GMT");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void the_date_line_is_a_header_line_for_now() {
        long before = System.currentTimeMillis() / 1000;
        String line = new String(HttpDate.line(), ISO_8859_1);
        long after = System.currentTimeMillis() / 1000;

        assertThat(line).matches("Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT\r\n");
        long stamped = ZonedDateTime.parse(line.substring(6, line.length() - 2), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        assertThat(stamped).isBetween(before, after);
        assertThat(line).hasSize(HttpDate.LINE_LENGTH);
    }

    @Test
    void the_date_line_is_cached_within_a_second() {
        for (int attempt = 0; attempt < 3; attempt++) {
            long s = System.currentTimeMillis() / 1000;
            byte[] a = HttpDate.line();
            byte[] b = HttpDate.line();
            if (System.currentTimeMillis() / 1000 == s) {
                assertThat(b).isSameAs(a);
                return;
            }
        }
    }
}
