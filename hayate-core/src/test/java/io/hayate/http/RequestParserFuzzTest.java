package io.hayate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hayate.http.ParserHarness.Message;
import io.hayate.http.ParserHarness.Transcript;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link RequestParser} with Jazzer.
 *
 * <p>For any bytes, limits, compliance mode and way of splitting the bytes into reads, the parser must only ever
 * throw {@link BadMessageException} (the harness lets anything else through, and stops a parser that does not
 * progress), never hand out a head or body over the limits, and tell the same story fed whole, in the fuzzer's
 * pieces, and one byte at a time.
 *
 * <p>{@code mvn verify} fuzzes for {@code fuzz.duration} (30 s, in the pom's "fuzz" surefire execution; the unit-test
 * execution leaves it out); {@code ./hayate fuzz 10m} fuzzes longer. Each run first replays the inputs in
 * {@code src/test/resources/io/hayate/http/RequestParserFuzzTestInputs/parser_is_total_bounded_and_split_invariant/}
 * (seeds and former crashers; a new crasher is written there). Run without {@code JAZZER_FUZZ}, e.g. from an IDE,
 * the test only replays them.
 *
 * <p>Inputs are read with Jazzer's {@link FuzzedDataProvider}: the choices (limits, mode, pieces) come from the end of
 * the input, the request bytes from the front. The {@code seed-*} inputs are plain requests with choice bytes appended;
 * {@code seed-chunked-huge-size} picks tight limits next to a 64-bit chunk size, where an overflow once hid.
 * Changing the order or ranges of the choices below changes what every stored input means.
 */
class RequestParserFuzzTest {

    @FuzzTest(maxDuration = "30s") // `jazzer.max_duration`, set from fuzz.duration by the pom, wins over this
    // libFuzzer dictionary syntax: \x0d\x0a is CR LF. The long numbers: the largest chunk size and Content-Length.
    @DictionaryEntries({"GET ", "POST ", "OPTIONS ", "CONNECT ", " HTTP/1.1\\x0d\\x0a", " HTTP/1.0\\x0d\\x0a", "HTTP/",
            "\\x0d\\x0a", "\\x0d\\x0a\\x0d\\x0a", "Host: a\\x0d\\x0a", "Content-Length: ", "Transfer-Encoding: ", "chunked",
            "Connection: ", "close", "keep-alive", "upgrade", "Upgrade: ", "Expect: ", "100-continue", ";ext=1",
            "0\\x0d\\x0a\\x0d\\x0a", "http://", "*", "7fffffffffffffff", "999999999999999999"})
    void parser_is_total_bounded_and_split_invariant(FuzzedDataProvider data) {
        boolean defaults = data.consumeBoolean();
        HttpLimits limits = defaults ? HttpLimits.DEFAULTS : new HttpLimits(
                data.consumeInt(1, 64), data.consumeInt(1, 256), data.consumeInt(1, 8),
                data.consumeLong(1, 512), data.consumeInt(1, 32));
        Compliance compliance = data.consumeBoolean() ? Compliance.STRICT : Compliance.LENIENT;
        int[] pieces = new int[data.consumeInt(0, 8)];
        for (int k = 0; k < pieces.length; k++) {
            pieces[k] = data.consumeInt(0, 1 << 12);
        }
        byte[] input = data.consumeRemainingAsBytes();

        Transcript whole = check(limits, ParserHarness.feed(new RequestParser(limits, compliance), input));
        String expected = whole.describe();

        Transcript split = ParserHarness.feed(new RequestParser(limits, compliance), input, cuts(pieces, input.length));
        assertThat(split.describe()).as("split %s", Arrays.toString(pieces)).isEqualTo(expected);

        int[] everyByte = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        Transcript bytewise = ParserHarness.feed(new RequestParser(limits, compliance), input, everyByte);
        assertThat(bytewise.describe()).as("byte by byte").isEqualTo(expected);
    }

    /** Turns piece lengths into ascending cut indexes within {@code [1, length)}. */
    private static int[] cuts(int[] pieces, int length) {
        return Arrays.stream(pieces).map(n -> Math.floorMod(n, Math.max(1, length)))
                .filter(i -> i > 0 && i < length).sorted().distinct().toArray();
    }

    private static Transcript check(HttpLimits limits, Transcript t) {
        for (Message m : t.messages()) {
            RequestHead h = m.head();
            // method SP target SP HTTP/x.y
            assertThat(h.method().length() + h.target().length() + 10).as("request line").isLessThanOrEqualTo(limits.maxRequestLine());
            assertThat(h.headers().size()).as("header count").isLessThanOrEqualTo(limits.maxHeaderCount());
            int headerBytes = 0;
            for (int i = 0; i < h.headers().size(); i++) {
                headerBytes += h.headers().name(i).length() + 1 + h.headers().value(i).length() + 1; // name:value LF
            }
            assertThat(headerBytes).as("header section").isLessThanOrEqualTo(limits.maxHeaderSize());
            assertThat((long) m.body().length).as("body").isLessThanOrEqualTo(limits.maxBodySize());
            if (!h.chunked()) {
                assertThat((long) m.body().length).as("body of a Content-Length message")
                        .isLessThanOrEqualTo(Math.max(0, h.contentLength()));
                if (m.done()) {
                    assertThat((long) m.body().length).isEqualTo(Math.max(0, h.contentLength()));
                }
            }
        }
        return t;
    }
}
