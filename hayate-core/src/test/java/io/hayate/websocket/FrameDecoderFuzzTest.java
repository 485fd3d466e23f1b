package io.hayate.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hayate.websocket.DecoderHarness.Frame;
import io.hayate.websocket.DecoderHarness.Transcript;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of {@link FrameDecoder}: for any bytes, role, extension and limits, the decoder must only ever produce
 * events or throw {@link WebSocketException} (the harness lets anything else through, and stops a decoder that does
 * not progress), never hand out or buffer more than the limits allow, and tell the same story (events and close
 * code) fed whole, in pieces, and one byte at a time.
 *
 * <p>{@link #decoder_is_total_bounded_and_split_invariant} is a Jazzer target. Input layout: byte 0 picks the
 * configuration (bit 0 role, bit 1 permessage-deflate, bits 2–3 no-context-takeover for server and client, bits 4–5
 * the limits), byte 1 seeds where the input is cut, the rest is the stream. Without {@code JAZZER_FUZZ} set it
 * replays the inputs in {@code src/test/resources/io/hayate/websocket/FrameDecoderFuzzTestInputs/<method>/} (seeds
 * and former crashers; a new crasher is written there). {@link #mutated_valid_streams_keep_the_invariants} checks the
 * same properties on seeded random mutations of valid streams in every ordinary test run.
 */
class FrameDecoderFuzzTest {
    private static final WsLimits[] LIMITS = {
        WsLimits.DEFAULTS, new WsLimits(16, 64), new WsLimits(125, 300), new WsLimits(1, 8),
    };

    @FuzzTest(maxDuration = "30s")
    void decoder_is_total_bounded_and_split_invariant(byte[] data) {
        if (data.length < 2) {
            return;
        }
        check(data[0], data[1], Arrays.copyOfRange(data, 2, data.length));
    }

    @Test
    void mutated_valid_streams_keep_the_invariants() {
        SplittableRandom random = new SplittableRandom(6455);
        for (int round = 0; round < 1500; round++) {
            int config = random.nextInt(256);
            byte[] stream = validStream(config, random);
            int mutations = random.nextInt(4);
            for (int m = 0; m < mutations && stream.length > 0; m++) {
                int at = random.nextInt(stream.length);
                switch (random.nextInt(3)) {
                    case 0 -> stream[at] = (byte) random.nextInt(256);
                    case 1 -> stream[at] ^= (byte) (1 << random.nextInt(8));
                    default -> stream = Arrays.copyOf(stream, at); // truncate
                }
            }
            check((byte) config, (byte) random.nextInt(256), stream);
        }
    }

    private static void check(byte config, byte cutSeed, byte[] stream) {
        Role role = (config & 1) == 0 ? Role.SERVER : Role.CLIENT;
        PerMessageDeflate deflate = (config & 2) == 0 ? null : new PerMessageDeflate((config & 4) != 0, (config & 8) != 0, 0, 0);
        WsLimits limits = LIMITS[(config >>> 4) & 3];

        FrameDecoder first = new FrameDecoder(role, limits, deflate);
        Transcript whole = DecoderHarness.feed(first, stream);
        assertThat(first.bufferCapacity()).as("buffer").isLessThanOrEqualTo(limits.maxMessageSize() + 1);
        for (Frame f : whole.frames()) {
            int max = f.event() == FrameDecoder.Event.TEXT || f.event() == FrameDecoder.Event.BINARY ? limits.maxMessageSize() : 125;
            assertThat(f.payload().length).as("payload of %s", f.event()).isLessThanOrEqualTo(max);
        }
        // Violation names, not only close codes: compressed payload reaches the inflater in fixed pieces of the
        // message, so even which of two 1007s (invalid UTF-8, corrupt DEFLATE data) a broken message gets is the same.
        String expected = whole.describe();

        SplittableRandom random = new SplittableRandom(cutSeed);
        int[] cuts = random.ints(random.nextInt(8), 1, Math.max(2, stream.length)).filter(i -> i < stream.length)
                .sorted().distinct().toArray();
        Transcript split = DecoderHarness.feed(new FrameDecoder(role, limits, deflate), stream, cuts);
        assertThat(split.describe()).as("split at %s", Arrays.toString(cuts)).isEqualTo(expected);

        int[] everyByte = new int[Math.max(0, stream.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        Transcript bytewise = DecoderHarness.feed(new FrameDecoder(role, limits, deflate), stream, everyByte);
        assertThat(bytewise.describe()).as("byte by byte").isEqualTo(expected);
    }

    /** A few frames a peer of {@code config}'s decoder could send. */
    private static byte[] validStream(int config, SplittableRandom random) {
        Role sender = (config & 1) == 0 ? Role.CLIENT : Role.SERVER;
        PerMessageDeflate deflate = (config & 2) == 0 ? null : new PerMessageDeflate((config & 4) != 0, (config & 8) != 0, 0, 0);
        FrameEncoder e = new FrameEncoder(sender, deflate, random::nextInt);
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        int frames = random.nextInt(1, 5);
        for (int i = 0; i < frames; i++) {
            byte[] payload = new byte[random.nextInt(0, 200)];
            random.nextBytes(payload);
            ByteBuffer p = ByteBuffer.wrap(payload);
            ByteBuffer frame = switch (random.nextInt(5)) {
                case 0 -> e.text("héllo ".repeat(random.nextInt(0, 40)), random.nextInt(1, 64));
                case 1 -> e.binary(p, random.nextInt(1, 300));
                case 2 -> e.ping(p.limit(Math.min(125, payload.length)));
                case 3 -> e.pong(ByteBuffer.allocate(0));
                default -> i == frames - 1 ? e.close(1000, "bye") : e.binary(p);
            };
            out.put(frame);
        }
        return Arrays.copyOf(out.array(), out.position());
    }
}
