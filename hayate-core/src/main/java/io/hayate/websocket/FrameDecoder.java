package io.hayate.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;

/**
 * A strict, incremental decoder of RFC 6455 frames into messages: a state machine over {@link ByteBuffer}s, with no
 * sockets and no threads. It unmasks, reassembles fragmented messages (control frames may come between the
 * fragments), inflates permessage-deflate messages, and validates text as UTF-8 as the bytes arrive.
 *
 * <p>Feed it bytes with {@link #decode}; each call consumes what it can and returns one {@link Event}:
 * <ul>
 *   <li>{@link Event#NEED_MORE}: every byte of the input was consumed (a partial frame header is kept inside the
 *       decoder), so the caller may clear its buffer and read more.</li>
 *   <li>{@link Event#TEXT}, {@link Event#BINARY}: a whole message; {@link #payload()} has its bytes, and for text
 *       {@link #text()} decodes them.</li>
 *   <li>{@link Event#PING}, {@link Event#PONG}: a control frame; {@link #payload()} has its application data. The
 *       caller answers a ping with a pong carrying the same payload (RFC 6455 §5.5.2).</li>
 *   <li>{@link Event#CLOSE}: a Close frame; {@link #closeCode()} and {@link #closeReason()} say why. The caller
 *       answers with a Close frame if it has not sent one (RFC 6455 §5.5.1). After this the decoder skips all input.</li>
 * </ul>
 * After an event other than {@code NEED_MORE}, the input's position is just past the frame that completed it; call
 * again with the same buffer for the frames behind it. What {@link #payload()} returns is valid until the next call.
 *
 * <p>A connection's read path, in outline:
 * {@snippet :
 * try {
 *     for (FrameDecoder.Event e; (e = decoder.decode(in)) != FrameDecoder.Event.NEED_MORE; ) {
 *         switch (e) {
 *             case TEXT -> listener.onText(decoder.text());
 *             case BINARY -> listener.onBinary(decoder.payload());
 *             case PING -> write(encoder.pong(decoder.payload()));
 *             case PONG -> { }
 *             case CLOSE -> { // echo it, unless this end closed first
 *                 if (!encoder.closeSent()) {
 *                     int code = decoder.closeCode();
 *                     write(code == CloseCodes.NO_STATUS ? encoder.close() : encoder.close(code, ""));
 *                 }
 *             }
 *         }
 *     }
 *     in.clear(); // NEED_MORE: everything was consumed
 * } catch (WebSocketException e) {
 *     write(encoder.close(e.closeCode(), e.violation().description())); // then close the connection
 * }
 * }
 *
 * <p>Frames that break RFC 6455, RFC 7692 or a limit raise {@link WebSocketException}, whose {@link WsViolation}
 * names the close code to fail the connection with (1002 protocol error, 1007 invalid data, 1009 too big). Every
 * check is made at the earliest byte that decides it: the opcode, reserved bits, mask bit, control frame rules and
 * fragmentation rules on the first two header bytes; length encoding and limits when the length is complete, before
 * a payload byte is buffered; UTF-8 at the first bad byte, across fragments; inflated size before the output passes
 * the limit. Compressed payload is inflated in fixed 4 KiB pieces of the message (and its last piece at its end), so
 * a fault in it is found up to a piece later, the same wherever the input was cut. So the events, the violation and
 * the close code never depend on how the bytes were split into calls. After a failure the decoder is spent.
 *
 * <table>
 *   <caption>Limits ({@link WsLimits})</caption>
 *   <tr><th>limit</th><th>default</th><th>close code</th></tr>
 *   <tr><td>data frame payload ({@code maxFramePayload})</td><td>1 MiB</td><td>1009</td></tr>
 *   <tr><td>message payload, and inflated size ({@code maxMessageSize})</td><td>4 MiB</td><td>1009</td></tr>
 *   <tr><td>control frame payload (RFC 6455 §5.5)</td><td>125 bytes</td><td>1002</td></tr>
 * </table>
 *
 * <p><b>Threading.</b> One instance per connection, used by one thread at a time (the connection's loop or its
 * reader); not thread-safe. The input must be array-backed. A decoder with permessage-deflate holds a native zlib
 * inflater: call {@link #release()} when the connection ends to free it without waiting for the collector.
 */
public final class FrameDecoder {

    /** What one call to {@link #decode} produced. */
    public enum Event { NEED_MORE, TEXT, BINARY, PING, PONG, CLOSE }

    private enum State { HEADER, PAYLOAD, CLOSED, FAILED }

    private static final int NO_MESSAGE = -1;
    private static final int MAX_CONTROL = FrameHeader.MAX_CONTROL;
    private static final byte[] NO_CONTROL = new byte[0];

    private final WsLimits limits;
    private final MessageInflater inflater; // null without permessage-deflate

