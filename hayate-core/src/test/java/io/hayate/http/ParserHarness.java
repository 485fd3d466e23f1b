package io.hayate.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a {@link RequestParser} the way a connection does, and records what it reports.
 *
 * <p>Each feed is appended to the bytes the parser left unconsumed, and the parser is called until it asks for more.
 * The buffer handed to the parser starts at a non-zero array offset and is surrounded by LF bytes, so a parser that
 * ignored {@code arrayOffset()} or read past {@code limit()} would find line ends that are not there.
 *
 * <p>{@link #parse} feeds a fixture whole, split in two at every index, and one byte at a time, and checks that all
 * feedings tell the same story (as Netty's {@code HttpRequestDecoderTest} does).
 */
final class ParserHarness {
    private static final int PAD = 3;

    private ParserHarness() {}

    /** One request as the parser reported it. */
    record Message(RequestHead head, byte[] body, boolean done) {
        String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(head.method()).append(' ').append(head.target()).append(" path=").append(head.rawPath())
                    .append(" query=").append(head.rawQuery()).append(" 1.").append(head.minorVersion())
                    .append(" cl=").append(head.contentLength()).append(" chunked=").append(head.chunked())
                    .append(" keepAlive=").append(head.keepAlive()).append(" continue=").append(head.expectContinue())
                    .append(" upgrade=").append(head.upgrade()).append(" headers=").append(head.headers());
            sb.append(" body=[").append(new String(body, ISO_8859_1)).append("]").append(done ? " DONE" : "");
            return sb.toString();
        }

        String bodyText() {
            return new String(body, ISO_8859_1);
        }
    }

    /**
     * Everything one feeding produced: the messages (the last may be unfinished), the violation that ended it (or
     * null), how many bytes were left unconsumed, and whether the parser was inside a message at the end.
     */
    record Transcript(List<Message> messages, Violation violation, int pending, boolean inMessage) {
        String describe() {
            StringBuilder sb = new StringBuilder();
            for (Message m : messages) {
                sb.append(m.describe()).append('\n');
            }
            return sb.append("violation=").append(violation).append(" pending=").append(pending)
                    .append(" inMessage=").append(inMessage).toString();
        }

        Message only() {
            assertThat(messages).as(describe()).hasSize(1);
            return messages.get(0);
        }

        RequestHead head() {
            return only().head();
        }

        long doneCount() {
            return messages.stream().filter(Message::done).count();
        }
    }

    /** Feeds {@code input} in the pieces {@code cuts} marks (ascending indexes) and records what happens. */
    static Transcript feed(RequestParser parser, byte[] input, int... cuts) {
        List<Message> messages = new ArrayList<>();
        RequestHead head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer buf = wrap(new byte[0], 0);
        long calls = 0;
        long maxCalls = 4L * input.length + 16; // each call consumes a byte or changes state: more is a loop
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
                    int before = buf.position();
                    RequestParser.Event e = parser.parse(buf);
                    if (e == RequestParser.Event.NEED_MORE) {
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
                            assertThat(buf.position() - before).as("BODY consumes at least its bytes").isGreaterThanOrEqualTo(b.remaining());
                            byte[] chunk = new byte[b.remaining()];
                            b.duplicate().get(chunk);
                            body.writeBytes(chunk);
                        }
                        case DONE -> {
                            messages.add(new Message(head, body.toByteArray(), true));
                            head = null;
                            body.reset();
                            parser.reset();
                        }
                        default -> throw new AssertionError(e);
                    }
                }
            }
        } catch (BadMessageException ex) {
            if (head != null) {
                messages.add(new Message(head, body.toByteArray(), false));
            }
            // pending is -1: how much of the input had arrived when the error showed depends on the feeding
            return new Transcript(messages, ex.violation(), -1, true);
        }
        if (head != null) {
            messages.add(new Message(head, body.toByteArray(), false));
        }
        return new Transcript(messages, null, buf.remaining(), parser.inMessage());
    }

    /**
     * Parses {@code input} fed whole, split in two at every index, and one byte at a time; asserts that every feeding
     * gives the same transcript, and returns it.
     */
    static Transcript parse(HttpLimits limits, Compliance compliance, byte[] input) {
        Transcript whole = feed(new RequestParser(limits, compliance), input);
        String expected = whole.describe();
        for (int i = 1; i < input.length; i++) {
            Transcript split = feed(new RequestParser(limits, compliance), input, i);
            assertThat(split.describe()).as("split at %d of %s", i, printable(input)).isEqualTo(expected);
        }
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        Transcript bytewise = feed(new RequestParser(limits, compliance), input, everyByte);
        assertThat(bytewise.describe()).as("byte by byte: %s", printable(input)).isEqualTo(expected);
        return whole;
    }

    static Transcript parse(HttpLimits limits, Compliance compliance, String input) {
        return parse(limits, compliance, input.getBytes(ISO_8859_1));
    }

    static Transcript parse(Compliance compliance, String input) {
        return parse(HttpLimits.DEFAULTS, compliance, input);
    }

    /** Strict, default limits. */
    static Transcript parse(String input) {
        return parse(HttpLimits.DEFAULTS, Compliance.STRICT, input);
    }

    /** The unconsumed bytes of {@code buf} followed by {@code input[from, to)}, in a fresh padded buffer. */
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

    static String printable(byte[] input) {
        String s = new String(input, 0, Math.min(input.length, 200), ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
        return input.length > 200 ? s + "…(" + input.length + " bytes)" : s;
    }
}
