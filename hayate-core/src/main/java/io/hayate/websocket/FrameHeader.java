package io.hayate.websocket;

import java.nio.ByteBuffer;

/**
 * The header of the frame being received (RFC 6455 §5.2), collected across reads into a 14-byte array so the caller
 * never has to keep a partial header in its buffer, and checked at the earliest byte that decides each rule: opcode,
 * reserved bits, mask bit, control-frame and fragmentation rules on the first two bytes; the length encoding and the
 * size limits as soon as the length is complete, before the mask key and any payload byte.
 *
 * <p>Part of {@link FrameDecoder}: one instance per decoder, not thread-safe.
 */
final class FrameHeader {
    /** The most payload a control frame may have (RFC 6455 §5.5). */
    static final int MAX_CONTROL = 125;

    private final Role role;
    private final WsLimits limits;
    private final boolean rsv1Allowed;

    private final byte[] bytes = new byte[14];
    private int have;
    private int lengthBytes;
    private boolean lengthChecked;

    // the fields of the last complete header
    boolean fin;
    boolean rsv1;
    int opcode;
    boolean masked;
    int key;
    long length;

    FrameHeader(Role role, WsLimits limits, boolean rsv1Allowed) {
        this.role = role;
        this.limits = limits;
        this.rsv1Allowed = rsv1Allowed;
    }

    /** Whether some bytes of a header were received and the header is not complete. */
    boolean inProgress() {
        return have > 0;
    }

    /**
     * Takes header bytes from {@code in}; returns true when the header is complete (its fields are then set and the
     * next call starts a new header), false when all of {@code in} was consumed without completing it.
     *
     * @param messageOpen whether a fragmented message is open
     * @param messageWire the payload bytes of the open message so far
     */
    boolean read(ByteBuffer in, boolean messageOpen, long messageWire) {
        if (have < 2) {
            if (!fill(in, 2)) {
                return false;
            }
            firstTwoBytes(messageOpen);
        }
        if (!fill(in, 2 + lengthBytes)) {
            return false;
        }
        if (!lengthChecked) {
            length(messageWire);
            lengthChecked = true;
        }
        if (!fill(in, 2 + lengthBytes + (masked ? 4 : 0))) {
            return false;
        }
        if (masked) {
            int k = 2 + lengthBytes;
            key = (bytes[k] & 0xff) << 24 | (bytes[k + 1] & 0xff) << 16 | (bytes[k + 2] & 0xff) << 8 | (bytes[k + 3] & 0xff);
        }
        have = 0;
        lengthChecked = false;
        return true;
    }

    /** Copies bytes until at least {@code want} are there; returns whether they are. */
    private boolean fill(ByteBuffer in, int want) {
        int n = Math.min(want - have, in.remaining());
        if (n > 0) {
            in.get(bytes, have, n);
            have += n;
        }
        return have >= want;
    }

    private void firstTwoBytes(boolean messageOpen) {
        int b0 = bytes[0] & 0xff;
        int b1 = bytes[1] & 0xff;
        fin = (b0 & 0x80) != 0;
        rsv1 = (b0 & 0x40) != 0;
        opcode = b0 & 0x0f;
        masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7f;
        lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        Opcode op = Opcode.of(opcode);
        if (op == null) {
            throw new WebSocketException(WsViolation.UNKNOWN_OPCODE, "0x" + Integer.toHexString(opcode));
        }
        if ((b0 & 0x30) != 0) {
            throw new WebSocketException(WsViolation.RESERVED_BITS, (b0 & 0x20) != 0 ? "RSV2" : "RSV3");
        }
        if (rsv1 && (!rsv1Allowed || op == Opcode.CONTINUATION || op.isControl())) {
            throw new WebSocketException(WsViolation.RESERVED_BITS, !rsv1Allowed ? "RSV1 without permessage-deflate"
                    : "RSV1 on a " + op.name().toLowerCase() + " frame");
        }
        if (role == Role.SERVER && !masked) {
            throw new WebSocketException(WsViolation.UNMASKED_CLIENT_FRAME, null);
        }
        if (role == Role.CLIENT && masked) {
            throw new WebSocketException(WsViolation.MASKED_SERVER_FRAME, null);
        }
        if (op.isControl()) {
            if (!fin) {
                throw new WebSocketException(WsViolation.FRAGMENTED_CONTROL_FRAME, op.name());
            }
            if (len7 > MAX_CONTROL) {
                throw new WebSocketException(WsViolation.CONTROL_FRAME_TOO_LONG, op.name());
            }
        } else if (op == Opcode.CONTINUATION) {
            if (!messageOpen) {
                throw new WebSocketException(WsViolation.CONTINUATION_WITHOUT_MESSAGE, null);
            }
        } else if (messageOpen) {
            throw new WebSocketException(WsViolation.EXPECTED_CONTINUATION, op.name());
        }
    }

    private void length(long messageWire) {
        long len;
        if (lengthBytes == 0) {
            len = bytes[1] & 0x7f;
        } else if (lengthBytes == 2) {
            len = (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
            if (len < 126) {
                throw new WebSocketException(WsViolation.NON_MINIMAL_LENGTH, len + " in 16 bits");
            }
        } else {
            if (bytes[2] < 0) {
                throw new WebSocketException(WsViolation.LENGTH_OUT_OF_RANGE, null);
            }
            len = 0;
            for (int i = 2; i < 10; i++) {
                len = len << 8 | (bytes[i] & 0xff);
            }
            if (len < 65536) {
                throw new WebSocketException(WsViolation.NON_MINIMAL_LENGTH, len + " in 64 bits");
            }
        }
        if (opcode < 0x8) {
            if (len > limits.maxFramePayload()) {
                throw new WebSocketException(WsViolation.FRAME_TOO_LARGE, len + " bytes, limit " + limits.maxFramePayload());
            }
            long total = (opcode == 0 ? messageWire : 0) + len;
            if (total > limits.maxMessageSize()) {
                throw new WebSocketException(WsViolation.MESSAGE_TOO_LARGE, total + " bytes, limit " + limits.maxMessageSize());
            }
        }
        length = len;
    }
}
