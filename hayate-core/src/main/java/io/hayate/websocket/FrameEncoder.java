package io.hayate.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.function.IntSupplier;

/**
 * Encodes messages and control frames into RFC 6455 frames, with no sockets and no threads. A
 * {@link Role#CLIENT} encoder masks every frame with a fresh key from its key source; a {@link Role#SERVER} encoder
 * masks none. With permessage-deflate every text and binary message is compressed and marked with RSV1; control
 * frames never are (RFC 7692 §6).
 *
 * <p>Each method returns a new heap buffer holding one or more whole frames, positioned at 0 and ready to write.
 * Payload arguments are read from their position to their limit and left unchanged.
 * <ul>
 *   <li>{@link #text(CharSequence)}, {@link #binary(ByteBuffer)}: a whole message in one frame, or, with a
 *       {@code maxFramePayload}, in as many frames as needed (RSV1 on the first only).</li>
 *   <li>{@link #fragment}: a message given piece by piece, one frame per call, for data that is not all there yet;
 *       ping, pong and close frames may be encoded between the pieces.</li>
 *   <li>{@link #ping}, {@link #pong}: at most 125 bytes of application data.</li>
 *   <li>{@link #close(int, String)}: a valid code ({@link CloseCodes#isValid}) and a reason of at most 123 UTF-8
 *       bytes; after a Close frame no data frame may follow (RFC 6455 §5.5.1).</li>
 * </ul>
 * Misuse (an invalid close code, an oversized control payload, a new message while a fragmented one is open, data
 * after close) raises {@link IllegalArgumentException} or {@link IllegalStateException}; nothing is encoded then.
 *
 * <p><b>Threading.</b> One instance per connection, used by one thread at a time; not thread-safe. Frames must be
 * written in the order they were encoded (the compressor's state and the open fragmented message depend on it). An
 * encoder with permessage-deflate holds a native zlib deflater: call {@link #release()} when the connection ends.
 */
public final class FrameEncoder {
    private static final SecureRandom KEYS = new SecureRandom();
    private static final int NO_MESSAGE = -1;

    private final boolean masking;
    private final IntSupplier maskKeys;
    private final MessageDeflater deflater; // null without permessage-deflate
    private int openMessage = NO_MESSAGE;
    private boolean closeSent;

    /**
     * An encoder for the given end of the connection.
     *
     * @param role     the end this encoder works for: {@link Role#CLIENT} masks its frames
     * @param deflate  the agreed permessage-deflate parameters, or {@code null} to send uncompressed
     * @param maskKeys where a client's masking keys come from, one call per frame; RFC 6455 §5.3 wants them
     *                 unpredictable, so use a strong random source outside tests. Ignored (may be null) for a server.
     */
    public FrameEncoder(Role role, PerMessageDeflate deflate, IntSupplier maskKeys) {
        if (role == null) {
            throw new NullPointerException("role is required");
        }
        if (role == Role.CLIENT && maskKeys == null) {
            throw new NullPointerException("a client encoder needs a source of masking keys");
        }
        this.masking = role == Role.CLIENT;
        this.maskKeys = maskKeys;
        this.deflater = deflate == null ? null : new MessageDeflater(deflate.noContextTakeover(role));
    }

    /** A server's encoder: unmasked frames, compressed when {@code deflate} is not null. */
    public static FrameEncoder server(PerMessageDeflate deflate) {
        return new FrameEncoder(Role.SERVER, deflate, null);
    }

    /** A client's encoder: frames masked with keys from a shared {@link SecureRandom}, compressed when {@code deflate} is not null. */
    public static FrameEncoder client(PerMessageDeflate deflate) {
        return new FrameEncoder(Role.CLIENT, deflate, KEYS::nextInt);
    }

    /**
     * A text message in one frame. The text is encoded as UTF-8; an unpaired surrogate becomes {@code '?'}, so the
     * frame always holds valid UTF-8.
     */
    public ByteBuffer text(CharSequence text) {
        return text(text, Integer.MAX_VALUE);
    }

    /** A text message in frames of at most {@code maxFramePayload} bytes each (after compression). */
    public ByteBuffer text(CharSequence text, int maxFramePayload) {
        return message(Opcode.TEXT, ByteBuffer.wrap(text.toString().getBytes(UTF_8)), maxFramePayload);
    }

    /** A binary message in one frame. */
    public ByteBuffer binary(ByteBuffer data) {
        return binary(data, Integer.MAX_VALUE);
    }

    /** A binary message in frames of at most {@code maxFramePayload} bytes each (after compression). */
    public ByteBuffer binary(ByteBuffer data, int maxFramePayload) {
        return message(Opcode.BINARY, data, maxFramePayload);
    }

