package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a {@link ResponseParser} the way a client connection does, and records what it reports: the twin of
 * {@link ParserHarness}. Each fixture is fed whole, split in two at every index, and one byte at a time; every
 * feeding must tell the same story. The buffers start at a non-zero array offset and are surrounded by LF bytes, so
 * a parser that ignored {@code arrayOffset()} or read past {@code limit()} would see line ends that are not there.
 */
final class ResponseParserHarness {
    private static final int PAD = 3;

    private ResponseParserHarness() {}

    /** One response as the parser reported it. */
    record Message(ResponseHead head, byte[] body, boolean done) {
        String describe() {
            return head.version() + " " + head.status() + " '" + head.reason() + "' cl=" + head.contentLength()
                    + " chunked=" + head.chunked() + " keepAlive=" + head.keepAlive() + " headers=" + head.headers()
                    + " body=[" + new String(body, ISO_8859_1) + "]" + (done ? " DONE" : "");
        }

        String bodyText() {
            return new String(body, ISO_8859_1);
        }
    }

    /**
     * What one feeding produced: the responses (the last may be unfinished), the violation that ended it (or null),
     * the bytes left after a 101 (or unconsumed at the end), and whether the parser was inside a response.
     */
    record Transcript(List<Message> messages, ResponseViolation violation, String rest, boolean inMessage) {
        String describe() {
            StringBuilder sb = new StringBuilder();
            for (Message m : messages) {
                sb.append(m.describe()).append('\n');
            }
            return sb.append("violation=").append(violation).append(" rest=[").append(rest).append("] inMessage=")
                    .append(inMessage).toString();
        }

        Message only() {
            assertThat(messages).as(describe()).hasSize(1);
            return messages.get(0);
        }

        Message last() {
            assertThat(messages).as(describe()).isNotEmpty();
            return messages.get(messages.size() - 1);
        }
    }

    /** Feeds {@code input} in the pieces {@code cuts} marks; with {@code eof}, ends with {@link ResponseParser#eof()}. */
    static Transcript feed(ResponseParser parser, byte[] input, boolean eof, int... cuts) {
        List<Message> messages = new ArrayList<>();
        ResponseHead head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer buf = wrap(new byte[0], 0);
        long calls = 0;
        long maxCalls = 4L * input.length + 16;
        int from = 0;
        try {
            for (int k = 0; k <= cuts.length; k++) {
                int to = k < cuts.length ? cuts[k] : input.length;
                buf = append(buf, input, from, to);
                from = to;
                for (;;) {
                    if (++calls > maxCalls) {
                        throw new AssertionError("the parser does not progress: " + calls + " calls for " + input.length + " bytes");
                    }
                    ResponseParser.Event e = parser.parse(buf);
                    if (e == ResponseParser.Event.NEED_MORE) {
                        break;
                    }
                    switch (e) {
                        case HEAD -> {
                            head = parser.head();
                            body.reset();
                        }
                        case BODY -> {
                            ByteBuffer b = parser.body();
                            assertThat(b.remaining()).as("an empty BODY event").isPositive();
                            byte[] chunk = new byte[b.remaining()];
                            b.duplicate().get(chunk);
                            body.writeBytes(chunk);
                        }
                        case DONE -> {
                            messages.add(new Message(head, body.toByteArray(), true));
                            boolean upgraded = head.status() == 101;
                            head = null;
                            body.reset();
                            if (upgraded) { // the rest is another protocol's
                                byte[] rest = new byte[buf.remaining() + input.length - from];
                                buf.get(rest, 0, buf.remaining());
                                System.arraycopy(input, from, rest, rest.length - (input.length - from), input.length - from);
                                return new Transcript(messages, null, new String(rest, ISO_8859_1), false);
                            }
                            parser.reset();
                        }
                        default -> throw new AssertionError(e);
                    }
                }
            }
            if (eof && (parser.inMessage() || buf.hasRemaining() || head != null)) {
                if (parser.eof() == ResponseParser.Event.DONE) {
                    messages.add(new Message(head, body.toByteArray(), true));
                    head = null;
                }
            }
        } catch (BadResponseException ex) {
            if (head != null) {
                messages.add(new Message(head, body.toByteArray(), false));
            }
            return new Transcript(messages, ex.violation(), "", true);
        }
        if (head != null) {
            messages.add(new Message(head, body.toByteArray(), false));
        }
        return new Transcript(messages, null, new String(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining(), ISO_8859_1),
                parser.inMessage());
    }

    /** Parses {@code input} whole, split at every index and byte by byte; asserts one story and returns it. */
    static Transcript parse(HttpLimits limits, Compliance compliance, String method, boolean eof, byte[] input) {
        Transcript whole = feed(parser(limits, compliance, method), input, eof);
        String expected = whole.describe();
        for (int i = 1; i < input.length; i++) {
            Transcript split = feed(parser(limits, compliance, method), input, eof, i);
            assertThat(split.describe()).as("split at %d of %s", i, ParserHarness.printable(input)).isEqualTo(expected);
        }
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        Transcript bytewise = feed(parser(limits, compliance, method), input, eof, everyByte);
        assertThat(bytewise.describe()).as("byte by byte: %s", ParserHarness.printable(input)).isEqualTo(expected);
        return whole;
    }

    /** Strict, default limits, answering a GET, no end of stream. */
    static Transcript parse(String input) {
        return parse(HttpLimits.DEFAULTS, Compliance.STRICT, "GET", false, input.getBytes(ISO_8859_1));
    }

    /** Strict, default limits, answering {@code method}; with {@code eof} the connection closes after the input. */
    static Transcript parse(String method, boolean eof, String input) {
        return parse(HttpLimits.DEFAULTS, Compliance.STRICT, method, eof, input.getBytes(ISO_8859_1));
    }

    private static ResponseParser parser(HttpLimits limits, Compliance compliance, String method) {
        ResponseParser p = new ResponseParser(limits, compliance);
        p.request(method);
        return p;
    }

    private static ByteBuffer append(ByteBuffer buf, byte[] input, int from, int to) {
        byte[] joined = new byte[buf.remaining() + to - from];
        buf.duplicate().get(joined, 0, buf.remaining());
        System.arraycopy(input, from, joined, buf.remaining(), to - from);
        return wrap(joined, joined.length);
    }

    private static ByteBuffer wrap(byte[] content, int length) {
        byte[] a = new byte[PAD + length + PAD];
        Arrays.fill(a, (byte) '\n');
        System.arraycopy(content, 0, a, PAD, length);
        return ByteBuffer.wrap(a, PAD, length).slice();
    }
}
