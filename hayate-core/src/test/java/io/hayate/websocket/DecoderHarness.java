package io.hayate.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drives a {@link FrameDecoder} the way a connection does, and records what it reports.
 *
 * <p>Each piece of input is handed over in a buffer that starts at a non-zero array offset inside a larger array
 * filled with {@code 0xFF}, so a decoder that ignored {@code arrayOffset()} or read past {@code limit()} would see
 * bytes that are not there. The decoder is called until it asks for more, and every {@code NEED_MORE} must leave
 * the piece fully consumed.
 *
 * <p>{@link #decode} feeds a fixture whole, split in two at every index, and one byte at a time, and checks that all
 * feedings tell the same story (fixtures over 4 KiB are split at every index of the first and last 64 bytes and at
 * 257 evenly spread ones, to keep the run short).
 */
final class DecoderHarness {
    private static final int PAD = 5;
    private static final int EXHAUSTIVE = 4096;

    private DecoderHarness() {}

    /** One event with what came with it. */
    record Frame(FrameDecoder.Event event, byte[] payload, int code, String reason) {
        String describe() {
            String p = payload.length <= 64 ? HexFormat.of().formatHex(payload)
                    : payload.length + " bytes #" + Integer.toHexString(Arrays.hashCode(payload));
            return event + (event == FrameDecoder.Event.CLOSE ? " " + code + " '" + reason + "'" : "") + " [" + p + "]";
        }

        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Everything one feeding produced: the events and the violation that ended it, or null. */
    record Transcript(List<Frame> frames, WsViolation violation, boolean inMessage) {
        String describe() {
            return describeEvents().append("violation=").append(violation).append(" inMessage=").append(inMessage).toString();
        }

        private StringBuilder describeEvents() {
            StringBuilder sb = new StringBuilder();
            for (Frame f : frames) {
                sb.append(f.describe()).append('\n');
            }
            return sb;
        }

        Frame only() {
            assertThat(frames).as(describe()).hasSize(1);
            return frames.get(0);
        }
    }

    /** Feeds {@code input} in the pieces {@code cuts} marks (ascending indexes) and records what happens. */
    static Transcript feed(FrameDecoder decoder, byte[] input, int... cuts) {
        List<Frame> frames = new ArrayList<>();
        int start = 0;
        try {
            for (int k = 0; k <= cuts.length; k++) {
                int end = k < cuts.length ? cuts[k] : input.length;
                ByteBuffer in = wrap(input, start, end - start);
                for (int calls = 0; ; calls++) {
                    // plain checks, not AssertJ: this loop runs once per byte of big fixtures
                    check(calls <= end - start + 1, "more calls than bytes in one piece");
                    int before = in.position();
                    FrameDecoder.Event e = decoder.decode(in);
                    if (e == FrameDecoder.Event.NEED_MORE) {
                        check(!in.hasRemaining(), "NEED_MORE left bytes unconsumed");
                        check(decoder.payload().remaining() == 0, "payload after NEED_MORE");
                        break;
                    }
                    check(in.position() > before, "an event consumed nothing");
                    frames.add(record(decoder, e));
                }
                start = end;
            }
        } catch (WebSocketException e) {
            return new Transcript(frames, e.violation(), decoder.inMessage());
        }
        return new Transcript(frames, null, decoder.inMessage());
    }

    /**
     * Decodes {@code input} whole, split in two at every index, and one byte at a time, with a fresh decoder from
     * {@code decoders} each time; checks all tell the same story and returns it.
     */
    static Transcript decode(Supplier<FrameDecoder> decoders, byte[] input) {
        Transcript whole = feed(decoders.get(), input);
        String expected = whole.describe();
        for (int cut : splitPoints(input.length)) {
            assertThat(feed(decoders.get(), input, cut).describe()).as("split at %d", cut).isEqualTo(expected);
        }
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        assertThat(feed(decoders.get(), input, everyByte).describe()).as("one byte at a time").isEqualTo(expected);
        return whole;
    }

    /** {@link #decode} for a decoder of {@code role} with default limits and no extension. */
    static Transcript decode(Role role, byte[] input) {
        return decode(() -> new FrameDecoder(role), input);
    }

    /** Concatenates byte arrays: several frames in one input. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Bytes from hex with optional spaces: {@code "81 05 48"}. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** The remaining bytes of a buffer, leaving it unchanged. */
    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static int[] splitPoints(int length) {
        if (length <= EXHAUSTIVE) {
            int[] all = new int[Math.max(0, length - 1)];
            Arrays.setAll(all, i -> i + 1);
            return all;
        }
        return java.util.stream.IntStream.concat(
                java.util.stream.IntStream.concat(java.util.stream.IntStream.rangeClosed(1, 64),
                        java.util.stream.IntStream.range(length - 64, length)),
                java.util.stream.IntStream.rangeClosed(1, 257).map(i -> (int) ((long) length * i / 258)))
                .filter(i -> i > 0 && i < length).sorted().distinct().toArray();
    }

    private static Frame record(FrameDecoder d, FrameDecoder.Event e) {
        byte[] payload = bytes(d.payload());
        assertThat(d.payload().isReadOnly()).isTrue();
        if (e == FrameDecoder.Event.TEXT) {
            assertThat(d.text()).isEqualTo(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (e == FrameDecoder.Event.CLOSE) {
            return new Frame(e, payload, d.closeCode(), d.closeReason());
        }
        return new Frame(e, payload, 0, null);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static ByteBuffer wrap(byte[] input, int from, int len) {
        byte[] a = new byte[len + 2 * PAD];
        Arrays.fill(a, (byte) 0xff);
        System.arraycopy(input, from, a, PAD, len);
        return ByteBuffer.wrap(a, PAD, len).slice(); // arrayOffset() == PAD, limit() == len
    }
}