    /**
     * One frame of a message given piece by piece. The first call opens a message of {@code type} ({@link Opcode#TEXT}
     * or {@link Opcode#BINARY}); later calls must pass the same type and become continuation frames; the call with
     * {@code last} ends the message. For text, the pieces together must be valid UTF-8 (a code point may straddle
     * two pieces). With permessage-deflate each piece is compressed and flushed at once.
     */
    public ByteBuffer fragment(Opcode type, ByteBuffer part, boolean last) {
        checkData();
        if (type != Opcode.TEXT && type != Opcode.BINARY) {
            throw new IllegalArgumentException("a message is TEXT or BINARY, not " + type);
        }
        boolean first = openMessage == NO_MESSAGE;
        if (!first && openMessage != type.code()) {
            throw new IllegalArgumentException("the open message is " + Opcode.of(openMessage) + ", not " + type);
        }
        ByteBuffer payload = deflater == null ? part.duplicate() : deflater.compress(part, last);
        int b0 = (last ? 0x80 : 0) | (first ? type.code() | (deflater != null ? 0x40 : 0) : 0);
        int len = payload.remaining();
        ByteBuffer out = ByteBuffer.allocate(headerSize(len) + len);
        frame(out, b0, payload, len);
        openMessage = last ? NO_MESSAGE : type.code();
        return out.flip();
    }

    /** A ping frame; the peer answers with a pong carrying the same data. */
    public ByteBuffer ping(ByteBuffer data) {
        return control(Opcode.PING, data);
    }

    /** A pong frame: the answer to a ping (same data), or an unsolicited heartbeat. */
    public ByteBuffer pong(ByteBuffer data) {
        return control(Opcode.PONG, data);
    }

    /**
     * A Close frame with a status code and a reason.
     *
     * @throws IllegalArgumentException when {@code code} may not be sent (see {@link CloseCodes#isValid}) or the
     *                                  reason is over 123 bytes in UTF-8
     * @throws IllegalStateException    when a Close frame was already encoded
     */
    public ByteBuffer close(int code, String reason) {
        if (!CloseCodes.isValid(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent: use 1000-1003, 1007-1014 or 3000-4999");
        }
        byte[] r = reason == null ? new byte[0] : reason.getBytes(UTF_8);
        if (r.length > 123) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes in UTF-8, got " + r.length);
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).flip();
        return closeFrame(payload);
    }

    /** A Close frame without a status code (the peer reports 1005). */
    public ByteBuffer close() {
        return closeFrame(ByteBuffer.allocate(0));
    }

    /** Whether a Close frame was encoded. */
    public boolean closeSent() {
        return closeSent;
    }

    /** Frees the native zlib memory of permessage-deflate now. The encoder must not be used after. */
    public void release() {
        if (deflater != null) {
            deflater.release();
        }
        closeSent = true;
    }

    // ---------------------------------------------------------------- frames

    private ByteBuffer message(Opcode type, ByteBuffer data, int maxFramePayload) {
        checkData();
        if (openMessage != NO_MESSAGE) {
            throw new IllegalStateException("a fragmented " + Opcode.of(openMessage) + " message is open: end it with fragment(..., true)");
        }
        if (maxFramePayload < 1) {
            throw new IllegalArgumentException("maxFramePayload must be positive, got " + maxFramePayload);
        }
        ByteBuffer payload = deflater == null ? data.duplicate() : deflater.compress(data, true);
        int total = payload.remaining();
        int frames = Math.max(1, (int) ((total + (long) maxFramePayload - 1) / maxFramePayload));
        long size = total;
        for (int i = 0; i < frames; i++) {
            size += headerSize(Math.min(maxFramePayload, total - i * maxFramePayload));
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("message too large for one buffer: " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        for (int i = 0; i < frames; i++) {
            int len = Math.min(maxFramePayload, payload.remaining());
            boolean first = i == 0;
            boolean last = i == frames - 1;
            int b0 = (last ? 0x80 : 0) | (first ? type.code() | (deflater != null ? 0x40 : 0) : 0);
            frame(out, b0, payload, len);
        }
        return out.flip();
    }

    private ByteBuffer control(Opcode type, ByteBuffer data) {
        int len = data.remaining();
        if (len > 125) {
            throw new IllegalArgumentException(type + " payload is at most 125 bytes, got " + len);
        }
        ByteBuffer out = ByteBuffer.allocate(headerSize(len) + len);
        frame(out, 0x80 | type.code(), data.duplicate(), len);
        return out.flip();
    }

    private ByteBuffer closeFrame(ByteBuffer payload) {
        if (closeSent) {
            throw new IllegalStateException("a Close frame was already sent");
        }
        ByteBuffer out = control(Opcode.CLOSE, payload);
        closeSent = true;
        return out;
    }

    private void checkData() {
        if (closeSent) {
            throw new IllegalStateException("a Close frame was sent: no data frame may follow (RFC 6455 §5.5.1)");
        }
    }

    private int headerSize(int len) {
        return 2 + (len < 126 ? 0 : len < 65536 ? 2 : 8) + (masking ? 4 : 0);
    }

    /** Writes one frame with {@code len} bytes taken from {@code src} (whose position advances). */
    private void frame(ByteBuffer out, int b0, ByteBuffer src, int len) {
        int maskBit = masking ? 0x80 : 0;
        out.put((byte) b0);
        if (len < 126) {
            out.put((byte) (maskBit | len));
        } else if (len < 65536) {
            out.put((byte) (maskBit | 126)).putShort((short) len);
        } else {
            out.put((byte) (maskBit | 127)).putLong(len);
        }
        int key = 0;
        if (masking) {
            key = maskKeys.getAsInt();
            out.putInt(key);
        }
        int start = out.position();
        out.put(src.slice(src.position(), len));
        src.position(src.position() + len);
        if (masking) {
            Masking.mask(out.array(), start, out.array(), start, len, key, 0);
        }
    }
}
