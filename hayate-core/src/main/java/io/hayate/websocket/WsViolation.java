package io.hayate.websocket;

/**
 * Every way received frames can break RFC 6455 (or RFC 7692, or a limit), with the close code the connection is
 * failed with. This is the one table that maps a WebSocket protocol error to a close code; {@link FrameDecoder}
 * raises each as a {@link WebSocketException}.
 *
 * <p>Failing the connection (RFC 6455 §7.1.7) means: send a Close frame with {@link #closeCode()} if the connection
 * is still writable, then close it. None of these is tolerable: a peer that frames one message wrongly cannot be
 * trusted to frame the next.
 */
public enum WsViolation {
    /** A server received a frame without the mask bit: clients MUST mask every frame (RFC 6455 §5.1). */
    UNMASKED_CLIENT_FRAME(CloseCodes.PROTOCOL_ERROR, "6455 §5.1", "client frame not masked"),
    /** A client received a frame with the mask bit: servers MUST NOT mask (RFC 6455 §5.1). */
    MASKED_SERVER_FRAME(CloseCodes.PROTOCOL_ERROR, "6455 §5.1", "server frame masked"),
    /**
     * RSV2 or RSV3 set, or RSV1 set without permessage-deflate, or RSV1 on a continuation or control frame (RFC 6455
     * §5.2; RFC 7692 §6: RSV1 marks only the first frame of a compressed message).
     */
    RESERVED_BITS(CloseCodes.PROTOCOL_ERROR, "6455 §5.2", "reserved bits set without a negotiated extension"),
    /** An opcode RFC 6455 reserves: 0x3–0x7 or 0xB–0xF (RFC 6455 §5.2). */
    UNKNOWN_OPCODE(CloseCodes.PROTOCOL_ERROR, "6455 §5.2", "reserved opcode"),
    /** A ping, pong or close frame with more than 125 payload bytes (RFC 6455 §5.5). */
    CONTROL_FRAME_TOO_LONG(CloseCodes.PROTOCOL_ERROR, "6455 §5.5", "control frame payload over 125 bytes"),
    /** A ping, pong or close frame without FIN (RFC 6455 §5.5: control frames are never fragmented). */
    FRAGMENTED_CONTROL_FRAME(CloseCodes.PROTOCOL_ERROR, "6455 §5.5", "fragmented control frame"),
    /** A continuation frame while no fragmented message is open (RFC 6455 §5.4). */
    CONTINUATION_WITHOUT_MESSAGE(CloseCodes.PROTOCOL_ERROR, "6455 §5.4", "continuation frame without a message"),
    /** A text or binary frame while a fragmented message is still open (RFC 6455 §5.4). */
    EXPECTED_CONTINUATION(CloseCodes.PROTOCOL_ERROR, "6455 §5.4", "new data frame inside a fragmented message"),
    /** A length in the 16- or 64-bit form that the shorter form could hold (RFC 6455 §5.2: the minimal form MUST be used). */
    NON_MINIMAL_LENGTH(CloseCodes.PROTOCOL_ERROR, "6455 §5.2", "payload length not minimally encoded"),
    /** A 64-bit payload length with its most significant bit set (RFC 6455 §5.2). */
    LENGTH_OUT_OF_RANGE(CloseCodes.PROTOCOL_ERROR, "6455 §5.2", "64-bit payload length with the top bit set"),
    /** A close frame with exactly one payload byte: half a status code (RFC 6455 §5.5.1). */
    INVALID_CLOSE_PAYLOAD(CloseCodes.PROTOCOL_ERROR, "6455 §5.5.1", "close frame payload of one byte"),
    /** A close status code that may not be sent: see {@link CloseCodes#isValid} (RFC 6455 §7.4). */
    INVALID_CLOSE_CODE(CloseCodes.PROTOCOL_ERROR, "6455 §7.4", "invalid close status code"),
    /** A text message that is not UTF-8, detected at the first byte that cannot continue valid UTF-8 (RFC 6455 §8.1). */
    INVALID_UTF8(CloseCodes.INVALID_PAYLOAD, "6455 §8.1", "text message not valid UTF-8"),
    /** A close reason that is not UTF-8 (RFC 6455 §5.5.1). */
    INVALID_CLOSE_REASON(CloseCodes.INVALID_PAYLOAD, "6455 §5.5.1", "close reason not valid UTF-8"),
    /** A compressed message that does not inflate: corrupt DEFLATE data (RFC 7692 §7.2.2). */
    INVALID_COMPRESSED_DATA(CloseCodes.INVALID_PAYLOAD, "7692 §7.2.2", "compressed message does not inflate"),
    /** A data frame whose declared payload length exceeds {@link WsLimits#maxFramePayload()}. */
    FRAME_TOO_LARGE(CloseCodes.MESSAGE_TOO_BIG, "6455 §7.4.1", "frame over the size limit"),
    /**
     * A message whose payload, or inflated payload, exceeds {@link WsLimits#maxMessageSize()}; judged from each frame's
     * declared length before its bytes are buffered, and while inflating before the output passes the limit.
     */
    MESSAGE_TOO_LARGE(CloseCodes.MESSAGE_TOO_BIG, "6455 §7.4.1", "message over the size limit");

    private final int closeCode;
    private final String rfc;
    private final String description;

    WsViolation(int closeCode, String rfc, String description) {
        this.closeCode = closeCode;
        this.rfc = rfc;
        this.description = description;
    }

    /** The status code of the Close frame that fails the connection: 1002, 1007 or 1009. */
    public int closeCode() {
        return closeCode;
    }

    /** The RFC section that is broken, e.g. {@code "6455 §5.2"}. */
    public String rfc() {
        return rfc;
    }

    /** A short text for logs and for the reason of the Close frame (always under 123 bytes of ASCII). */
    public String description() {
        return description;
    }
}
