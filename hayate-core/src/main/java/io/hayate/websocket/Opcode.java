package io.hayate.websocket;

/** The frame opcodes RFC 6455 §5.2 defines; every other value is reserved and fails the connection with 1002. */
public enum Opcode {
    CONTINUATION(0x0),
    TEXT(0x1),
    BINARY(0x2),
    CLOSE(0x8),
    PING(0x9),
    PONG(0xA);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** The 4-bit value on the wire. */
    public int code() {
        return code;
    }

    /** Close, ping and pong: at most 125 bytes of payload, never fragmented (RFC 6455 §5.5). */
    public boolean isControl() {
        return code >= 0x8;
    }

    /** The opcode with this wire value, or {@code null} for a reserved one. */
    public static Opcode of(int code) {
        return switch (code) {
            case 0x0 -> CONTINUATION;
            case 0x1 -> TEXT;
            case 0x2 -> BINARY;
            case 0x8 -> CLOSE;
            case 0x9 -> PING;
            case 0xA -> PONG;
            default -> null;
        };
    }
}
