package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayate.http.ResponseParserHarness.Message;
import io.hayate.http.ResponseParserHarness.Transcript;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid responses: for any of them, limits and compliance mode, the parser only ever
 * throws {@link BadResponseException} (anything else escapes the harness and fails the test), never hands out more
 * than the limits and the framing allow, and tells the same story fed whole, split at random places, and one byte
 * at a time. (A Jazzer target like {@code RequestParserFuzzTest} could reuse {@link #check}; the fuzz run takes one
 * target per JVM, so this one runs as an ordinary test.)
 */
class ResponseParserMutationTest {
    private static final String[] SEEDS = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n3\r\nabc\r\n0\r\nT: v\r\n\r\n",
        "HTTP/1.0 404 Not Found\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nno",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\nuntil the end of the connection",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0001x",
    };
    private static final byte[] INTERESTING = "\r\n :;0123456789abcdefHTTP/1.chunked,".getBytes(ISO_8859_1);

    @Test
    void mutated_responses_keep_the_invariants() {
        SplittableRandom random = new SplittableRandom(20240521);
        for (int round = 0; round < 10_000; round++) {
            byte[] input = mutate(SEEDS[random.nextInt(SEEDS.length)].getBytes(ISO_8859_1), random);
            HttpLimits limits = random.nextBoolean() ? HttpLimits.DEFAULTS
                    : new HttpLimits(random.nextInt(8, 64), random.nextInt(8, 256), random.nextInt(1, 8), random.nextLong(1, 512), random.nextInt(1, 16));
            Compliance compliance = random.nextBoolean() ? Compliance.STRICT : Compliance.LENIENT;
            String method = random.nextInt(4) == 0 ? "HEAD" : "GET";
            boolean eof = random.nextBoolean();
            check(limits, compliance, method, eof, input, random);
        }
    }

    static void check(HttpLimits limits, Compliance compliance, String method, boolean eof, byte[] input, SplittableRandom random) {
        Transcript whole = bounded(limits, ResponseParserHarness.feed(parser(limits, compliance, method), input, eof));
        String expected = whole.describe();
        int[] cuts = random.ints(random.nextInt(0, 6), 1, Math.max(2, input.length)).filter(i -> i < input.length).sorted().distinct().toArray();
        Transcript split = ResponseParserHarness.feed(parser(limits, compliance, method), input, eof, cuts);
        assertThat(split.describe()).as("split %s of %s", Arrays.toString(cuts), ParserHarness.printable(input)).isEqualTo(expected);
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        Transcript bytewise = ResponseParserHarness.feed(parser(limits, compliance, method), input, eof, everyByte);
        assertThat(bytewise.describe()).as("byte by byte: %s", ParserHarness.printable(input)).isEqualTo(expected);
    }

    private static ResponseParser parser(HttpLimits limits, Compliance compliance, String method) {
        ResponseParser p = new ResponseParser(limits, compliance);
        p.request(method);
        return p;
    }

    private static Transcript bounded(HttpLimits limits, Transcript t) {
        for (Message m : t.messages()) {
            ResponseHead h = m.head();
            assertThat(h.status()).isBetween(100, 599);
            assertThat(h.headers().size()).isLessThanOrEqualTo(limits.maxHeaderCount());
            assertThat((long) m.body().length).isLessThanOrEqualTo(limits.maxBodySize());
            if (!h.chunked() && h.contentLength() >= 0) {
                assertThat((long) m.body().length).isLessThanOrEqualTo(h.contentLength());
            }
        }
        return t;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed;
        for (int n = random.nextInt(1, 4); n > 0; n--) {
            int at = random.nextInt(b.length + 1);
            switch (random.nextInt(4)) {
                case 0 -> { // replace a byte
                    if (at < b.length) {
                        b = b.clone();
                        b[at] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
                    }
                }
                case 1 -> { // insert
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 2 -> { // delete
                    if (at < b.length) {
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c;
                    }
                }
                default -> b = Arrays.copyOf(b, Math.min(b.length, at)); // truncate
            }
        }
        return b;
    }
}