    private final Role role;
    // made by the first frame (header), the first message (message) and the first text message (utf8): an idle
    // connection's decoder is these few fields
    private FrameHeader header;

    private State state = State.HEADER;
    // the current frame: its header's fields, and how much of its payload was read
    private boolean fin;
    private int opcode;
    private boolean masked;
    private int key;
    private long frameLength;
    private long framePos;
    // the message being reassembled
    private int messageOpcode = NO_MESSAGE;
    private boolean compressed;
    private long messageWire;
    private MessageBuffer message;
    private Utf8Validator utf8;
    // the current or last control frame
    private byte[] control = NO_CONTROL; // made by the first control frame with a payload: most connections see none
    private int controlLen;
    // the last event
    private Event last = Event.NEED_MORE;
    private int closeCode;
    private String closeReason;

    /**
     * A decoder for the given end of the connection.
     *
     * @param role    the end this decoder works for: {@link Role#SERVER} decodes what a client sent (masked)
     * @param limits  size limits
     * @param deflate the agreed permessage-deflate parameters, or {@code null} when it was not negotiated (then RSV1
     *                is a protocol error like RSV2 and RSV3)
     */
    public FrameDecoder(Role role, WsLimits limits, PerMessageDeflate deflate) {
        if (role == null || limits == null) {
            throw new NullPointerException("role and limits are required");
        }
        this.limits = limits;
        this.inflater = deflate == null ? null : new MessageInflater(deflate.noContextTakeover(role.peer()));
        this.role = role;
    }

    /** A decoder with default limits and no extension. */
    public FrameDecoder(Role role) {
        this(role, WsLimits.DEFAULTS, null);
    }

