package io.hayate.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.SplittableRandom;

/**
 * Coverage-guided fuzzing of {@link ResponseParser} with Jazzer: the client reads whatever a server sends, so for
 * any bytes, limits, compliance mode, request method, end of stream or not, and way of splitting the bytes, the parser
 * must only ever throw {@link BadResponseException}, never hand out more than the limits and the framing allow, and
 * tell the same story fed whole, in pieces and one byte at a time ({@link ResponseParserMutationTest#check}, which
 * runs the same invariants over seeded random mutations as an ordinary test).
 *
 * <p>Runs like {@link RequestParserFuzzTest}: {@code fuzz.duration} in {@code mvn verify}, longer with
 * {@code ./hayate fuzz 10m}; the inputs in {@code src/test/resources/io/hayate/http/ResponseParserFuzzTestInputs/}
 * are replayed first. The choices come from the end of the input, the response bytes from the front.
 */
class ResponseParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"HTTP/1.1 ", "HTTP/1.0 ", "200 OK", "100 Continue", "204", "304", "101", "\\x0d\\x0a",
            "\\x0d\\x0a\\x0d\\x0a", "Content-Length: ", "Transfer-Encoding: ", "chunked", "Connection: ", "close",
            "keep-alive", ";ext=1", "0\\x0d\\x0a\\x0d\\x0a", "7fffffffffffffff", "999999999999999999"})
    void parser_is_total_bounded_and_split_invariant(FuzzedDataProvider data) {
        boolean defaults = data.consumeBoolean();
        HttpLimits limits = defaults ? HttpLimits.DEFAULTS : new HttpLimits(
                data.consumeInt(8, 64), data.consumeInt(8, 256), data.consumeInt(1, 8),
                data.consumeLong(1, 512), data.consumeInt(1, 32));
        Compliance compliance = data.consumeBoolean() ? Compliance.STRICT : Compliance.LENIENT;
        String method = data.consumeBoolean() ? "HEAD" : "GET";
        boolean eof = data.consumeBoolean();
        long cutSeed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();
        ResponseParserMutationTest.check(limits, compliance, method, eof, input, new SplittableRandom(cutSeed));
    }
}