    /**
     * Consumes bytes from {@code in} (from its position to its limit) and reports what happened.
     *
     * @throws WebSocketException when the bytes break the protocol or a limit
     * @throws IllegalStateException when called after a failure
     */
    public Event decode(ByteBuffer in) {
        if (!in.hasArray()) {
            throw new IllegalArgumentException("the decoder reads array-backed buffers only");
        }
        if (state == State.FAILED) {
            throw new IllegalStateException("the decoder failed or was released; the connection must be closed");
        }
        last = Event.NEED_MORE;
        try {
            for (;;) {
                switch (state) {
                    case HEADER:
                        if (!readHeader(in)) {
                            return Event.NEED_MORE;
                        }
                        break;
                    case PAYLOAD:
                        if (framePos < frameLength) {
                            if (!in.hasRemaining()) {
                                return Event.NEED_MORE;
                            }
                            readPayload(in);
                        }
                        if (framePos == frameLength) {
                            Event e = endFrame();
                            if (e != null) {
                                return last = e;
                            }
                        }
                        break;
                    default: // CLOSED: nothing may follow a Close frame (RFC 6455 §5.5.1)
                        in.position(in.limit());
                        return Event.NEED_MORE;
                }
            }
        } catch (WebSocketException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * The payload of the last event: the message of {@link Event#TEXT} or {@link Event#BINARY}, the application
     * data of {@link Event#PING} or {@link Event#PONG}, the whole payload of {@link Event#CLOSE}. A read-only view of
     * the decoder's buffer, valid until the next call to {@link #decode}; empty after {@link Event#NEED_MORE}.
     */
    public ByteBuffer payload() {
        return switch (last) {
            case TEXT, BINARY -> message.view();
            case PING, PONG, CLOSE -> ByteBuffer.wrap(control, 0, controlLen).slice().asReadOnlyBuffer();
            default -> ByteBuffer.allocate(0).asReadOnlyBuffer();
        };
    }

    /** The message of the last {@link Event#TEXT}, decoded (it is known to be valid UTF-8). */
    public String text() {
        if (last != Event.TEXT) {
            throw new IllegalStateException("the last event was " + last + ", not TEXT");
        }
        return new String(message.array, 0, message.size, UTF_8);
    }

    /**
     * The status code of the last {@link Event#CLOSE}: a code {@link CloseCodes#isValid} accepts, or
     * {@link CloseCodes#NO_STATUS} (1005) when the frame had no payload.
     */
    public int closeCode() {
        if (last != Event.CLOSE) {
            throw new IllegalStateException("the last event was " + last + ", not CLOSE");
        }
        return closeCode;
    }

    /** The reason of the last {@link Event#CLOSE}, empty when there was none. */
    public String closeReason() {
        if (last != Event.CLOSE) {
            throw new IllegalStateException("the last event was " + last + ", not CLOSE");
        }
        return closeReason;
    }

    /** Whether part of a frame or of a fragmented message has been received and not yet completed. */
    public boolean inMessage() {
        return (state == State.HEADER && header != null && header.inProgress()) || state == State.PAYLOAD
                || messageOpcode != NO_MESSAGE;
    }

    /** Whether a Close frame was received: the decoder skips everything after it. */
    public boolean closeReceived() {
        return state == State.CLOSED;
    }

    /** Frees the native zlib memory of permessage-deflate now. The decoder must not be used after. */
    public void release() {
        if (inflater != null) {
            inflater.release();
        }
        state = State.FAILED;
    }

    /** The capacity of the message buffer, for tests that check nothing was allocated past a limit. */
    int bufferCapacity() {
        return message == null ? 0 : message.capacity();
    }

    // ---------------------------------------------------------------- frames

    private boolean readHeader(ByteBuffer in) {
        if (header == null) {
            header = new FrameHeader(role, limits, inflater != null);
        }
        if (!header.read(in, messageOpcode != NO_MESSAGE, messageWire)) {
            return false;
        }
        startFrame();
        return true;
    }

    private void startFrame() {
        fin = header.fin;
        opcode = header.opcode;
        masked = header.masked;
        key = header.key;
        frameLength = header.length;
        framePos = 0;
        state = State.PAYLOAD;
        if (opcode >= 0x8) {
            controlLen = 0;
        } else if (opcode != 0) { // the first frame of a message
            messageOpcode = opcode;
            compressed = header.rsv1;
            messageWire = 0;
            if (message == null) {
                message = new MessageBuffer();
            } else {
                message.clear();
            }
            if (opcode == 0x1) {
                if (utf8 == null) {
                    utf8 = new Utf8Validator();
                } else {
                    utf8.reset();
                }
            }
        }
    }

    // ---------------------------------------------------------------- payload

    private void readPayload(ByteBuffer in) {
        int n = (int) Math.min(frameLength - framePos, in.remaining());
        byte[] a = in.array();
        int p = in.arrayOffset() + in.position();
        if (opcode >= 0x8) {
            if (control == NO_CONTROL) {
                control = new byte[MAX_CONTROL];
            }
            copy(a, p, control, controlLen, n);
            controlLen += n;
        } else if (compressed) {
            inflater.inflate(a, p, n, masked, key, framePos, message, limits.maxMessageSize(),
                    messageOpcode == 0x1 ? utf8 : null);
        } else {
            int from = message.size;
            message.ensure(from + n, (int) (from + frameLength - framePos));
            copy(a, p, message.array, from, n);
            message.size = from + n;
            if (messageOpcode == 0x1 && !utf8.feed(message.array, from, n)) {
                throw new WebSocketException(WsViolation.INVALID_UTF8, null);
            }
        }
        in.position(in.position() + n);
        framePos += n;
        if (opcode < 0x8) {
            messageWire += n;
        }
    }

    private void copy(byte[] src, int sp, byte[] dst, int dp, int n) {
        if (masked) {
            Masking.mask(src, sp, dst, dp, n, key, framePos);
        } else {
            System.arraycopy(src, sp, dst, dp, n);
        }
    }

    /** The frame's payload is complete; returns the event it finished, or null when the message goes on. */
    private Event endFrame() {
        state = State.HEADER;
        switch (opcode) {
            case 0x9:
                return Event.PING;
            case 0xA:
                return Event.PONG;
            case 0x8:
                close();
                state = State.CLOSED;
                messageOpcode = NO_MESSAGE; // a message left open is abandoned
                return Event.CLOSE;
            default:
                break;
        }
        if (!fin) {
            return null;
        }
        if (compressed && messageWire > 0) { // an empty payload is an empty message, not a DEFLATE stream
            inflater.finish(message, limits.maxMessageSize(), messageOpcode == 0x1 ? utf8 : null);
        }
        boolean text = messageOpcode == 0x1;
        messageOpcode = NO_MESSAGE;
        if (text && !utf8.isComplete()) {
            throw new WebSocketException(WsViolation.INVALID_UTF8, "truncated sequence at the end of the message");
        }
        return text ? Event.TEXT : Event.BINARY;
    }

    private void close() {
        if (controlLen == 0) {
            closeCode = CloseCodes.NO_STATUS;
            closeReason = "";
            return;
        }
        if (controlLen == 1) {
            throw new WebSocketException(WsViolation.INVALID_CLOSE_PAYLOAD, null);
        }
        int code = (control[0] & 0xff) << 8 | (control[1] & 0xff);
        if (!CloseCodes.isValid(code)) {
            throw new WebSocketException(WsViolation.INVALID_CLOSE_CODE, Integer.toString(code));
        }
        if (!Utf8Validator.isValid(control, 2, controlLen - 2)) {
            throw new WebSocketException(WsViolation.INVALID_CLOSE_REASON, null);
        }
        closeCode = code;
        closeReason = new String(control, 2, controlLen - 2, UTF_8);
    }
}
